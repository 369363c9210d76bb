/**
 * The contract between the VS Code client and the language server: every custom request and notification (its
 * method name, what it carries and what it answers), the server's commands and the error codes of its answers.
 * Both sides import it: the server registers its handlers through `RequestMap` (server/src/lsp/requests.ts), the
 * client sends through it (client/src/protocol.ts), so neither writes a method name or re-declares a result.
 *
 * It imports nothing; what the client shares with the server besides messages (which documents are reports, the
 * preview's stylesheet) is in ./assets.ts.
 */

/** A position and range as LSP carries them (zero-based line and UTF-16 character). */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** Numbers of findings by severity, as the preview's summary counts them. */
export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/** `xxgk/preview`: the report rendered for the preview panel, from the same analysis as the diagnostics. */
export interface PreviewParams {
  uri: string;
}
export interface PreviewResult {
  /** The document version rendered. */
  version: number;
  title: string;
  /** The report's body (the panel adds the stylesheets of ./assets.ts). */
  html: string;
  counts: FindingCounts;
  /** Present when the report is past the preview's budget: how many of its parts are shown. */
  truncated?: { shown: number; total: number };
}

export const EXPORT_FORMATS = ['html', 'pdf', 'docx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** `xxgk/export`: an open report as HTML, PDF or Word (the client writes the file). */
export interface ExportParams {
  uri: string;
  format: ExportFormat;
  /** A Chromium-family browser to print the PDF with (the `xxgk.export.browserPath` setting). */
  browserPath?: string;
}
export interface ExportResult {
  /** The file's bytes, base64. */
  data: string;
  version: number;
}

/** A report generated for the client to write: next year's (`xxgk/newYear`) or a new one (`xxgk/newReport`). */
export interface GeneratedReport {
  text: string;
  /** Suggested file name: `{机关}{年度}年政府信息公开工作年度报告.report.md`. */
  fileName: string;
  year: number;
  /** What was carried over from last year (`xxgk/newYear`). */
  carried: string[];
  /** Where the author starts: a prompt to replace, or the first blank cell. */
  cursor?: Range;
}
/** `xxgk/newYear`: next year's report from an open report (its current text, unsaved edits included). */
export interface NewYearParams {
  uri: string;
}
/** `xxgk/newReport`: a new, empty report of an agency for a year. */
export interface NewReportParams {
  agency?: string;
  year?: number;
  kind?: '部门' | '政府';
}

/** An imported report (`xxgk/import`, `xxgk/importUrl`): the text in the dialect and what the import could not place. */
export interface ImportResult {
  text: string;
  fileName: string;
  /** The kind of source read (html, docx, pdf, text, …). */
  shape: string;
  /** Table cells written with a value read from the source, written blank, written `?` (not read: C05). */
  cells: number;
  blanks: number;
  unread: number;
  /** Passages kept as text under an `xxgk-import` comment. */
  unplaced: { what: string; line?: number; reportLine?: number; excerpt: string }[];
  warnings: string[];
}
/** `xxgk/import`: a published report's file (text, HTML, .docx or PDF); nothing is written by the server. */
export interface ImportParams {
  name: string;
  /** The file's bytes, base64. */
  data: string;
}
/** `xxgk/importUrl`: a published report online (its page, else its attachment). */
export interface ImportUrlParams {
  url: string;
  locale?: string;
}
export interface ImportUrlResult extends ImportResult {
  url: string;
  /** The attachment imported, when the page itself held no report. */
  attachment?: string;
}

/** `xxgk/meta`: what the language status item shows of a report, as the checker reads it. */
export interface MetaParams {
  uri: string;
}
export interface ReportMeta {
  agency?: string;
  year?: number;
  edition: 2019 | 2021;
  kind: 'department' | 'government';
}

export type IndexState = 'idle' | 'indexing' | 'ready' | 'cancelled';
/** `xxgk/index`: the state of the workspace index (by default after a running scan and file events are done). */
export interface IndexParams {
  /** Wait for a running scan and the file events under way (default true). */
  wait?: boolean;
  /** List the indexed reports (default true). */
  entries?: boolean;
}
export interface IndexResult {
  state: IndexState;
  reports: number;
  /** Markdown files read, and the time taken, by every scan so far. */
  files: number;
  ms: number;
  /** The server's process (a restarted server has another). */
  pid: number;
  entries: { uri: string; agency?: string; year?: number }[];
}

/**
 * `xxgk/test/internals`: the server's per-document tables and memory, for the leak test and the benchmarks. A test
 * hook: registered only when the server runs with XXGK_TEST_HOOKS=1 in its environment.
 */
export const TEST_HOOKS_ENV = 'XXGK_TEST_HOOKS';
export interface InternalsParams {
  /** Wait for a running scan and the file events under way (default true). */
  wait?: boolean;
  /** A full collection before measuring (only when node runs with --expose-gc). */
  gc?: boolean;
}
export interface InternalsResult {
  /** The process measured. */
  pid: number;
  memory: { rss: number; heapUsed: number; gc: boolean };
  /** Sizes of the server's tables keyed by document URI: all back to their baseline once the documents close. */
  perDocument: Record<string, number>;
}

/** Every custom request: its parameters and its result (an error answer is a ResponseError with one of ERRORS). */
export interface RequestMap {
  'xxgk/preview': { params: PreviewParams; result: PreviewResult | null };
  'xxgk/export': { params: ExportParams; result: ExportResult };
  'xxgk/newYear': { params: NewYearParams; result: GeneratedReport };
  'xxgk/newReport': { params: NewReportParams; result: GeneratedReport };
  'xxgk/import': { params: ImportParams; result: ImportResult };
  'xxgk/importUrl': { params: ImportUrlParams; result: ImportUrlResult };
  'xxgk/meta': { params: MetaParams; result: ReportMeta | null };
  'xxgk/index': { params: IndexParams | undefined; result: IndexResult };
  'xxgk/test/internals': { params: InternalsParams | undefined; result: InternalsResult };
}
export type RequestMethod = keyof RequestMap;
export type ParamsOf<M extends RequestMethod> = RequestMap[M]['params'];
export type ResultOf<M extends RequestMethod> = RequestMap[M]['result'];

export const REQUESTS = {
  preview: 'xxgk/preview',
  export: 'xxgk/export',
  newYear: 'xxgk/newYear',
  newReport: 'xxgk/newReport',
  import: 'xxgk/import',
  importUrl: 'xxgk/importUrl',
  meta: 'xxgk/meta',
  index: 'xxgk/index',
  testInternals: 'xxgk/test/internals',
} as const satisfies Record<string, RequestMethod>;

/** `xxgk/indexStatus` (server → client): the index started or ended a scan, or its count of reports changed. */
export interface IndexStatus {
  state: IndexState;
  reports: number;
}
/** `xxgk/trust` (client → server): the user trusted the workspace (its `.xxgkrc.json` counts from now on). */
export interface TrustParams {
  trusted?: boolean;
}
export interface NotificationMap {
  'xxgk/indexStatus': IndexStatus;
  'xxgk/trust': TrustParams;
}
export type NotificationMethod = keyof NotificationMap;
export const NOTIFICATIONS = { indexStatus: 'xxgk/indexStatus', trust: 'xxgk/trust' } as const satisfies Record<string, NotificationMethod>;

/**
 * The server's commands (workspace/executeCommand). `xxgk.server.alignTable` is distinct from the client's
 * `xxgk.alignTable`, which the LanguageClient would otherwise register twice.
 */
export const SERVER_COMMANDS = { alignTable: 'xxgk.server.alignTable' } as const;
/** `xxgk.server.alignTable` [uri, position]: aligns the table at the position; null outside a table. */
export type AlignTableArgs = [uri: string, position: Position];
export interface AlignTableResult {
  applied: boolean;
  edits: number;
}
/** Client commands the server's answers name (a code lens that reveals a range). */
export const CLIENT_COMMANDS = { revealRange: 'xxgk.revealRange' } as const;

/** The codes of the server's error answers, besides the JSON-RPC ones. */
export const ERRORS = {
  /** No browser to print a PDF with. */
  browserNotFound: 1001,
  /** Next year's report cannot be generated (no year or agency). */
  noNextYear: 1002,
  /** The import could not read the source. */
  importFailed: 1003,
  /** The report is past what an export may hold. */
  exportLimit: 1004,
} as const;
