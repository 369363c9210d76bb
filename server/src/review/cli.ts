/**
 * `xxgk-report review DIR|URLS… -o OUT [--format html|xlsx|json]` and `xxgk-report import URL`: the command-line
 * side of the review (the CLI's main.ts dispatches here).
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Locale } from '../core/index.js';
import type { ImportResult } from '../import/index.js';
import { errorText, fetchReport } from './fetch.js';
import { REVIEW_HELP, REVIEW_USAGE, importsUrl } from './usage.js';

export { REVIEW_HELP, REVIEW_USAGE, importsUrl } from './usage.js';
import { inside, reviewTargets, runReview } from './review.js';
import { renderReviewHtml } from './html.js';

export interface CliIO {
  out(s: string): void;
  err(s: string): void;
}

export type ReviewFormat = 'html' | 'xlsx' | 'json';

class UsageError extends Error {}

function parse(args: string[]): { inputs: string[]; outs: string[]; format?: string; locale: Locale; jobs?: number; force: boolean; imported?: string } {
  const r: ReturnType<typeof parse> = { inputs: [], outs: [], locale: 'zh-CN', force: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '-o' || name === '--output') r.outs.push(value());
    else if (name === '-f' || name === '--format') r.format = value();
    else if (name === '--locale') {
      const v = value();
      if (/^zh/i.test(v)) r.locale = 'zh-CN';
      else if (/^en/i.test(v)) r.locale = 'en';
      else throw new UsageError(`--locale must be zh-CN or en, not "${v}"`);
    } else if (name === '--jobs' || name === '-j') {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1 || v > 64) throw new UsageError('--jobs must be a whole number from 1 to 64');
      r.jobs = v;
    } else if (name === '--imported') r.imported = value();
    else if (name === '--force' && eq < 0) r.force = true;
    else if (name === '--') {
      r.inputs.push(...args.slice(i + 1));
      break;
    } else if (name.startsWith('-') && name !== '-') throw new UsageError(`unknown option ${name}`);
    else r.inputs.push(a);
  }
  return r;
}

function formatOf(out: string, given: string | undefined): ReviewFormat {
  if (given !== undefined) {
    if (given !== 'html' && given !== 'xlsx' && given !== 'json') throw new UsageError(`--format must be html, xlsx or json, not "${given}"`);
    return given;
  }
  const ext = /\.(html?|xlsx|json)$/i.exec(out)?.[1].toLowerCase();
  if (!ext) throw new UsageError('--format html|xlsx|json is needed (or an OUT ending in .html, .xlsx or .json)');
  return ext.startsWith('htm') ? 'html' : (ext as ReviewFormat);
}

/** The bytes of the review in a format. */
export async function renderReview(data: Awaited<ReturnType<typeof runReview>>, format: ReviewFormat, out?: string): Promise<Uint8Array | string> {
  if (format === 'json') return `${JSON.stringify(data, null, 1)}\n`;
  if (format === 'html') return renderReviewHtml(data, { outDir: out ? dirname(resolve(out)) : undefined });
  return (await xlsxModule()).renderReviewXlsx(data);
}

/** The workbook writer: its own bundle beside dist/server.js (exceljs is large; nothing else loads it), else the module. */
async function xlsxModule(): Promise<typeof import('./xlsx.js')> {
  const bundled = join(dirname(fileURLToPath(import.meta.url)), 'review-xlsx.js');
  const spec = existsSync(bundled) ? pathToFileURL(bundled).href : './xlsx.js';
  return (await import(spec)) as typeof import('./xlsx.js');
}

export async function reviewCmd(args: string[], io: CliIO): Promise<number> {
  let a: ReturnType<typeof parse>;
  let outputs: { out: string; format: ReviewFormat }[];
  try {
    a = parse(args);
    if (!a.inputs.length) throw new UsageError('no DIR given');
    if (!a.outs.length) throw new UsageError('no output file given (-o OUT)');
    if (a.outs.length > 1 && a.format !== undefined) throw new UsageError('with several -o, each OUT\'s format is its extension (.html, .xlsx, .json): no --format');
    outputs = a.outs.map((o) => ({ out: resolve(o), format: formatOf(o, a.format) }));
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`xxgk-report: ${e.message}\n\n${REVIEW_USAGE.trim()}\n\n${REVIEW_HELP}`);
      return 2;
    }
    throw e;
  }
  const en = a.locale === 'en';
  const { targets, root, folders } = reviewTargets(a.inputs, a.locale);
  for (const dir of folders) {
    for (const [what, p] of [...outputs.map((o) => ['OUT', o.out] as const), ['--imported', a.imported && resolve(a.imported)] as const]) {
      if (p && inside(p, dir)) {
        io.err(`xxgk-report: ${what} ${p} ${en ? `is inside ${dir}; the review writes nothing into the folder it reads: choose a place outside it` : `位于被审核的文件夹 ${dir} 之内；审核不向所读的文件夹写入任何内容，请另选位置`}`);
        return 2;
      }
    }
  }
  for (const { out } of outputs) {
    if (existsSync(out)) {
      if (statSync(out).isDirectory()) {
        io.err(`xxgk-report: ${out}: is a directory; give a file name`);
        return 2;
      }
      if (!a.force) {
        io.err(`xxgk-report: ${out}: exists; add --force to replace it`);
        return 2;
      }
    }
    if (!existsSync(dirname(out))) {
      io.err(`xxgk-report: ${dirname(out)}: no such folder`);
      return 2;
    }
  }
  if (!targets.length) {
    io.err(`xxgk-report: ${en ? 'no files to review (PDF, .html, .docx, .txt, .md) in' : '没有可审核的文件（PDF、.html、.docx、.txt、.md）：'} ${a.inputs.join(', ')}`);
    return 2;
  }
  let last = 0;
  const data = await runReview(targets, root, {
    locale: a.locale,
    jobs: a.jobs,
    importedDir: a.imported ? resolve(a.imported) : undefined,
    onProgress: (p) => {
      const now = Date.now();
      if (p.done !== p.total && now - last < 200) return;
      last = now;
      if (p.phase === 'read') io.err(en ? `xxgk-report: reviewed ${p.done}/${p.total}` : `xxgk-report: 已审核 ${p.done}/${p.total}`);
      else io.err(en ? `xxgk-report: checked across years ${p.done}/${p.total} agencies` : `xxgk-report: 跨年度检查 ${p.done}/${p.total} 个机关`);
    },
  });
  for (const { out, format } of outputs) {
    const bytes = await renderReview(data, format, out);
    try {
      writeFileSync(out, bytes);
    } catch (e) {
      io.err(`xxgk-report: ${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      return 2;
    }
    io.out(out);
  }
  const out = outputs.map((o) => o.out).join(', ');
  const s = data.summary;
  io.err(
    en
      ? `xxgk-report: ${s.reports} report(s) of ${s.agencies} agencies, ${s.withErrors} with errors, ${s.timeliness.late} late, ${s.crossYear} inconsistent with last year; ${s.unreadable} file(s) not read; ${(data.ms / 1000).toFixed(1)} s → ${out}`
      : `xxgk-report: ${s.reports} 份报告（${s.agencies} 个机关），${s.withErrors} 份有错误，${s.timeliness.late} 份逾期，${s.crossYear} 份与上年不一致；${s.unreadable} 个文件未能读取；用时 ${(data.ms / 1000).toFixed(1)} 秒 → ${out}`,
  );
  for (const w of data.warnings ?? []) io.err(`xxgk-report: ${w}`);
  return 0;
}

/** Whether `import`'s arguments name a URL. */
/** What `import` does with a file, given by the CLI: where to write, how to write, what to say. */
export interface ImportHelpers {
  checkTarget(target: string, source: string, force: boolean): void;
  writeTarget(target: string, data: string): void;
  importSummary(file: string, target: string, r: ImportResult, locale: Locale): string[];
}

/** `xxgk-report import URL [-o OUT] [--force]`: the page, else its attachment, imported (default OUT: the report's name in the current folder). */
export async function importUrlCmd(args: string[], io: CliIO, h: ImportHelpers): Promise<number> {
  let out: string | undefined;
  let force = false;
  let locale: Locale = 'zh-CN';
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    if (x === '--locale' || x.startsWith('--locale=')) {
      const l = x === '--locale' ? args[++i] : x.slice(9);
      if (/^en/i.test(l ?? '')) locale = 'en';
      else if (!/^zh/i.test(l ?? '')) throw new Error(`--locale must be zh-CN or en, not "${l ?? ''}"`);
    } else if (x === '-o' || x === '--output') out = args[++i];
    else if (x.startsWith('--output=')) out = x.slice(9);
    else if (x === '--force') force = true;
    else if (x.startsWith('-')) throw new Error(`unknown option ${x}`);
    else urls.push(x);
  }
  if (urls.length !== 1) throw new Error('import takes one FILE or URL');
  if (out === '') throw new Error('-o needs a value');
  const zh = locale !== 'en';
  io.err(zh ? `xxgk-report: 正在获取 ${urls[0]}` : `xxgk-report: fetching ${urls[0]}`);
  let got: Awaited<ReturnType<typeof fetchReport>>;
  try {
    got = await fetchReport(urls[0], undefined, locale);
  } catch (e) {
    throw new Error(errorText(e, locale));
  }
  for (const t of got.tried) io.err(zh ? `  已跳过：${t}` : `  passed over: ${t}`);
  if (got.attachment) io.err(zh ? `  页面以附件链接了报告：读取 ${got.attachment}` : `  the page links the report as an attachment: read ${got.attachment}`);
  const target = out ?? join(process.cwd(), got.result.fileName);
  h.checkTarget(target, urls[0], force);
  h.writeTarget(target, got.result.text);
  io.out(target);
  for (const line of h.importSummary(got.attachment ?? got.url, target, got.result, locale)) io.err(line);
  return 0;
}
