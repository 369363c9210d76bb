/** `xxgk-report` — the command-line checker. */
import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Analyzer, analyzeAcross } from '../core/index.js';
import { exportReport, EXPORT_FORMATS, type ExportFormat } from '../render/export.js';
import { nextYearReport } from '../core/newyear.js';
import { dirname, join } from 'node:path';
import type { Finding, Locale } from '../core/index.js';

const USAGE = `Usage: xxgk-report check [--format text|json] [--locale zh-CN|en] FILE...
       xxgk-report export --format html|pdf|docx FILE -o OUT [--force] [--browser PATH]
       xxgk-report new-year FILE [-o OUT] [--force]
       xxgk-report lsp --stdio        run the language server over stdio

Checks 政府信息公开工作年度报告 written in Markdown (see the README).
Files given together are also checked across years (rules X01, X02).

Options:
  --format text|json   output format (default: text)
  --locale zh-CN|en    language of the messages (default: zh-CN)
  -h, --help           show this help
  --version            show the version

Export writes the report as published (the official form's tables with their merged cells):
  -o, --output OUT     the file to write; an existing file is replaced only with --force
  --browser PATH       Chrome/Edge/Chromium for PDF (default: found automatically, or XXGK_BROWSER)

new-year writes next year's report: tables of the right edition, 二、上年结转 from this year's
四、结转下年度继续办理, last year's 现行有效件数 carried (default OUT: {机关}{年度}年…report.md
beside FILE; an existing file is replaced only with --force).

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
}

function parseCheckArgs(args: string[]): CheckArgs {
  const a: CheckArgs = { format: 'text', locale: 'zh-CN', files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json, not "${v}"`);
      a.format = v;
    } else if (name === '--locale') {
      const v = value();
      if (/^zh/i.test(v)) a.locale = 'zh-CN';
      else if (/^en/i.test(v)) a.locale = 'en';
      else throw new UsageError(`--locale must be zh-CN or en, not "${v}"`);
    } else if (name === '--') {
      a.files.push(...args.slice(i + 1));
      break;
    } else if (name.startsWith('-') && name !== '-') {
      throw new UsageError(`unknown option ${name}`);
    } else {
      a.files.push(arg);
    }
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

function check(args: CheckArgs, io: CliIO): number {
  const analyzer = new Analyzer();
  const results: { file: string; findings: Finding[] }[] = [];
  const reports = [];
  let ioError = false;
  for (const file of args.files) {
    let text: string;
    try {
      text = readReport(file);
    } catch (e) {
      io.err(`xxgk-report: ${(e as Error).message}`);
      ioError = true;
      continue;
    }
    const a = analyzer.analyze(text, { locale: args.locale });
    for (const e of a.errors) io.err(`xxgk-report: internal error in rule ${e.split('\n')[0]} (${file}); other rules ran`);
    results.push({ file, findings: a.findings });
    reports.push({ file, report: a.report });
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
        io.out(`${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message}`);
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
  let format: ExportFormat | undefined;
  let out: string | undefined;
  let browser: string | undefined = process.env.XXGK_BROWSER || undefined;
  let force = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--format' || name === '-f') {
      const v = value();
      if (!EXPORT_FORMATS.includes(v as ExportFormat)) throw new UsageError(`--format must be html, pdf or docx, not "${v}"`);
      format = v as ExportFormat;
    } else if (name === '-o' || name === '--output') out = value();
    else if (name === '--browser') browser = value();
    else if (name === '--force') force = true;
    else if (name.startsWith('-') && name !== '-') throw new UsageError(`unknown option ${name}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UsageError(files.length ? 'export takes one FILE' : 'no FILE given');
  if (!out) throw new UsageError('no output file given (-o OUT)');
  if (!format) {
    const ext = out.toLowerCase().match(/\.(html?|pdf|docx)$/)?.[1];
    if (!ext) throw new UsageError('--format html|pdf|docx is needed (or an OUT ending in .html, .pdf or .docx)');
    format = ext.startsWith('htm') ? 'html' : (ext as ExportFormat);
  }
  return { format, file: files[0], out, force, browser };
}

async function exportCmd(a: ExportArgs, io: CliIO): Promise<number> {
  const text = readReport(a.file);
  const same = (() => {
    try {
      return existsSync(a.out) && realpathSync(a.out) === realpathSync(a.file);
    } catch {
      return resolve(a.out) === resolve(a.file);
    }
  })();
  if (same || resolve(a.out) === resolve(a.file)) throw new Error(`${a.out}: is the report itself; export never writes over its source`);
  if (existsSync(a.out)) {
    if (statSync(a.out).isDirectory()) throw new Error(`${a.out}: is a directory; give a file name`);
    if (!a.force) throw new Error(`${a.out}: exists; add --force to replace it`);
  }
  const analysis = new Analyzer().analyze(text);
  const errors = analysis.findings.filter((f) => f.severity === 'error').length;
  if (errors) io.err(`xxgk-report: ${a.file} has ${errors} error(s); exporting anyway (run \`xxgk-report check\` to see them)`);
  const bytes = await exportReport(analysis.report, a.format, { browserPath: a.browser });
  try {
    writeFileSync(a.out, bytes);
  } catch (e) {
    throw new Error(`${a.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  io.err(`xxgk-report: wrote ${a.out} (${a.format}, ${bytes.length} bytes)`);
  return 0;
}

function newYearCmd(args: string[], io: CliIO): number {
  let out: string | undefined;
  let force = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-o' || a === '--output') {
      out = args[++i];
      if (out === undefined) throw new UsageError(`${a} needs a value`);
    } else if (a.startsWith('--output=')) out = a.slice('--output='.length);
    else if (a === '--force') force = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError(files.length ? 'new-year takes one FILE' : 'no FILE given');
  const text = readReport(files[0]);
  const analysis = new Analyzer().analyze(text);
  const next = nextYearReport(analysis.report);
  if (next.problem) throw new Error(`${files[0]}: ${next.problem}; cannot tell which report comes next`);
  const target = out ?? join(dirname(files[0]), next.fileName);
  if (resolve(target) === resolve(files[0])) throw new Error(`${target}: is the report itself; choose another file`);
  if (existsSync(target) && !force) throw new Error(`${target}: exists; add --force to replace it`);
  try {
    writeFileSync(target, next.text);
  } catch (e) {
    throw new Error(`${target}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  io.out(target);
  io.err(`xxgk-report: wrote ${next.year}'s report; 二、上年结转 from this year's 四、结转下年度继续办理: ${next.carried.join(', ') || '(none found)'}`);
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
