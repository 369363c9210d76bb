/** `xxgk-report` — the command line: check, export, new-year, import, review (common.ts: what they share). */
import { Analyzer, nextYearReport, type Locale } from '../core/index.js';
import { checkTarget, readRegularFileSync, shownPath, writeFileReplacing } from '../io/files.js';
import { pick, readReport } from './read.js';
import { checkCommand } from './check.js';
import { UsageError, localeOpt, parseOptions, runCli, type CliIO, type Command } from './common.js';
// What only export, new-year, import and review need is loaded by them (import()), not by `check`.
import { EXPORT_FORMATS, type ExportFormat } from '../render/formats.js';
import { DEFAULT_MAX_BYTES as IMPORT_MAX_BYTES, shapeName } from '../import/decode.js';
import type { ImportResult } from '../import/index.js';
import { dirname, join } from 'node:path';
import { importsUrl } from '../review/usage.js';

interface ExportArgs {
  format: ExportFormat;
  file: string;
  out: string;
  force: boolean;
  browser?: string;
  locale: Locale;
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

const COMMANDS = new Map<string, Command>([
  ['check', checkCommand],
  ['new-year', newYearCmd],
  ['import', (rest, io) => (importsUrl(rest) ? import('../review/cli.js').then(({ importUrlCmd }) => importUrlCmd(rest, io, { checkTarget, writeTarget: writeFileReplacing, importSummary })) : importCmd(rest, io))],
  ['review', (rest, io) => import('../review/cli.js').then(({ reviewCmd }) => reviewCmd(rest, io))],
  ['export', (rest, io) => exportCmd(parseExportArgs(rest), io)],
]);

/** Runs the CLI; returns the exit status (a promise for commands that wait, such as export). */
export function main(argv: string[], rawIo: CliIO): number | Promise<number> {
  return runCli(argv, rawIo, COMMANDS);
}
