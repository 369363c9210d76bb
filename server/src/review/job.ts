/**
 * One file of a review: read as it is (the dialect) or imported in memory (every shape import reads), checked,
 * and turned into a record; and the cross-year check of one agency's reports. Runs in the review's worker threads
 * (worker-main.ts), and in the tests directly. Knows nothing of VS Code.
 */
import { Analyzer, analyzeAcross, oneBased, type Finding, type Locale, type Report, T3_ROWS, ITEM_NUMERALS, editionForYear, type Edition, type NumberCell, type TableModel } from '../core/index.js';
import { importReport, ImportError, type ImportResult } from '../import/index.js';
import type { ReportRecord, ReviewFinding, ReviewShape, Table3Row, Timeliness, UnreadCell } from './types.js';
import { T3_COLUMN_KEYS } from './types.js';
import { FetchError } from './fetch.js';

/** Largest file a review reads (as import: a report is far smaller). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const FM_YEAR = /^\ufeff?---\s*\r?\n[\s\S]*?^(年度|year)\s*:/m;

/**
 * Whether a file is in the dialect already: `*.report.md`, or Markdown whose front matter gives the year.
 * Other Markdown (a converter's or OCR's output, even with a report's title) is imported.
 */
export function isDialect(name: string, data: Uint8Array | string): boolean {
  if (/\.report\.md$/i.test(name)) return true;
  if (!/\.(md|markdown)$/i.test(name)) return false;
  const head = typeof data === 'string' ? data.slice(0, 4000) : new TextDecoder('utf-8').decode(data.subarray(0, 4000));
  return FM_YEAR.test(head);
}

const IMPORT_REASON_ZH: Record<string, string> = {
  empty: '文件为空，或其中没有文字',
  binary: '不是文本文件',
  'not-docx': '不是有效的 .docx 文件',
  'too-large': '文件过大，不像是一份年度报告',
  unsupported: '不支持的文件格式',
  unreadable: '无法读取',
  scanned: '扫描件（PDF 没有文字层），无法读取其中的文字',
  'too-slow': '读取超时',
};

/** The reason a file could not be read, in the review's language (the import's own message kept after it). */
export function unreadableReason(e: unknown, name: string, locale: Locale): string {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  const base = name.split(/[\\/]/).pop() ?? name;
  // The import's messages start with the file's name: the row already shows it.
  const detail = message.replace(new RegExp(`^(${escapeRe(name)}|${escapeRe(base)}):\\s*`), '');
  if (locale === 'en') return detail;
  // The import's own Chinese message, when it has one (the row shows the file's name already).
  if ((e instanceof ImportError || e instanceof FetchError) && e.zh !== e.message) return e.zh.split('\n')[0].replace(new RegExp(`^(${escapeRe(name)}|${escapeRe(base)})：\\s*`), '');
  const zh = e instanceof ImportError ? IMPORT_REASON_ZH[e.code] : e instanceof FetchError ? '无法从网上获取' : undefined;
  return zh ? `${zh}（${detail}）` : `无法读取（${detail}）`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const dayNo = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86400000;

/** When the report was due, how it was published against that, and the date, from the model. */
export function timing(report: Report): Pick<ReportRecord, 'published' | 'deadline' | 'daysLate' | 'timeliness'> {
  const y = report.meta.year;
  const p = report.meta.published;
  const out: Pick<ReportRecord, 'published' | 'deadline' | 'daysLate' | 'timeliness'> = { timeliness: 'undated' };
  if (y === undefined) return out;
  const [dm, dd] = report.meta.kind === 'government' ? [3, 31] : [1, 31];
  out.deadline = ymd(y + 1, dm, dd);
  if (!p || !p.valid) return out;
  out.published = ymd(p.year, p.month, p.day);
  const day = dayNo(p.year, p.month, p.day);
  out.daysLate = day - dayNo(y + 1, dm, dd);
  out.timeliness = day <= dayNo(y, 12, 31) ? 'premature' : out.daysLate > 0 ? 'late' : 'on-time';
  return out;
}

export function tableName(t: TableModel, locale: Locale): string {
  if (t.kind === 't3') return locale === 'en' ? 'Table 3' : '表三';
  if (t.kind === 't4') return locale === 'en' ? 'Table 4' : '表四';
  return locale === 'en' ? `Table 2 (art. 20 item ${t.item ?? '?'})` : `表二（第二十条第（${ITEM_NUMERALS[t.item ?? 0] ?? '?'}）项）`;
}

/** Every number cell of the report by the start of its text and of its outer span, with its table. */
function cellIndex(report: Report): Map<number, { cell: NumberCell; table: TableModel }> {
  const map = new Map<number, { cell: NumberCell; table: TableModel }>();
  for (const table of report.tables.all) {
    for (const row of table.rows) {
      for (const cell of row.cells.values()) {
        map.set(cell.span.start, { cell, table });
        if (!map.has(cell.outer.start)) map.set(cell.outer.start, { cell, table });
      }
    }
  }
  return map;
}

/** Findings as the review records them: positions 1-based, the text pointed at, the cell named. */
export function reviewFindings(report: Report, findings: Finding[], locale: Locale, against?: (f: Finding) => string | undefined): ReviewFinding[] {
  const cells = cellIndex(report);
  return findings.map((f) => {
    const raw = report.text.slice(f.span.start, Math.min(f.span.end, f.span.start + 200)).replace(/\s+/g, ' ').trim();
    const value = raw.length > 60 ? `${raw.slice(0, 59)}…` : raw;
    const r: ReviewFinding = {
      code: f.code,
      name: f.name,
      severity: f.severity,
      message: f.message,
      ...oneBased(f.range),
      value,
    };
    const hit = cells.get(f.span.start);
    if (hit) r.cell = { table: tableName(hit.table, locale), row: hit.cell.rowLabel, col: hit.cell.colLabel };
    if (typeof f.data?.computed === 'number') r.computed = f.data.computed;
    if (typeof f.data?.stated === 'number') r.stated = f.data.stated;
    const file = against?.(f);
    if (file) r.against = file;
    return r;
  });
}

/** The edition of the tables: 表三's where its shape tells, else the majority of the tables'. */
function editionOf(report: Report): Edition | undefined {
  if (report.tables.t3?.edition) return report.tables.t3.edition;
  const votes = report.tables.all.map((t) => t.edition).filter((e): e is Edition => e !== null);
  if (votes.length) return votes.filter((v) => v === 2019).length * 2 > votes.length ? 2019 : 2021;
  return report.tables.all.length ? report.meta.edition : undefined;
}

function table3(report: Report): Table3Row[] | undefined {
  const t3 = report.tables.t3;
  if (!t3) return undefined;
  return T3_ROWS[t3.readAs]
    .filter((r) => !r.group)
    .map((def) => {
      const row = t3.byKey.get(def.key);
      return { key: def.key, label: def.label, values: T3_COLUMN_KEYS.map((c) => row?.cells.get(c)?.value ?? null) };
    });
}

function unreadCells(report: Report, locale: Locale): UnreadCell[] {
  const out: UnreadCell[] = [];
  for (const table of report.tables.all) {
    for (const row of table.rows) {
      for (const cell of row.cells.values()) {
        if (cell.status === 'unread') out.push({ table: tableName(table, locale), row: cell.rowLabel, col: cell.colLabel, line: report.lines.position(cell.span.start).line + 1 });
      }
    }
  }
  return out;
}

/** Whether what was read holds an annual report at all (a year, a section of the six, or 表三). */
function looksLikeReport(report: Report): boolean {
  return report.meta.year !== undefined || report.sections.some((s) => s.no !== null) || report.tables.t3 !== null;
}

/** A record with nothing read yet: `ok`, or a row with the reason a file could not be read. */
export function baseRecord(t: { index: number; file: string; path?: string; url?: string; attachment?: string }, reason?: string): ReportRecord {
  return {
    index: t.index,
    file: t.file,
    ...(t.path ? { path: t.path } : {}),
    ...(t.url ? { url: t.url } : {}),
    ...(t.attachment ? { attachment: t.attachment } : {}),
    status: reason === undefined ? 'ok' : 'unreadable',
    ...(reason === undefined ? {} : { reason }),
    errors: 0,
    warnings: 0,
    infos: 0,
    topRules: [],
    findings: [],
    unread: [],
    ms: 0,
  };
}

export interface ReadOutcome {
  record: ReportRecord;
  /** The report in the dialect (as read, or as imported), for the cross-year check and `--imported`. */
  text?: string;
}

/** Reads one file (bytes) into a record. Never throws: a file that cannot be read is a record with the reason. */
export async function reviewFile(
  input: { index: number; file: string; path?: string; url?: string; attachment?: string; name: string; data: Uint8Array | string; imported?: ImportResult },
  options: { locale: Locale; analyzer?: Analyzer },
): Promise<ReadOutcome> {
  const t0 = performance.now();
  const { locale } = options;
  const base = baseRecord(input);
  let text: string;
  let shape: ReviewShape;
  let imported: ImportResult | undefined;
  try {
    if (input.imported) {
      imported = input.imported;
      text = imported.text;
      shape = imported.shape;
    } else if (isDialect(input.name, input.data)) {
      if (input.data.length > MAX_FILE_BYTES) throw new ImportError('too-large', `the file is too large to be a report (${(input.data.length / 1048576).toFixed(1)} MB)`, `文件太大，不像是一份报告（${(input.data.length / 1048576).toFixed(1)} MB）`);
      text = (typeof input.data === 'string' ? input.data : new TextDecoder('utf-8').decode(input.data)).replace(/^\ufeff/, '');
      shape = 'dialect';
    } else {
      imported = await importReport({ name: input.name, data: input.data });
      text = imported.text;
      shape = imported.shape;
    }
  } catch (e) {
    return { record: { ...baseRecord(input, unreadableReason(e, input.name, locale)), ms: performance.now() - t0 } };
  }
  const analyzer = options.analyzer ?? new Analyzer();
  const analysis = analyzer.analyze(text, { locale });
  const report = analysis.report;
  const record: ReportRecord = {
    ...base,
    shape,
    agency: report.meta.agency,
    year: report.meta.year,
    kind: report.meta.kind,
    edition: editionOf(report),
    editionExpected: report.meta.year !== undefined ? editionForYear(report.meta.year) : undefined,
    ...timing(report),
    findings: reviewFindings(report, analysis.findings, locale),
    table3: table3(report),
    unread: unreadCells(report, locale),
  };
  if (imported) record.import = { cells: imported.cells, blanks: imported.blanks, unread: imported.unread, unplaced: imported.unplaced, warnings: imported.warnings };
  if (!looksLikeReport(report)) {
    // Findings about a text that is no report (every section missing…) would only be noise in the counts.
    record.findings = [];
    delete record.table3;
    record.status = 'not-report';
    record.reason = locale === 'en' ? 'no annual report found in it (no year, none of the six sections, no table 3)' : '其中没有识别出年度报告（没有年度、六个部分或表三）';
  }
  for (const k of Object.keys(record) as (keyof ReportRecord)[]) if (record[k] === undefined) delete record[k];
  record.ms = performance.now() - t0;
  return { record, text };
}

/** The cross-year findings (X01, X02) of one agency's reports, by file, each against last year's. */
export function reviewAcross(files: { file: string; text: string }[], options: { locale: Locale; analyzer?: Analyzer }): Map<string, ReviewFinding[]> {
  const analyzer = options.analyzer ?? new Analyzer();
  const set = files.map((f) => ({ file: f.file, report: analyzer.model(f.text) }));
  const across = analyzeAcross(set, { locale: options.locale });
  const out = new Map<string, ReviewFinding[]>();
  for (const s of set) {
    const fs = across.get(s.file) ?? [];
    if (!fs.length) continue;
    out.set(s.file, reviewFindings(s.report, fs, options.locale, (f) => f.related?.find((r) => r.file)?.file));
  }
  return out;
}
