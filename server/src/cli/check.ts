/** `xxgk-report check FILE|DIR...`: the findings of reports, one line each (or JSON), and the exit status. */
import { statSync } from 'node:fs';
import { isReport, oneBased, type Finding, type Locale } from '../core/index.js';
import { readRegularFileSync, shownPath } from '../io/files.js';
import { decodeReport } from '../io/decode.js';
import { filesUnder } from '../io/walk.js';
import { ruleLinker } from '../lsp/ruleDocs.js';
import { pick } from './read.js';
import { checkFiles, checkThreads } from './batch.js';
import { UsageError, localeOpt, parseOptions, type CliIO } from './common.js';

interface CheckArgs {
  format: 'text' | 'json';
  locale: Locale;
  files: string[];
  progress: boolean;
  /** Worker threads (--jobs); undefined: checkThreads' default, from CHECK_PARALLEL_FROM files on; 1: none. */
  jobs?: number;
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
  a.locale = localeOpt(opts);
  if (a.files.length === 0) throw new UsageError('no FILE given');
  return a;
}

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

/** The command `check` (its arguments after `check`). */
export function checkCommand(args: string[], io: CliIO): number | Promise<number> {
  return check(parseCheckArgs(args), io);
}
