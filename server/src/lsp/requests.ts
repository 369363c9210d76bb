/**
 * The custom requests of the protocol (protocol/index.ts): the preview and the exports of an open report, next
 * year's report and a new one, the imports, the report's meta for the status item, the state of the workspace
 * index, and the internals test hook. Each handler is typed by the protocol's RequestMap, so what it answers is
 * what the client reads.
 */
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { Analyzer, type Finding, type LineIndex, type Locale, firstToFill, newReport, nextYearReport, type NextYear } from '../core/index.js';
import { PREVIEW_BUDGET, cutToBudget, layoutReport, type Layout, type LayoutBlock } from '../render/layout.js';
import { renderBody } from '../render/html.js';
import { exportReport, ExportLimitError, EXPORT_FORMATS } from '../render/export.js';
import { BrowserNotFoundError } from '../render/pdf.js';
import { ERRORS, REQUESTS, type GeneratedReport, type IndexResult, type InternalsResult, type ParamsOf, type RequestMethod, type ResultOf } from '../../../protocol/index.js';
import type { Current } from './analyses.js';
import type { IndexTotals } from './lspWorkspace.js';
import type { IndexEntry } from './workspaceIndex.js';

export type RequestHandler<M extends RequestMethod> = (params: ParamsOf<M>) => Promise<ResultOf<M> | ResponseError>;
export type RequestHandlers = { [M in RequestMethod]?: RequestHandler<M> };

/** What the requests read of the server. */
export interface RequestContext {
  /** The analysis of an open report at its current text. */
  current(uri: string): Promise<Current | null>;
  /** Its findings across years. */
  crossFindings(uri: string, locale: Locale): Promise<Finding[]>;
  /** The language of messages that belong to no document. */
  serverLocale(): Promise<Locale>;
  index: { settled(): Promise<void>; readonly status: IndexTotals; entries(): IndexEntry[] };
  /** Sizes of the server's tables keyed by document URI (the internals test hook). */
  perDocument(): Record<string, number>;
}

/** The paragraph closing a preview cut to its budget: how much is shown, and where to see the rest. */
function previewNotice(cut: { shown: number; total: number }, locale: Locale, lines: LineIndex, full: Layout): LayoutBlock {
  const n = (x: number) => x.toLocaleString('en-US');
  const next = full.blocks[cut.shown - 1];
  const from = next ? lines.position(next.kind === 'signature' ? next.lines[0].source.end : next.source.end).line + 1 : 1;
  const text = locale === 'en'
    ? `The preview shows the first ${n(cut.shown)} of ${n(cut.total)} parts (to line ${n(from)}): the report is past the preview's limit of ${n(PREVIEW_BUDGET.cells)} table cells or ${n(PREVIEW_BUDGET.chars)} characters. Export it to see all of it.`
    : `预览只显示了 ${n(cut.total)} 个部分中的前 ${n(cut.shown)} 个（至第 ${n(from)} 行）：报告超过预览的上限（${n(PREVIEW_BUDGET.cells)} 个表格单元格或 ${n(PREVIEW_BUDGET.chars)} 个字符）。导出后可查看全文。`;
  return { kind: 'paragraph', style: 'quote', runs: [{ text, bold: true }], source: { start: 0, end: 0 } };
}

/** Where the author starts in a generated report (see firstToFill). */
function withCursor(r: NextYear, order: ('cells' | 'prompts')[]): GeneratedReport {
  const a = new Analyzer().analyze(r.text);
  return { ...r, cursor: firstToFill(a.report, a.findings, order) };
}

const notOpen = () => new ResponseError(ErrorCodes.InvalidParams, 'not an open report');

type Handler<M extends RequestMethod> = (ctx: RequestContext, params: ParamsOf<M>) => Promise<ResultOf<M> | ResponseError>;

/** The preview (rendered from the same analysis as the diagnostics). */
const preview: Handler<'xxgk/preview'> = async (ctx, p) => {
  const cur = await ctx.current(p.uri);
  if (!cur) return null;
  const findings = [...cur.analysis.findings, ...(await ctx.crossFindings(p.uri, cur.locale))].sort((a, b) => a.span.start - b.span.start);
  const full = layoutReport(cur.analysis.report, findings);
  // A preview past its budget shows its first part and says so, rather than answering with megabytes.
  const cut = cutToBudget(full, PREVIEW_BUDGET);
  const layout = cut ? { ...cut.layout, blocks: [...cut.layout.blocks, previewNotice(cut, cur.locale, cur.analysis.report.lines, full)] } : full;
  return {
    version: cur.doc.version,
    title: layout.title,
    html: renderBody(layout, { lines: cur.analysis.report.lines, findings, locale: cur.locale }),
    counts: layout.findings,
    ...(cut ? { truncated: { shown: cut.shown, total: cut.total } } : {}),
  };
};

/** An open report as HTML, PDF or Word, base64. */
const exportOpen: Handler<'xxgk/export'> = async (ctx, p) => {
  if (!EXPORT_FORMATS.includes(p.format)) return new ResponseError(ErrorCodes.InvalidParams, `unknown export format ${String(p.format)}`);
  const cur = await ctx.current(p.uri);
  if (!cur) return notOpen();
  try {
    const bytes = await exportReport(cur.analysis.report, p.format, { browserPath: p.browserPath });
    return { data: Buffer.from(bytes).toString('base64'), version: cur.doc.version };
  } catch (e) {
    if (e instanceof ExportLimitError) return new ResponseError(ERRORS.exportLimit, cur.locale === 'en' ? e.en : e.zh);
    const code = e instanceof BrowserNotFoundError ? ERRORS.browserNotFound : ErrorCodes.InternalError;
    return new ResponseError(code, (e as Error).message);
  }
};

/** Next year's report from an open report (its current text, unsaved edits included). */
const newYear: Handler<'xxgk/newYear'> = async (ctx, p) => {
  const cur = await ctx.current(p.uri);
  if (!cur) return notOpen();
  const next = nextYearReport(cur.analysis.report);
  if (next.problem) return new ResponseError(ERRORS.noNextYear, cur.locale === 'en' ? `The report ${next.problem.replace(/^the report /, '')}; cannot tell which report comes next.` : next.problem.includes('year') ? '报告中没有年度（front matter 的“年度”或标题中的年份），无法确定下一年度。' : '报告中没有机关名称（front matter 的“机关”或标题），无法生成下一年度报告。');
  return withCursor(next, ['cells', 'prompts']);
};

/** What the language status item shows of a report: agency, year, edition and kind as the checker reads them. */
const meta: Handler<'xxgk/meta'> = async (ctx, p) => {
  const cur = typeof p?.uri === 'string' ? await ctx.current(p.uri) : null;
  if (!cur) return null;
  const m = cur.analysis.report.meta;
  return { agency: m.agency, year: m.year, edition: m.edition, kind: m.kind };
};

/** A new, empty report of an agency for a year (新建年度报告); the client writes it. */
const newEmptyReport: Handler<'xxgk/newReport'> = async (ctx, p) => {
  const en = (await ctx.serverLocale()) === 'en';
  const year = typeof p?.year === 'number' ? p.year : Number(p?.year);
  const r = newReport({ agency: typeof p?.agency === 'string' ? p.agency : '', year, kind: p?.kind === '政府' ? '政府' : '部门' });
  if (r.problem === 'no agency') return new ResponseError(ErrorCodes.InvalidParams, en ? 'The agency\'s name is needed.' : '请填写机关名称。');
  if (r.problem) return new ResponseError(ErrorCodes.InvalidParams, en ? `${String(p?.year)} is not a report year.` : `“${String(p?.year)}”不是报告年度。`);
  return withCursor(r, ['prompts', 'cells']);
};

/** A published report (text, HTML or .docx, base64) in the dialect; nothing is written here, the client writes it. */
const importFile: Handler<'xxgk/import'> = async (ctx, p) => {
  if (typeof p?.name !== 'string' || typeof p?.data !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'import needs { name, data (base64) }');
  // In a worker thread with a memory and a time budget: a hostile file fails with a message, the server goes on.
  const [{ importInWorker }, { ImportError }] = await Promise.all([import('../import/worker.js'), import('../import/types.js')]);
  try {
    return await importInWorker({ name: p.name, data: Buffer.from(p.data, 'base64') });
  } catch (e) {
    return new ResponseError(e instanceof ImportError ? ERRORS.importFailed : ErrorCodes.InternalError, e instanceof ImportError ? e.text(await ctx.serverLocale()) : (e as Error).message);
  }
};

/** A published report online (the page, else its attachment), fetched and imported in a worker thread; the client writes it. */
const importUrl: Handler<'xxgk/importUrl'> = async (_ctx, p) => {
  if (typeof p?.url !== 'string' || !/^https?:\/\//i.test(p.url)) return new ResponseError(ErrorCodes.InvalidParams, 'importUrl needs { url } (http or https)');
  const [{ importUrlInWorker }, { errorText }] = await Promise.all([import('../review/review.js'), import('../review/fetch.js')]);
  const locale = p.locale === 'en' ? 'en' : 'zh-CN';
  try {
    return await importUrlInWorker(p.url, locale);
  } catch (e) {
    return new ResponseError(ERRORS.importFailed, errorText(e, locale));
  }
};

/** The state of the workspace index (waits for a running scan and the file events under way). */
const indexState: Handler<'xxgk/index'> = async (ctx, p): Promise<IndexResult> => {
  if (p?.wait !== false) await ctx.index.settled();
  return {
    ...ctx.index.status,
    pid: process.pid,
    entries: p?.entries === false ? [] : ctx.index.entries().map((e) => ({ uri: e.uri, agency: e.agency, year: e.year })),
  };
};

/** Test hook: the server's per-document tables and memory (the leak test, the benchmarks). */
const internals: Handler<'xxgk/test/internals'> = async (ctx, p): Promise<InternalsResult> => {
  if (p?.wait !== false) await ctx.index.settled();
  // A full collection before measuring, for honest memory figures (only when node runs with --expose-gc).
  const gc = p?.gc === true && typeof globalThis.gc === 'function' ? globalThis.gc : undefined;
  if (gc) {
    gc();
    await new Promise((r) => setImmediate(r)); // let finalizers and weak references settle, then once more
    gc();
  }
  const m = process.memoryUsage();
  return { pid: process.pid, memory: { rss: m.rss, heapUsed: m.heapUsed, gc: !!gc }, perDocument: ctx.perDocument() };
};

/** The handler of every request, bound to the server's context; the internals test hook only with `testHooks`. */
export function requestHandlers(ctx: RequestContext, opts: { testHooks?: boolean } = {}): RequestHandlers {
  const bind = <M extends RequestMethod>(h: Handler<M>): RequestHandler<M> => (p) => h(ctx, p);
  return {
    [REQUESTS.preview]: bind(preview),
    [REQUESTS.export]: bind(exportOpen),
    [REQUESTS.newYear]: bind(newYear),
    [REQUESTS.meta]: bind(meta),
    [REQUESTS.newReport]: bind(newEmptyReport),
    [REQUESTS.import]: bind(importFile),
    [REQUESTS.importUrl]: bind(importUrl),
    [REQUESTS.index]: bind(indexState),
    ...(opts.testHooks ? { [REQUESTS.testInternals]: bind(internals) } : {}),
  };
}

/** Registers the handlers on the connection. */
export function registerRequests(connection: Connection, handlers: RequestHandlers): void {
  for (const [method, handler] of Object.entries(handlers)) {
    connection.onRequest(method, handler as (p: unknown) => Promise<unknown>);
  }
}
