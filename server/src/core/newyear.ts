/**
 * Next year's report from this year's: front matter and title for year + 1 (edition by year), the
 * period sentence, the six sections with prompts, every table of the right edition — with
 * 二、上年结转 filled from this year's 四、结转下年度继续办理 and last year's 现行有效件数 carried.
 * The rest of 表三 is left blank, so the checker says which values still have to be entered
 * (C03) instead of reporting totals that cannot hold yet.
 */
import type { Report } from './model.js';
import type { Finding } from './types.js';
import type { Range } from './text.js';
import { S2_BLOCKS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_ROWS, editionForYear, type Edition } from './standard.js';
import { skeleton } from './skeleton.js';

export interface NextYear {
  text: string;
  /** Suggested file name: `{agency}{year}年政府信息公开工作年度报告.report.md`. */
  fileName: string;
  year: number;
  /** What was carried over, for the user: `二、上年结转…：自然人 3, …`. */
  carried: string[];
  /** Why nothing could be generated (no year or agency), when text is empty. */
  problem?: string;
}

/**
 * The file name of a report: `{机关}{年度}年政府信息公开工作年度报告.report.md`, without characters that file systems
 * refuse or that would make a path; the source's own name (as `NAME.report.md`) when agency or year is unknown.
 */
export function reportFileName(agency: string | undefined, year: number | undefined, sourceName = 'report'): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '').trim();
  if (agency && safe(agency) && year) return `${safe(agency)}${year}年政府信息公开工作年度报告.report.md`;
  const base = safe((sourceName.split(/[\\/]/).pop() ?? 'report').replace(/\.[^.]*$/, '')) || 'report';
  return `${base}.report.md`;
}

export function nextYearReport(report: Report): NextYear {
  const year = report.meta.year;
  const agency = report.meta.agency;
  if (!year) return { text: '', fileName: '', year: 0, carried: [], problem: 'the report has no year (front matter 年度, or the title)' };
  if (!agency) return { text: '', fileName: '', year: 0, carried: [], problem: 'the report has no agency (front matter 机关, or the title)' };
  const next = year + 1;
  const edition = editionForYear(next);
  const values: Record<string, number | string> = {};
  const carried: string[] = [];
  // 表三: blank, except 二、上年结转 = this year's 四、结转下年度继续办理, column by column.
  for (const r of T3_ROWS[edition]) if (!r.group) for (const c of T3_COLUMNS) values[`t3.${r.key}.${c.key}`] = '';
  const lastNext = report.tables.t3?.byKey.get('next');
  for (const c of T3_COLUMNS) {
    const v = lastNext?.cells.get(c.key)?.value;
    values[`t3.carried.${c.key}`] = v ?? '';
    if (v !== null && v !== undefined) carried.push(`${c.label} ${v}`);
  }
  // 第二十条第（一）项: this year's 现行有效件数 becomes the starting point (nothing issued or repealed yet).
  const notes: string[] = [];
  const s2 = report.tables.s2.find((t) => t.item === 1);
  if (edition === 2021) {
    const lastCol = s2?.readAs === 2019 ? 'total' : 'valid';
    const counts: string[] = [];
    for (const r of S2_BLOCKS[2021][0].rows) {
      const v = s2?.byKey.get(r.key)?.cells.get(lastCol)?.value;
      if (v !== null && v !== undefined) {
        values[`s2.1.${r.key}.valid`] = v;
        counts.push(`${r.label} ${v} 件`);
      } else values[`s2.1.${r.key}.valid`] = '';
    }
    if (counts.length) notes.push(`<!-- 上年末现行有效件数：${counts.join('，')}。本年现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数。 -->`);
  }
  const text = skeleton({
    agency,
    year: next,
    edition,
    kind: report.meta.kind === 'government' ? '政府' : '部门',
    values,
    prose: notes.length ? { 2: notes.join('\n') } : undefined,
  });
  return { text, fileName: reportFileName(agency, next), year: next, carried };
}

/** Every data cell of the edition's tables left blank: the checker then lists each value still to be entered (C03). */
export function blankValues(edition: Edition): Record<string, string> {
  const v: Record<string, string> = {};
  for (const r of T3_ROWS[edition]) if (!r.group) for (const c of T3_COLUMNS) v[`t3.${r.key}.${c.key}`] = '';
  for (const r of T4_ROWS) for (const c of T4_COLUMNS) v[`t4.${r.key}.${c.key}`] = '';
  for (const b of S2_BLOCKS[edition]) for (const r of b.rows) for (const c of b.columns) v[`s2.${b.item}.${r.key}.${c.key}`] = '';
  return v;
}

export interface NewReportOptions {
  agency: string;
  year: number;
  kind?: '部门' | '政府';
}

/**
 * A new, empty report (新建年度报告): front matter, title and period for the year, the edition the year calls for,
 * the six sections with prompts (S12 until replaced) and every table with blank cells (C03 until filled).
 */
export function newReport(o: NewReportOptions): NextYear {
  const agency = o.agency.trim();
  if (!agency) return { text: '', fileName: '', year: o.year, carried: [], problem: 'no agency' };
  if (!Number.isInteger(o.year) || o.year < 2008 || o.year > 2100) return { text: '', fileName: '', year: o.year, carried: [], problem: 'no year' };
  const edition = editionForYear(o.year);
  const text = skeleton({ agency, year: o.year, edition, kind: o.kind ?? '部门', values: blankValues(edition) });
  return { text, fileName: reportFileName(agency, o.year), year: o.year, carried: [] };
}

/**
 * Where the author starts in a generated report: the first blank cell (`cells` first: next year's report, whose
 * prose is the author's own to rewrite) or the first prompt, selected so that typing replaces it (a new report).
 * A blank cell gets the cursor after its first space, so that the typed figure stands as `| 5 |`.
 */
export function firstToFill(report: Report, findings: Finding[], order: ('cells' | 'prompts')[]): Range | undefined {
  for (const what of order) {
    const f = findings.find((x) => x.code === (what === 'cells' ? 'C03' : 'S12'));
    if (!f) continue;
    if (what === 'prompts') return f.range;
    const blank = report.text.slice(f.span.start, f.span.end);
    const at = report.lines.position(f.span.start + (blank.startsWith(' ') ? 1 : 0));
    return { start: at, end: at };
  }
  return undefined;
}
