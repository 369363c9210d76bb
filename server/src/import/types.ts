/** Import of published reports: the common intermediate every input shape is read into. */

/** One cell of a table as read from the source; cells of one merged (rowspan/colspan) cell share `id`. */
export interface ICell {
  text: string;
  id: number;
  /** A cell its reader could not read (e.g. digits run together that split in more than one way); the reader lists it. */
  unread?: boolean;
}

export interface IRow {
  cells: ICell[];
  /** 1-based line in the source, where the shape has lines. */
  line?: number;
}

/**
 * The shape-independent intermediate: headings, paragraphs and tables (a grid with merged cells
 * expanded, or the loosely aligned rows of a text table).
 */
export type IBlock =
  | { kind: 'heading'; level: number; text: string; line?: number }
  | { kind: 'paragraph'; text: string; line?: number }
  | { kind: 'table'; rows: IRow[]; line?: number; grid: boolean; /** A Markdown pipe table (a converter's output). */ pipe?: boolean };

/** What a page around the report says of it (a saved web page, a crawler's header lines). */
export interface PageInfo {
  /** The page's heading for the article (its title element, <meta name="ArticleTitle">, a crawler's 标题:). */
  title?: string;
  /** When the page was published, as YYYY-MM-DD (<meta name="PubDate">, 发布时间：…). */
  published?: string;
  /** Text of the page outside the article (navigation, widgets, sidebar, footer): kept in one comment, never in the report. */
  chrome: string[];
}

/** What a reader makes of one input: the article's blocks and what the page says around it. */
export interface ReadResult {
  blocks: IBlock[];
  page: PageInfo;
  /** Content a reader found but could not read (e.g. a run of digits that splits into a row's cells in more than one way). */
  lost?: { what: string; line?: number; excerpt: string; /** The section (1–6) it belongs to, where the reader knows. */ section?: number }[];
  /** What the reader did otherwise than usual (a table too large for its spans, nesting read as text), for the user. */
  warnings?: string[];
}

export type ImportShape = 'text' | 'html' | 'docx' | 'pdf' | 'crawl';

export interface Unplaced {
  /** What the content is, in words: `表三的一行`, `网页页面内容`, `无法识别的数字`. */
  what: string;
  /** 1-based line in the source file (text and HTML; a .docx has no lines). */
  line?: number;
  /** 1-based line in the written report where it is kept. */
  reportLine?: number;
  excerpt: string;
}

export interface ImportResult {
  /** The report in the dialect. */
  text: string;
  /** Suggested file name: `{机关}{年度}年政府信息公开工作年度报告.report.md`. */
  fileName: string;
  shape: ImportShape;
  /** Content that could not be placed: kept in the report under an `xxgk-import` comment, listed here. */
  unplaced: Unplaced[];
  /** Table cells written with a value read from the source. */
  cells: number;
  /** Table cells written blank because the source shows them blank. */
  blanks: number;
  /** Table cells of the standard form written `?` because the import could not read them from the source (C05). */
  unread: number;
  warnings: string[];
  agency?: string;
  year?: number;
  /** Which of the six sections were found (1–6). */
  sections: number[];
}

export interface ImportOptions {
  /** Largest input accepted, in bytes (default 20 MB). */
  maxBytes?: number;
}

export type ImportErrorCode = 'empty' | 'binary' | 'not-docx' | 'too-large' | 'unsupported' | 'unreadable' | 'scanned' | 'too-slow';

/**
 * Input that cannot be imported at all: `message` is one line for the user in English, `zh` the same in
 * Chinese (the language of the messages unless the user asks for English); `text(locale)` picks one.
 */
export class ImportError extends Error {
  readonly zh: string;
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    zh?: string,
  ) {
    super(message);
    this.name = 'ImportError';
    this.zh = zh ?? message;
  }

  text(locale: 'zh-CN' | 'en'): string {
    return locale === 'en' ? this.message : this.zh;
  }
}
