/**
 * The data of a review (`xxgk-report review`): one record per file or URL read, and the summary over them.
 * This is the JSON the review writes with `--format json` (documented in docs/review.md); the HTML summary,
 * the workbook and the VS Code webview are drawn from it.
 */

/** How the file reached the checker: the dialect as it is, or imported in memory from a published shape. */
export type ReviewShape = 'dialect' | 'pdf' | 'html' | 'docx' | 'text' | 'crawl';

/** Publication against the legal deadline (条例 第四十九条; rule D04). */
export type Timeliness = 'on-time' | 'late' | 'premature' | 'undated';

export interface ReviewFinding {
  code: string;
  name: string;
  severity: 'error' | 'warning' | 'information';
  message: string;
  /** 1-based; columns count UTF-16 code units, as in `check --format json`. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The text the finding points at (a cell's value, a heading, a date), on one line, at most 60 characters. */
  value: string;
  /** The table cell the finding is about, where it is one: `表三`, its row and column labels. */
  cell?: { table: string; row: string; col: string };
  /** Arithmetic findings: the computed and the stated value. */
  computed?: number;
  stated?: number;
  /** X01/X02: found against last year's report of the same agency (its file). */
  against?: string;
}

/** A cell the import could not read from the source (written `?`, rule C05). */
export interface UnreadCell {
  table: string;
  row: string;
  col: string;
  line: number;
}

/** 表三's columns in standard order: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计. */
export const T3_COLUMN_KEYS = ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other', 'total'] as const;

/** One row of 表三 as the report gives it: a value per column, null where the cell is blank, unreadable or missing. */
export interface Table3Row {
  key: string;
  label: string;
  values: (number | null)[];
}

export interface ReportRecord {
  /** Position in the review (0-based), stable across formats: the HTML's `#r-N`, the workbook's rows. */
  index: number;
  /** Path relative to the folder reviewed (`/` separators), or the URL. */
  file: string;
  /** Absolute path of the file (absent for a URL). */
  path?: string;
  url?: string;
  /** The attachment the report was read from, when a page linked it (文件下载). */
  attachment?: string;
  /** ok: read and checked; unreadable: `reason` says why; not-report: read, but no annual report in it. */
  status: 'ok' | 'unreadable' | 'not-report';
  reason?: string;
  shape?: ReviewShape;
  agency?: string;
  year?: number;
  kind?: 'department' | 'government';
  /** The edition the tables are in (2019/2021), and the one the year calls for. */
  edition?: 2019 | 2021;
  editionExpected?: 2019 | 2021;
  /** YYYY-MM-DD: front matter 发布日期 (from the page, for an import), else the signature date. */
  published?: string;
  /** (Y+1)-01-31 for a 部门 report, (Y+1)-03-31 for a 政府 report. */
  deadline?: string;
  /** Days after the deadline (negative: before it); absent when undated. */
  daysLate?: number;
  timeliness?: Timeliness;
  errors: number;
  warnings: number;
  infos: number;
  /** The three most frequent rule ids, most frequent first. */
  topRules: string[];
  findings: ReviewFinding[];
  /** 表三's rows (standard keys `new`, `carried`, …, `total`, `next`), absent without a 表三. */
  table3?: Table3Row[];
  unread: UnreadCell[];
  /** What the import did (absent for a file in the dialect). */
  import?: {
    cells: number;
    blanks: number;
    unread: number;
    unplaced: { what: string; line?: number; reportLine?: number; excerpt: string }[];
    warnings: string[];
  };
  /** The imported text saved for opening (`--imported DIR`), absolute path. */
  importedPath?: string;
  /** Other files of the same agency and year in the review (e.g. the page and its PDF). */
  duplicates?: string[];
  /** Milliseconds spent reading and checking this file (import included). */
  ms: number;
}

export interface RuleCount {
  code: string;
  name: string;
  /** The most severe of its findings in this review (D04 is an error or a warning by case). */
  severity: 'error' | 'warning' | 'information';
  /** Description in the review's language. */
  description: string;
  findings: number;
  reports: number;
}

export interface ReviewSummary {
  reports: number;
  /** Files that could not be read, or held no report. */
  unreadable: number;
  agencies: number;
  years: number[];
  timeliness: Record<Timeliness, number>;
  /** Reports by the edition of their tables (表三's where it tells); `mismatch`: reports with S05 (tables of another edition than the year calls for, or mixed). */
  editions: { 2019: number; 2021: number; unknown: number; mismatch: number };
  withErrors: number;
  findings: { errors: number; warnings: number; infos: number };
  /** Reports with at least one cross-year finding (X01, X02). */
  crossYear: number;
  byShape: Record<string, number>;
  /** Every rule that was found, most reports first. */
  rules: RuleCount[];
}

export interface ReviewData {
  /** The JSON's own format version. */
  version: 1;
  tool: 'xxgk-report';
  generated: string;
  locale: 'zh-CN' | 'en';
  /** The folder reviewed (absolute), or the file listing URLs. */
  root: string;
  summary: ReviewSummary;
  reports: ReportRecord[];
  /** What went wrong beside the rows (a check across years that could not run). */
  warnings?: string[];
  /** Wall time of the run, ms. */
  ms: number;
}
