/** `xxgk-report` — the command-line checker. */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Analyzer, analyzeAcross, isReport } from '../core/index.js';
import { exportReport, EXPORT_FORMATS, type ExportFormat } from '../render/export.js';
import { nextYearReport } from '../core/newyear.js';
import { importReport, ImportError, shapeName, type ImportResult } from '../import/index.js';
import { dirname, join } from 'node:path';
import type { Finding, Locale } from '../core/index.js';
import { REVIEW_HELP, REVIEW_USAGE, importsUrl, importUrlCmd, reviewCmd } from '../review/cli.js';

const USAGE = `Usage: xxgk-report check [--format text|json] [--locale zh-CN|en] [--progress] FILE|DIR...
       xxgk-report export --format html|pdf|docx FILE -o OUT [--force] [--browser PATH]
       xxgk-report new-year FILE [-o OUT] [--force]
       xxgk-report import FILE|URL [-o OUT] [--force]
${REVIEW_USAGE}
       xxgk-report lsp --stdio        run the language server over stdio

Checks 政府信息公开工作年度报告 written in Markdown (see the README).
Files given together are also checked across years (rules X01, X02). A DIR stands for the reports under it
(*.report.md, and other *.md files that are reports; node_modules and dot-folders are skipped).

Options:
  --format text|json   output format (default: text)
  --locale zh-CN|en    language of the messages (default: zh-CN)
  --progress           report progress on stderr ("checked N/TOTAL"), for long runs
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

Exit status: 0 no errors, 1 at least one error-severity finding, 2 usage or I/O error.`;

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
  const { opts, files } = parseOptions(args, { values: ['--format', '--locale'], flags: ['--progress'] });
  const a: CheckArgs = { format: 'text', locale: 'zh-CN', files, progress: opts.has('--progress') };
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

function readReport(file: string): string {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(e)})`);
  }
  if (st.isDirectory()) throw new Error(`${file}: is a directory, not a report file`);
  try {
    return readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Folders never searched for reports. */
const SKIP_DIRS = new Set(['node_modules', 'bower_components']);

/** The reports under a directory, recursively, in a stable order. */
function reportsUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let items;
    try {
      items = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const it of items) {
      const p = join(d, it.name);
      if (it.isDirectory()) {
        if (!it.name.startsWith('.') && !SKIP_DIRS.has(it.name)) walk(p);
      } else if (/\.report\.md$/i.test(it.name)) {
        out.push(p);
      } else if (/\.md$/i.test(it.name)) {
        try {
          if (isReport(p, readFileSync(p, 'utf8').slice(0, 4000))) out.push(p);
        } catch {
          /* unreadable: not a report we can check */
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** The files the arguments stand for: files as given, directories by the reports under them. */
function expandTargets(paths: string[], io: CliIO): { files: string[] } {
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
      io.err(`xxgk-report: ${p}: no reports (*.report.md) in this folder`);
    }
    files.push(...found);
  }
  return { files };
}

function check(args: CheckArgs, io: CliIO): number {
  const analyzer = new Analyzer();
  const results: { file: string; findings: Finding[] }[] = [];
  const reports = [];
  let ioError = false;
  const { files } = expandTargets(args.files, io);
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
  for (const [i, file] of files.entries()) {
    let text: string;
    try {
      text = readReport(file);
    } catch (e) {
      io.err(`xxgk-report: ${(e as Error).message}`);
      ioError = true;
      progress(i + 1);
      continue;
    }
    const a = analyzer.analyze(text, { locale: args.locale });
    for (const e of a.errors) io.err(`xxgk-report: internal error in rule ${e.split('\n')[0]} (${file}); other rules ran`);
    results.push({ file, findings: a.findings });
    reports.push({ file, report: a.report });
    progress(i + 1);
  }

  if (reports.length > 1) {
    const across = analyzeAcross(reports, { locale: args.locale });
    for (const r of results) {
      const extra = across.get(r.file) ?? [];
      if (extra.length) r.findings = [...r.findings, ...extra].sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
    }
  }
  if (args.format === 'json') {
    const json = {
      files: results.map((r) => ({
        file: r.file,
        findings: r.findings.map((f) => ({
          code: f.code,
          name: f.name,
          severity: f.severity,
          message: f.message,
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
          ...(f.fix ? { fix: { title: f.fix.title, edits: f.fix.edits.map((e) => ({ line: e.range.start.line + 1, column: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1, newText: e.newText })) } } : {}),
          ...(f.related ? { related: f.related.map((x) => ({ file: x.file ?? r.file, line: x.range.start.line + 1, column: x.range.start.character + 1, message: x.message })) } : {}),
        })),
      })),
    };
    io.out(JSON.stringify(json, null, 2));
  } else {
    for (const r of results) {
      for (const f of r.findings) {
        io.out(`${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity === 'information' ? 'info' : f.severity} ${f.code} ${f.message}`);
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
}

function parseExportArgs(args: string[]): ExportArgs {
  const { opts, files } = parseOptions(args, { values: ['--format', '--output', '--browser'], flags: ['--force'], aliases: { '-f': '--format', '-o': '--output' } });
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
  return { format, file: files[0], out, force, browser };
}

/** Refuses to write over the source report, into a directory, or over an existing file without --force. */
function checkTarget(target: string, source: string, force: boolean): void {
  let same = resolve(target) === resolve(source);
  try {
    same ||= existsSync(target) && realpathSync(target) === realpathSync(source);
  } catch {
    /* unreadable: the checks below report it */
  }
  if (same) throw new Error(`${target}: is the report itself; xxgk-report never writes over its source`);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new Error(`${target}: is a directory; give a file name`);
    if (!force) throw new Error(`${target}: exists; add --force to replace it`);
  }
}

function writeTarget(target: string, data: Uint8Array | string): void {
  try {
    writeFileSync(target, data);
  } catch (e) {
    throw new Error(`${target}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

async function exportCmd(a: ExportArgs, io: CliIO): Promise<number> {
  const text = readReport(a.file);
  checkTarget(a.out, a.file, a.force);
  const analysis = new Analyzer().analyze(text);
  const errors = analysis.findings.filter((f) => f.severity === 'error').length;
  if (errors) io.err(`xxgk-report: ${a.file} has ${errors} error(s); exporting anyway (run \`xxgk-report check\` to see them)`);
  const bytes = await exportReport(analysis.report, a.format, { browserPath: a.browser });
  writeTarget(a.out, bytes);
  io.err(`xxgk-report: wrote ${a.out} (${a.format}, ${bytes.length} bytes)`);
  return 0;
}

function newYearCmd(args: string[], io: CliIO): number {
  const { opts, files } = parseOptions(args, { values: ['--output'], flags: ['--force'], aliases: { '-o': '--output' } });
  if (files.length !== 1) throw new UsageError(files.length ? 'new-year takes one FILE' : 'no FILE given');
  const text = readReport(files[0]);
  const analysis = new Analyzer().analyze(text);
  const next = nextYearReport(analysis.report);
  if (next.problem) throw new Error(`${files[0]}: ${next.problem}; cannot tell which report comes next`);
  const target = opts.get('--output') ?? join(dirname(files[0]), next.fileName);
  checkTarget(target, files[0], opts.has('--force'));
  writeTarget(target, next.text);
  io.out(target);
  io.err(`xxgk-report: wrote ${next.year}'s report; 二、上年结转 from this year's 四、结转下年度继续办理: ${next.carried.join(', ') || '(none found)'}`);
  return 0;
}

const CN_SECTION = ['', '一', '二', '三', '四', '五', '六'];

/** What the user sees after an import: where it went, what was read, what was not. */
function importSummary(file: string, target: string, r: ImportResult): string[] {
  const shape = shapeName(r.shape);
  const out = [`xxgk-report: imported ${file} (${shape}) → ${target}`];
  const secs = r.sections.length ? r.sections.map((n) => CN_SECTION[n]).join(' ') : 'none';
  out.push(`  ${r.cells} table cells placed, ${r.blanks} blank as in the source, ${r.unread} not read (written ?, reported as C05); sections found: ${secs}`);
  if (r.unplaced.length) {
    out.push(`  ${r.unplaced.length} item(s) not placed, kept in the report under <!-- xxgk-import --> comments:`);
    for (const u of r.unplaced) {
      const where = `${u.line !== undefined ? `line ${u.line}` : 'no line'}${u.reportLine !== undefined ? ` (report line ${u.reportLine})` : ''}`;
      const ex = u.excerpt.length > 60 ? `${u.excerpt.slice(0, 60)}…` : u.excerpt;
      out.push(`    ${where}: ${u.what}: ${ex}`);
    }
  } else out.push('  everything was placed');
  for (const w of r.warnings) out.push(`  note: ${w}`);
  return out;
}

async function importCmd(args: string[], io: CliIO): Promise<number> {
  const { opts, files } = parseOptions(args, { values: ['--output'], flags: ['--force'], aliases: { '-o': '--output' } });
  if (files.length !== 1) throw new UsageError(files.length ? 'import takes one FILE' : 'no FILE given');
  const file = files[0];
  let data: Uint8Array;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new Error(`${file}: is a directory, not a report file`);
    if (st.size > 20 * 1024 * 1024) throw new Error(`${file}: the file is too large to be a report (${(st.size / 1024 / 1024).toFixed(1)} MB; the limit is 20.0 MB)`);
    data = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    throw new Error(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code})`);
  }
  let result: ImportResult;
  try {
    result = await importReport({ name: file, data });
  } catch (e) {
    if (e instanceof ImportError) throw new Error(e.message.startsWith(file) ? e.message : `${file}: ${e.message}`);
    throw e;
  }
  const target = opts.get('--output') ?? join(dirname(file), result.fileName);
  checkTarget(target, file, opts.has('--force'));
  writeTarget(target, result.text);
  io.out(target);
  for (const line of importSummary(file, target, result)) io.err(line);
  const findings = new Analyzer().analyze(result.text).findings;
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  io.err(`  the checker finds ${count('error')} error(s), ${count('warning')} warning(s) in it: xxgk-report check ${JSON.stringify(target)}`);
  return 0;
}

/** Runs the CLI; returns the exit status (a promise for commands that wait, such as export). */
export function main(argv: string[], io: CliIO): number | Promise<number> {
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
    if (cmd === 'check') {
      if (rest.includes('-h') || rest.includes('--help')) {
        io.out(USAGE);
        return 0;
      }
      return check(parseCheckArgs(rest), io);
    }
    if (cmd === 'new-year') {
      if (rest.includes('-h') || rest.includes('--help')) {
        io.out(USAGE);
        return 0;
      }
      return newYearCmd(rest, io);
    }
    if (cmd === 'import') {
      if (rest.includes('-h') || rest.includes('--help')) {
        io.out(USAGE);
        return 0;
      }
      const run = importsUrl(rest) ? importUrlCmd(rest, io, { checkTarget, writeTarget, importSummary }) : importCmd(rest, io);
      return run.catch((e: Error) => {
        io.err(`xxgk-report: ${e instanceof UsageError ? `${e.message}\n\n${USAGE}` : e.message}`);
        return 2;
      });
    }
    if (cmd === 'review') {
      if (rest.includes('-h') || rest.includes('--help')) {
        io.out(USAGE);
        return 0;
      }
      return reviewCmd(rest, io).catch((e: Error) => {
        io.err(`xxgk-report: ${e.message}`);
        return 2;
      });
    }
    if (cmd === 'export') {
      if (rest.includes('-h') || rest.includes('--help')) {
        io.out(USAGE);
        return 0;
      }
      return exportCmd(parseExportArgs(rest), io).catch((e: Error) => {
        io.err(`xxgk-report: ${e instanceof UsageError ? `${e.message}\n\n${USAGE}` : e.message}`);
        return 2;
      });
    }
    throw new UsageError(`unknown command "${cmd}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`xxgk-report: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`xxgk-report: ${(e as Error).message}`);
    return 2;
  }
}
