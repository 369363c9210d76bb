/** `xxgk-report` — the command-line checker. */
import { statSync } from 'node:fs';
import { Analyzer, isReport, nextYearReport, oneBased, type Finding, type Locale } from '../core/index.js';
import { REPORT_FILE_LIMIT, checkTarget, readRegularFileSync, shownPath, writeFileReplacing } from '../io/files.js';
import { decodeReport } from '../io/decode.js';
import { filesUnder } from '../io/walk.js';
import { messageOf, pick, readReport } from './read.js';
import { checkFiles, CHECK_PARALLEL_FROM, checkThreads } from './batch.js';
// What only export, new-year, import and review need is loaded by them (import()), not by `check`.
import { EXPORT_FORMATS, type ExportFormat } from '../render/formats.js';
import { DEFAULT_MAX_BYTES as IMPORT_MAX_BYTES, shapeName } from '../import/decode.js';
import type { ImportResult } from '../import/index.js';
import { dirname, join } from 'node:path';
import { ruleLinker } from '../lsp/ruleDocs.js';
import { REVIEW_HELP, REVIEW_USAGE, importsUrl } from '../review/usage.js';

const USAGE = `Usage: xxgk-report check [--format text|json] [--locale zh-CN|en] [--progress] [--jobs N] FILE|DIR...
       xxgk-report export --format html|pdf|docx FILE -o OUT [--force] [--browser PATH] [--locale zh-CN|en]
       xxgk-report new-year FILE [-o OUT] [--force] [--locale zh-CN|en]
       xxgk-report import FILE|URL [-o OUT] [--force] [--locale zh-CN|en]
${REVIEW_USAGE}
       xxgk-report lsp --stdio        run the language server over stdio

Checks 政府信息公开工作年度报告 written in Markdown (see the README).
Files given together are also checked across years (rules X01, X02). A DIR stands for the reports under it
(*.report.md, and other *.md files that are reports; node_modules and dot-folders are skipped).

Options:
  --format text|json   output format (default: text)
  --locale zh-CN|en    language of the messages and of what is refused (default: zh-CN)
  --progress           report progress on stderr ("checked N/TOTAL"), for long runs
  --jobs N             threads checking many files (default: one per core less one, from ${CHECK_PARALLEL_FROM} files on; 1: none)
  -h, --help           show this help
  --version            show the version

Export writes the report as published (the official form's tables with their merged cells):
  -o, --output OUT     the file to write; an existing file is replaced only with --force
  --browser PATH       Chrome/Edge/Chromium for PDF (default: found automatically, or XXGK_BROWSER)

new-year writes next year's report: tables of the right edition, 二、上年结转 from this year's
四、结转下年度继续办理, last year's 现行有效件数 carried (default OUT: {机关}{年度}年…report.md
beside FILE; an existing file is replaced only with --force).

import reads a published report (a PDF, a saved web page, crawled text, plain text, .docx) and writes
it in the dialect: front matter, title, sections, the form's tables with their standard rows (a value
it cannot read is written ?, never guessed). What it cannot place is kept under <!-- xxgk-import -->
comments and listed (default OUT: {机关}{年度}年…report.md beside FILE; replaced only with --force).
For a URL it fetches the page (30 s timeout, 20 MB, 5 redirects), then its linked PDF/Word attachment (文件下载).

${REVIEW_HELP}

Files are read only when they are regular files (a symlink only to one) of at most ${REPORT_FILE_LIMIT / 1024 / 1024} MB
(import: ${IMPORT_MAX_BYTES / 1024 / 1024} MB), in UTF-8, UTF-16 or GB18030/GBK. OUT is never the source (nor a hard link or
symlink to it), an existing OUT or a symlink there is replaced only with --force (the link itself, never the file it
points to), and it is written whole through a temporary file or not at all. Control characters in what is printed
are shown escaped (\\u001b).

Exit status: 0 no errors, 1 at least one error-severity finding, 2 usage or I/O error (or a file past a limit).`;


export interface CliIO {
  out(s: string): void;
  err(s: string): void;
}

class UsageError extends Error {}

interface CheckArgs {
  format: 'text' | 'json';
  locale: Locale;
  files: string[];
  progress: boolean;
  /** Worker threads (--jobs); undefined: checkThreads' default, from CHECK_PARALLEL_FROM files on; 1: none. */
  jobs?: number;
}

/** Options of one command: which take a value, which are flags, and their aliases. */
interface OptionSpec {
  values?: string[];
  flags?: string[];
  aliases?: Record<string, string>;
}

/** Splits a command line into options (`--name value`, `--name=value`, flags) and files (all after `--`). */
function parseOptions(args: string[], spec: OptionSpec): { opts: Map<string, string>; files: string[] } {
  const opts = new Map<string, string>();
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const given = eq > 0 ? arg.slice(0, eq) : arg;
    const name = spec.aliases?.[given] ?? given;
    if (name === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (spec.values?.includes(name)) {
      const v = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`${given} needs a value`);
      opts.set(name, v);
    } else if (spec.flags?.includes(name) && eq < 0) {
      opts.set(name, '');
    } else if (name.startsWith('-') && name !== '-') {
      throw new UsageError(`unknown option ${given}`);
    } else {
      files.push(arg);
    }
  }
  return { opts, files };
}

function parseCheckArgs(args: string[]): CheckArgs {
  const { opts, files } = parseOptions(args, { values: ['--format', '--locale', '--jobs'], flags: ['--progress'], aliases: { '-j': '--jobs' } });
  const a: CheckArgs = { format: 'text', locale: 'zh-CN', files, progress: opts.has('--progress') };
  const jobs = opts.get('--jobs');
  if (jobs !== undefined) {
    const n = Number(jobs);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--jobs must be a whole number from 1 to 64');
    a.jobs = n;
  }
  const format = opts.get('--format');
  if (format !== undefined) {
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
    a.format = format;
  }
  const locale = opts.get('--locale');
  if (locale !== undefined) {
    if (/^zh/i.test(locale)) a.locale = 'zh-CN';
    else if (/^en/i.test(locale)) a.locale = 'en';
    else throw new UsageError(`--locale must be zh-CN or en, not "${locale}"`);
  }
  if (a.files.length === 0) throw new UsageError('no FILE given');
  return a;
}

/** Folders never searched for reports. */
/** The reports under a directory, recursively, in a stable order. */
function reportsUnder(dir: string): string[] {
  return filesUnder(dir, (it, p) => {
    if (/\.report\.md$/i.test(it.name)) return true;
    if (!/\.md$/i.test(it.name) || !(it.isFile() || it.isSymbolicLink())) return false;
    // Only the start, only of a regular file: a *.md symlink to /dev/zero or a FIFO is not a report we can check.
    try {
      return isReport(p, decodeReport(readRegularFileSync(p, { maxBytes: 4000, partial: true }).bytes).text);
    } catch {
      return false; // unreadable or not a regular file: not a report we can check
    }
  });
}

/** The files the arguments stand for: files as given, directories by the reports under them. */
function expandTargets(paths: string[], io: CliIO, locale: Locale): { files: string[] } {
  const files: string[] = [];
  for (const p of paths) {
    let dir = false;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      /* readReport says what is wrong with it */
    }
    if (!dir) {
      files.push(p);
      continue;
    }
    const found = reportsUnder(p);
    if (!found.length) {
      io.err(`xxgk-report: ${pick(locale, `${shownPath(p)}：此文件夹中没有报告（*.report.md）`, `${shownPath(p)}: no reports (*.report.md) in this folder`)}`);
    }
    files.push(...found);
  }
  return { files };
}

function check(args: CheckArgs, io: CliIO): number | Promise<number> {
  const { files } = expandTargets(args.files, io, args.locale);
  if (!files.length) return 2;
  let lastProgress = 0;
  const progress = (n: number) => {
    if (!args.progress) return;
    const now = Date.now();
    if (n === files.length || now - lastProgress >= 200) {
      lastProgress = now;
      io.err(`xxgk-report: checked ${n}/${files.length}`);
    }
  };
  const internal = (file: string, e: string) => `xxgk-report: internal error in rule ${e.split('\n')[0]} (${shownPath(file)}); other rules ran`;
  return checkFiles(files, { locale: args.locale, threads: checkThreads(args.jobs), progress, err: io.err, internal }).then(({ results, ioError }) => printFindings(args, io, results, ioError));
}

/** Prints the findings of the files checked (text or JSON); the exit status. */
function printFindings(args: CheckArgs, io: CliIO, results: { file: string; findings: Finding[] }[], ioError: boolean): number {
  if (args.format === 'json') {
    const docs = ruleLinker(undefined); // the rule's page (docs/rules/<ID>.md), as the language server links it
    const json = {
      files: results.map((r) => ({
        file: r.file,
        findings: r.findings.map((f) => ({
          code: f.code,
          name: f.name,
          severity: f.severity,
          message: f.message,
          ...oneBased(f.range),
          ...(docs(f.code) ? { docs: docs(f.code) } : {}),
          ...(f.fix ? { fix: { title: f.fix.title, edits: f.fix.edits.map((e) => ({ ...oneBased(e.range), newText: e.newText })) } } : {}),
          ...(f.related ? { related: f.related.map((x) => ({ file: x.file ?? r.file, line: x.range.start.line + 1, column: x.range.start.character + 1, message: x.message })) } : {}),
        })),
      })),
    };
    io.out(JSON.stringify(json, null, 2));
  } else {
    for (const r of results) {
      for (const f of r.findings) {
        // One line per finding whatever the path or the message holds (a problem matcher reads it line by line).
        io.out(`${shownPath(r.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity === 'information' ? 'info' : f.severity} ${f.code} ${shownPath(f.message)}`);
      }
    }
    const all = results.flatMap((r) => r.findings);
    const count = (s: string) => all.filter((f) => f.severity === s).length;
    if (results.length) {
      io.err(args.locale === 'en'
        ? `${results.length} file(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('information')} information`
        : `${results.length} 个文件：${count('error')} 个错误，${count('warning')} 个警告，${count('information')} 条提示`);
    }
  }
  if (ioError) return 2;
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

interface ExportArgs {
  format: ExportFormat;
  file: string;
  out: string;
  force: boolean;
  browser?: string;
  locale: Locale;
}

/** `--locale zh-CN|en` of a command (default zh-CN). */
function localeOpt(opts: Map<string, string>): Locale {
  const l = opts.get('--locale');
  if (l === undefined || /^zh/i.test(l)) return 'zh-CN';
  if (/^en/i.test(l)) return 'en';
  throw new UsageError(`--locale must be zh-CN or en, not "${l}"`);
}

function parseExportArgs(args: string[]): ExportArgs {
  const { opts, files } = parseOptions(args, { values: ['--format', '--output', '--browser', '--locale'], flags: ['--force'], aliases: { '-f': '--format', '-o': '--output' } });
  let format = opts.get('--format') as ExportFormat | undefined;
  if (format !== undefined && !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be html, pdf or docx, not "${format}"`);
  const out = opts.get('--output');
  const browser = opts.get('--browser') ?? (process.env.XXGK_BROWSER || undefined);
  const force = opts.has('--force');
  if (files.length !== 1) throw new UsageError(files.length ? 'export takes one FILE' : 'no FILE given');
  if (!out) throw new UsageError('no output file given (-o OUT)');
  if (!format) {
    const ext = out.toLowerCase().match(/\.(html?|pdf|docx)$/)?.[1];
    if (!ext) throw new UsageError('--format html|pdf|docx is needed (or an OUT ending in .html, .pdf or .docx)');
    format = ext.startsWith('htm') ? 'html' : (ext as ExportFormat);
  }
  return { format, file: files[0], out, force, browser, locale: localeOpt(opts) };
}

async function exportCmd(a: ExportArgs, io: CliIO): Promise<number> {
  const { text, note } = readReport(a.file, a.locale);
  if (note) io.err(`xxgk-report: ${note}`);
  checkTarget(a.out, a.file, a.force);
  const analysis = new Analyzer().analyze(text);
  const errors = analysis.findings.filter((f) => f.severity === 'error').length;
  if (errors) io.err(`xxgk-report: ${pick(a.locale, `${shownPath(a.file)} 有 ${errors} 个错误，仍然导出（用 \`xxgk-report check\` 查看）`, `${shownPath(a.file)} has ${errors} error(s); exporting anyway (run \`xxgk-report check\` to see them)`)}`);
  const { exportReport } = await import('../render/export.js');
  const bytes = await exportReport(analysis.report, a.format, { browserPath: a.browser });
  checkTarget(a.out, a.file, a.force);
  writeFileReplacing(a.out, bytes);
  io.err(`xxgk-report: ${pick(a.locale, `已写入 ${shownPath(a.out)}（${a.format}，${bytes.length} 字节）`, `wrote ${shownPath(a.out)} (${a.format}, ${bytes.length} bytes)`)}`);
  return 0;
}

function newYearCmd(args: string[], io: CliIO): number {
  const { opts, files } = parseOptions(args, { values: ['--output', '--locale'], flags: ['--force'], aliases: { '-o': '--output' } });
  const locale = localeOpt(opts);
  if (files.length !== 1) throw new UsageError(files.length ? 'new-year takes one FILE' : 'no FILE given');
  const { text, note } = readReport(files[0], locale);
  if (note) io.err(`xxgk-report: ${note}`);
  const analysis = new Analyzer().analyze(text);
  const next = nextYearReport(analysis.report);
  if (next.problem) throw new Error(`${shownPath(files[0])}: ${next.problem}; cannot tell which report comes next`);
  const target = opts.get('--output') ?? join(dirname(files[0]), next.fileName);
  checkTarget(target, files[0], opts.has('--force'));
  writeFileReplacing(target, next.text);
  io.out(shownPath(target));
  io.err(`xxgk-report: wrote ${next.year}'s report; 二、上年结转 from this year's 四、结转下年度继续办理: ${next.carried.join(', ') || '(none found)'}`);
  return 0;
}

const CN_SECTION = ['', '一', '二', '三', '四', '五', '六'];

/** What the user sees after an import: where it went, what was read, what was not. */
/** What the CLI says after an import (the file written, what was placed and not, what the checker finds), in the user's language. */
function importSummary(file: string, target: string, r: ImportResult, locale: Locale): string[] {
  const zh = locale !== 'en';
  const shape = shapeName(r.shape, locale);
  const out = [zh ? `xxgk-report: 已导入 ${shownPath(file)}（${shape}）→ ${shownPath(target)}` : `xxgk-report: imported ${shownPath(file)} (${shape}) → ${shownPath(target)}`];
  const secs = r.sections.length ? r.sections.map((n) => CN_SECTION[n]).join(' ') : zh ? '无' : 'none';
  out.push(
    zh
      ? `  填入表格单元格 ${r.cells} 个，原文留空 ${r.blanks} 个，未能读出 ${r.unread} 个（写作 ?，检查器报告为 C05）；找到的部分：${secs}`
      : `  ${r.cells} table cells placed, ${r.blanks} blank as in the source, ${r.unread} not read (written ?, reported as C05); sections found: ${secs}`,
  );
  if (r.unplaced.length) {
    out.push(zh ? `  ${r.unplaced.length} 处内容未能对应到报告中的位置，保留在报告的 <!-- xxgk-import --> 注释中：` : `  ${r.unplaced.length} item(s) not placed, kept in the report under <!-- xxgk-import --> comments:`);
    for (const u of r.unplaced) {
      const where = zh
        ? `${u.line !== undefined ? `原文第 ${u.line} 行` : '原文无行号'}${u.reportLine !== undefined ? `（报告第 ${u.reportLine} 行）` : ''}`
        : `${u.line !== undefined ? `line ${u.line}` : 'no line'}${u.reportLine !== undefined ? ` (report line ${u.reportLine})` : ''}`;
      const ex = u.excerpt.length > 60 ? `${u.excerpt.slice(0, 60)}…` : u.excerpt;
      out.push(`    ${where}${zh ? '：' : ': '}${shownPath(u.what)}${zh ? '：' : ': '}${shownPath(ex)}`);
    }
  } else out.push(zh ? '  全部内容都已对应到报告中的位置' : '  everything was placed');
  for (const w of r.warnings) out.push(`  ${zh ? '注意：' : 'note: '}${shownPath(w)}`);
  const findings = new Analyzer().analyze(r.text, { locale }).findings;
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  out.push(
    zh
      ? `  检查器在其中发现 ${count('error')} 个错误、${count('warning')} 个警告：xxgk-report check ${JSON.stringify(target)}`
      : `  the checker finds ${count('error')} error(s), ${count('warning')} warning(s) in it: xxgk-report check ${JSON.stringify(target)}`,
  );
  return out;
}

async function importCmd(args: string[], io: CliIO): Promise<number> {
  const { opts, files } = parseOptions(args, { values: ['--output', '--locale'], flags: ['--force'], aliases: { '-o': '--output' } });
  const locale = localeOpt(opts);
  if (files.length !== 1) throw new UsageError(files.length ? 'import takes one FILE' : 'no FILE given');
  const file = files[0];
  const data = readRegularFileSync(file, { maxBytes: IMPORT_MAX_BYTES }).bytes;
  const { importReport, ImportError } = await import('../import/index.js');
  let result: ImportResult;
  try {
    result = await importReport({ name: file, data });
  } catch (e) {
    if (e instanceof ImportError) {
      const text = e.text(locale);
      throw new Error(text.startsWith(file) ? text : `${file}${locale === 'en' ? ': ' : '：'}${text}`);
    }
    throw e;
  }
  const target = opts.get('--output') ?? join(dirname(file), result.fileName);
  checkTarget(target, file, opts.has('--force'));
  writeFileReplacing(target, result.text);
  io.out(shownPath(target));
  for (const line of importSummary(file, target, result, locale)) io.err(line);
  return 0;
}

/**
 * Characters that would control the terminal (ESC/BEL sequences, C1 controls, DEL, bidi overrides, line and
 * paragraph separators), shown as \uXXXX instead: text from a report never reaches the terminal as a command. Tabs
 * and line breaks stay. The same escape is valid inside a JSON string, so JSON output stays JSON.
 */
export function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The locale of the command line (`--locale X` or `--locale=X` anywhere), for messages before the options are read. */
function argvLocale(argv: string[]): Locale {
  const i = argv.findIndex((a) => a === '--locale' || a.startsWith('--locale='));
  const v = i < 0 ? undefined : argv[i].includes('=') ? argv[i].slice(9) : argv[i + 1];
  return v && /^en/i.test(v) ? 'en' : 'zh-CN';
}

/** Runs the CLI; returns the exit status (a promise for commands that wait, such as export). */
export function main(argv: string[], rawIo: CliIO): number | Promise<number> {
  const io: CliIO = { out: (s) => rawIo.out(terminalSafe(s)), err: (s) => rawIo.err(terminalSafe(s)) };
  const locale = argvLocale(argv);
  const fail = (e: unknown) => {
    io.err(`xxgk-report: ${e instanceof UsageError ? `${e.message}\n\n${USAGE}` : messageOf(e, locale)}`);
    return 2;
  };
  try {
    const [cmd, ...rest] = argv;
    if (!cmd || cmd === '-h' || cmd === '--help' || cmd === 'help') {
      (cmd ? io.out : io.err)(USAGE);
      return cmd ? 0 : 2;
    }
    if (cmd === '--version') {
      io.out('0.1.0');
      return 0;
    }
    if (['check', 'new-year', 'import', 'export', 'review'].includes(cmd) && (rest.includes('-h') || rest.includes('--help'))) {
      io.out(USAGE);
      return 0;
    }
    if (cmd === 'check') {
      const r = check(parseCheckArgs(rest), io);
      return typeof r === 'number' ? r : r.catch(fail);
    }
    if (cmd === 'new-year') return newYearCmd(rest, io);
    if (cmd === 'import') {
      if (!importsUrl(rest)) return importCmd(rest, io).catch(fail);
      return import('../review/cli.js').then(({ importUrlCmd }) => importUrlCmd(rest, io, { checkTarget, writeTarget: writeFileReplacing, importSummary })).catch(fail);
    }
    if (cmd === 'review') return import('../review/cli.js').then(({ reviewCmd }) => reviewCmd(rest, io)).catch(fail);
    if (cmd === 'export') return exportCmd(parseExportArgs(rest), io).catch(fail);
    throw new UsageError(`unknown command "${cmd}"`);
  } catch (e) {
    return fail(e);
  }
}
