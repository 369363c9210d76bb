/**
 * Next year's report from this year's: front matter and title for year + 1 (edition by year), the
 * period sentence, the six sections with prompts, every table of the right edition — with
 * 二、上年结转 filled from this year's 四、结转下年度继续办理 and last year's 现行有效件数 carried.
 * The rest of 表三 is left blank, so the checker says which values still have to be entered
 * (C03) instead of reporting totals that cannot hold yet.
 */
import type { Report } from './model.js';
import { S2_BLOCKS, T3_COLUMNS, T3_ROWS, editionForYear } from './standard.js';
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
