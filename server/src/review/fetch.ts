/**
 * A published report online: the page fetched (a timeout per request, a size limit, redirects bounded, http(s)
 * only), imported; when the page does not hold the report itself (an announcement with the report attached), its
 * linked PDF/Word attachments (文件下载, 附件) are fetched and imported in turn, and the first that holds a report is
 * taken. Used by `xxgk-report import URL`, by `review` for a file listing URLs, and by the VS Code command.
 */
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes as T } from 'parse5';
import { Analyzer } from '../core/index.js';
import { importReport, ImportError, type ImportResult } from '../import/index.js';
import { seconds } from '../import/worker.js';

export interface FetchLimits {
  /** Per request, ms. */
  timeoutMs: number;
  /** Largest body, bytes. */
  maxBytes: number;
  /** Redirects followed per request. */
  maxRedirects: number;
  /** Attachments tried after the page. */
  maxAttachments: number;
}

export const FETCH_LIMITS: FetchLimits = {
  timeoutMs: Number(process.env.XXGK_FETCH_TIMEOUT_MS) || 30_000,
  maxBytes: Number(process.env.XXGK_FETCH_MAX_BYTES) || 20 * 1024 * 1024,
  maxRedirects: 5,
  maxAttachments: 5,
};

/** A URL that could not be fetched or held no report; `message` is one line for the user in English, `zh` in Chinese. */
export class FetchError extends Error {
  readonly zh: string;
  constructor(message: string, zh?: string) {
    super(message);
    this.name = 'FetchError';
    this.zh = zh ?? message;
  }

  text(locale: 'zh-CN' | 'en'): string {
    return locale === 'en' ? this.message : this.zh;
  }
}

/** An error's one line for the user in a language: import's and fetch's own Chinese line, else the message. */
export function errorText(e: unknown, locale: 'zh-CN' | 'en'): string {
  if (e instanceof FetchError || e instanceof ImportError) return e.text(locale);
  return e instanceof Error ? e.message : String(e);
}

export { isUrl } from './usage.js';

export interface Fetched {
  /** The URL after redirects. */
  url: string;
  /** A file name for the import: the URL's last segment, or one from the response's type. */
  name: string;
  data: Uint8Array;
  contentType: string;
}

const EXT_BY_TYPE: [RegExp, string][] = [
  [/pdf/i, '.pdf'],
  [/officedocument\.wordprocessingml/i, '.docx'],
  [/msword/i, '.doc'],
  [/html/i, '.html'],
  [/text\/plain/i, '.txt'],
];

function fileName(url: URL, contentType: string, disposition: string | null): string {
  const fromDisposition = disposition && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  let base = '';
  try {
    base = decodeURIComponent(fromDisposition || url.pathname.split('/').pop() || '');
  } catch {
    base = fromDisposition || url.pathname.split('/').pop() || '';
  }
  base = base.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '').trim();
  const typed = EXT_BY_TYPE.find(([re]) => re.test(contentType))?.[1];
  if (!/\.[a-z0-9]{2,5}$/i.test(base)) base = `${base || url.hostname}${typed ?? '.html'}`;
  else if (typed === '.html' && !/\.s?html?$/i.test(base)) base = `${base}.html`; // page.jsp, article.php: a web page
  return base;
}

/** One GET with the limits: redirects followed by hand (counted), the body read up to the size limit. */
export async function fetchBytes(url: string, limits: FetchLimits = FETCH_LIMITS): Promise<Fetched> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new FetchError(`${url}: not a URL`, `${url}：不是网址`);
  }
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new FetchError(`${current.href}: only http and https addresses are fetched`, `${current.href}：只获取 http 和 https 网址`);
    const signal = AbortSignal.timeout(limits.timeoutMs);
    let res: Response;
    try {
      res = await fetch(current, { redirect: 'manual', signal, headers: { accept: 'text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,*/*;q=0.5', 'user-agent': 'xxgk-report' } });
    } catch (e) {
      throw new FetchError(
        `${current.href}: ${timedOut(e) ? `no answer within ${secs(limits.timeoutMs)}` : `cannot be fetched (${causeOf(e)})`}`,
        `${current.href}：${timedOut(e) ? `${secsZh(limits.timeoutMs)}内没有应答` : `无法获取（${causeOf(e)}）`}`,
      );
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel().catch(() => undefined);
      if (hop >= limits.maxRedirects) throw new FetchError(`${url}: more than ${limits.maxRedirects} redirects`, `${url}：重定向超过 ${limits.maxRedirects} 次`);
      current = new URL(res.headers.get('location')!, current);
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchError(`${current.href}: the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`, `${current.href}：服务器返回 ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const declared = Number(res.headers.get('content-length'));
    if (declared > limits.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchError(`${current.href}: larger than ${mb(limits.maxBytes)} (${mb(declared)}); not a report`, `${current.href}：大于 ${mb(limits.maxBytes)}（${mb(declared)}），不是报告`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      const reader = res.body?.getReader();
      while (reader) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > limits.maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new FetchError(`${current.href}: larger than ${mb(limits.maxBytes)}; not a report`, `${current.href}：大于 ${mb(limits.maxBytes)}，不是报告`);
        }
        chunks.push(value);
      }
    } catch (e) {
      if (e instanceof FetchError) throw e;
      throw new FetchError(
        `${current.href}: ${timedOut(e) ? `not received within ${secs(limits.timeoutMs)}` : `broken off (${causeOf(e)})`}`,
        `${current.href}：${timedOut(e) ? `${secsZh(limits.timeoutMs)}内没有收完` : `传输中断（${causeOf(e)}）`}`,
      );
    }
    const data = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      data.set(c, at);
      at += c.length;
    }
    const contentType = res.headers.get('content-type') ?? '';
    return { url: current.href, name: fileName(current, contentType, res.headers.get('content-disposition')), data, contentType };
  }
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const secs = (ms: number) => `${seconds(ms)} s`;
const secsZh = (ms: number) => `${seconds(ms)} 秒`;

function timedOut(e: unknown): boolean {
  const name = (e as Error)?.name;
  return name === 'TimeoutError' || name === 'AbortError' || (e as { cause?: Error })?.cause?.name === 'TimeoutError';
}

function causeOf(e: unknown): string {
  const c = (e as { cause?: { code?: string; message?: string } })?.cause;
  return c?.code ?? c?.message ?? (e as Error)?.message ?? String(e);
}

const ATTACHMENT = /\.(pdf|docx|doc|wps)(?:$|[?#])/i;

/** The page's links to PDF/Word files, report-like ones (年度报告, 年报) first, each once, resolved against the page. */
export function attachmentLinks(html: string, pageUrl: string): string[] {
  const found: { href: string; score: number; order: number }[] = [];
  const walk = (n: T.ParentNode) => {
    for (const c of n.childNodes) {
      if (!('tagName' in c)) continue;
      const el = c as T.Element;
      if (el.tagName === 'a') {
        const href = el.attrs.find((a) => a.name === 'href')?.value?.trim();
        if (href) {
          let abs: URL | undefined;
          try {
            abs = new URL(href, pageUrl);
          } catch {
            abs = undefined;
          }
          const text = textOf(el);
          if (abs && /^https?:$/.test(abs.protocol) && (ATTACHMENT.test(abs.pathname) || /下载|附件/.test(text) && ATTACHMENT.test(text))) {
            const words = `${text} ${decodeSafe(abs.pathname)}`;
            found.push({ href: abs.href.replace(/#.*$/, ''), score: /年度报告|年报|工作报告/.test(words) ? 0 : 1, order: found.length });
          }
        }
      }
      if ((el as T.Element).childNodes) walk(el as unknown as T.ParentNode);
    }
  };
  walk(parse(html) as unknown as T.ParentNode);
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .map((f) => f.href)
    .filter((h) => !seen.has(h) && !!seen.add(h));
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function textOf(n: T.Element): string {
  let s = '';
  const walk = (x: T.ChildNode) => {
    if (x.nodeName === '#text') s += (x as T.TextNode).value;
    else if ('childNodes' in x) for (const c of (x as T.Element).childNodes) walk(c);
  };
  walk(n);
  return s.trim();
}

/** Whether an import holds the report itself: its 表三, or four of the six sections. */
export function holdsReport(text: string, analyzer = new Analyzer()): boolean {
  const r = analyzer.model(text);
  return r.tables.t3 !== null || new Set(r.sections.map((s) => s.no).filter((n) => n !== null)).size >= 4;
}

export interface FetchedReport {
  /** The page's URL (after redirects). */
  url: string;
  /** The attachment the report was read from, when not the page itself. */
  attachment?: string;
  name: string;
  result: ImportResult;
  /** What was tried and why it was passed over (one line each), for the user. */
  tried: string[];
}

/**
 * The report behind a URL: the page, else its attachments in turn. Throws FetchError when the page cannot be
 * fetched, or ImportError/FetchError when neither the page nor an attachment can be read.
 */
export async function fetchReport(url: string, limits: FetchLimits = FETCH_LIMITS, locale: 'zh-CN' | 'en' = 'en'): Promise<FetchedReport> {
  const zh = locale !== 'en';
  const analyzer = new Analyzer();
  const page = await fetchBytes(url, limits);
  const tried: string[] = [];
  let pageResult: ImportResult | undefined;
  let pageError: unknown;
  try {
    pageResult = await importReport({ name: page.name, data: page.data });
    if (holdsReport(pageResult.text, analyzer) || !/\.s?html?$/i.test(page.name)) return { url: page.url, name: page.name, result: pageResult, tried };
    tried.push(zh ? `${page.url}：页面中没有报告的表格或部分` : `${page.url}: the page holds no report's tables or sections`);
  } catch (e) {
    pageError = e;
    tried.push(`${page.url}${zh ? '：' : ': '}${errorText(e, locale)}`);
    if (!/\.s?html?$/i.test(page.name)) throw e;
  }
  const html = new TextDecoder('utf-8').decode(page.data);
  for (const link of attachmentLinks(html, page.url).slice(0, limits.maxAttachments)) {
    try {
      const a = await fetchBytes(link, limits);
      const result = await importReport({ name: a.name, data: a.data });
      if (holdsReport(result.text, analyzer)) return { url: page.url, attachment: a.url, name: a.name, result, tried };
      tried.push(zh ? `${a.url}：其中没有报告的表格或部分` : `${a.url}: no report's tables or sections in it`);
    } catch (e) {
      tried.push(`${link}${zh ? '：' : ': '}${errorText(e, locale)}`);
    }
  }
  // Neither held the report: the page as it is (the checker then says what is missing), or why nothing could be read.
  if (pageResult) return { url: page.url, name: page.name, result: pageResult, tried };
  if (pageError instanceof ImportError) throw pageError;
  throw new FetchError(`${url}: ${tried.join('; ')}`, `${url}：${tried.join('；')}`);
}
