/**
 * What every command of the command line shares: the usage, the options' parsing, what is printed (terminalSafe) and
 * how a command's failure is said (runCli). `xxgk-report check` runs from a bundle of its own (dist/check.js:
 * check-main.ts), without the other commands; the full command line (main.ts) has them all.
 */
import { REPORT_FILE_LIMIT } from '../io/files.js';
import { messageOf } from './read.js';
import { CHECK_PARALLEL_FROM } from './batch.js';
import { DEFAULT_MAX_BYTES as IMPORT_MAX_BYTES } from '../import/decode.js';
import { REVIEW_HELP, REVIEW_USAGE } from '../review/usage.js';
import type { Locale } from '../core/index.js';

export const USAGE = `Usage: xxgk-report check [--format text|json] [--locale zh-CN|en] [--progress] [--jobs N] FILE|DIR...
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

/** A mistake in the command line: said with the usage. */
export class UsageError extends Error {}

/** Options of one command: which take a value, which are flags, and their aliases. */
export interface OptionSpec {
  values?: string[];
  flags?: string[];
  aliases?: Record<string, string>;
}

/** Splits a command line into options (`--name value`, `--name=value`, flags) and files (all after `--`). */
export function parseOptions(args: string[], spec: OptionSpec): { opts: Map<string, string>; files: string[] } {
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

/** `--locale zh-CN|en` of a command (default zh-CN). */
export function localeOpt(opts: Map<string, string>): Locale {
  const l = opts.get('--locale');
  if (l === undefined || /^zh/i.test(l)) return 'zh-CN';
  if (/^en/i.test(l)) return 'en';
  throw new UsageError(`--locale must be zh-CN or en, not "${l}"`);
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

/** A command: its arguments after the command's name; its exit status (a promise for one that waits). */
export type Command = (args: string[], io: CliIO) => number | Promise<number>;

/**
 * Runs a command line with the commands given (help, --version and a command's --help are everyone's); returns the
 * exit status. What a command throws or rejects with is said on stderr (a usage error with the usage) and is status 2.
 */
export function runCli(argv: string[], rawIo: CliIO, commands: ReadonlyMap<string, Command>): number | Promise<number> {
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
    const command = commands.get(cmd);
    if (!command) throw new UsageError(`unknown command "${cmd}"`);
    if (rest.includes('-h') || rest.includes('--help')) {
      io.out(USAGE);
      return 0;
    }
    const r = command(rest, io);
    return typeof r === 'number' ? r : r.catch(fail);
  } catch (e) {
    return fail(e);
  }
}
