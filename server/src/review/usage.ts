/**
 * What the command line says of `review` and how it tells a URL from a file: kept apart from review/cli.ts so that the
 * CLI's usage text and its dispatch need none of review's modules (parse5, the import, the worker pool) loaded.
 */

/** Whether a string is an http(s) URL. */
export function isUrl(s: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(s.trim());
}

/** Whether the arguments of `import` name a URL (not a file). */
export function importsUrl(args: string[]): boolean {
  return args.some((a) => !a.startsWith('-') && isUrl(a));
}

export const REVIEW_USAGE = `       xxgk-report review DIR|URLLIST... -o OUT [-o OUT2…] [--format html|xlsx|json] [--locale zh-CN|en] [--jobs N] [--force] [--imported DIR2]`;

export const REVIEW_HELP = `review reads every published report under DIR (PDF, saved web pages, .docx, text, converter Markdown, and reports
in the dialect), or behind the URLs listed one a line in URLLIST, imports in memory what is not in the dialect,
checks each report and each consecutive-year pair of the same agency, and writes a summary: an HTML page with
counts, a sortable, filterable table, charts and every finding (html), an Excel workbook (xlsx), or the data as
JSON (json; see docs/review.md); -o more than once writes each (its format from its extension). Nothing is
written into DIR. A file that cannot be read is a row with the reason. Progress goes to stderr; exit 0 once written.
  --jobs N            worker threads (default: one per core)
  --imported DIR2     also save each imported report's text in DIR2 (outside DIR), linked from the summary`;
