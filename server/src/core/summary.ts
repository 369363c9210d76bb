/**
 * What the cross-year rules (X01, X02) need of a report, in a few numbers, so that a batch need not keep every model:
 * `check DIR` analyses each report in a worker thread and keeps only its findings and this summary.
 *
 *  - As last year's report (`prev` in the rules), X01 reads 表三's 四、结转下年度继续办理 by column and X02 表二（一）'s
 *    现行有效件数 by row (2021 edition), each with its span and range (a finding's related place), and the rules find it
 *    by agency and year (cross.ts). `standIn` makes a FileReport of just that.
 *  - As this year's report (`target`), the rules read the full model (its fix is checked against the report's own
 *    relations), so a target is analysed again, in full, with its previous year's stand-in: but only when the numbers
 *    the rules compare differ at all (`mayFind`, conservative: a strict comparison where the rules allow rounding).
 * Same findings as analyzeAcross over the full models: test/unit/check-batch.test.ts.
 */
import type { FileReport } from './types.js';
import type { Report, TableModel, NumberCell } from './model.js';
import type { Range, Span } from './text.js';
import { agencyKey } from './cross.js';

export interface SummaryCell {
  value: number | null;
  span: Span;
  range: Range;
}

export interface CrossSummary {
  file: string;
  agency?: string;
  /** agencyKey(agency), as previousYear compares them. */
  agencyKey: string;
  year?: number;
  /** 表三 四、结转下年度继续办理 by column (as last year's report). */
  next: Record<string, SummaryCell>;
  /** 表二（一） 现行有效件数 by row key, of the first such table read as the 2021 edition (as last year's report). */
  valid: Record<string, SummaryCell>;
  /** 表三 二、上年结转 by column (as this year's). */
  carried: Record<string, number | null>;
  /** 表二（一）'s rows with a definition: 本年制发, 本年废止, 现行有效 (as this year's). */
  s2: [key: string, issued: number | null, repealed: number | null, valid: number | null][];
}

function s2Table(report: Report): TableModel | undefined {
  return report.tables.s2.find((t) => t.item === 1 && t.readAs === 2021);
}

const value = (c: NumberCell | undefined) => (c ? c.value : null);

/** The summary of a report for the cross-year rules. */
export function crossSummary(file: string, report: Report): CrossSummary {
  const s: CrossSummary = { file, agency: report.meta.agency, agencyKey: agencyKey(report.meta.agency), year: report.meta.year, next: {}, valid: {}, carried: {}, s2: [] };
  const t3 = report.tables.t3;
  for (const [col, c] of t3?.byKey.get('next')?.cells ?? []) s.next[col] = { value: c.value, span: c.span, range: report.lines.range(c.span) };
  for (const [col, c] of t3?.byKey.get('carried')?.cells ?? []) s.carried[col] = c.value;
  const s2 = s2Table(report);
  for (const [key, row] of s2?.byKey ?? []) {
    const v = row.cells.get('valid');
    if (v) s.valid[key] = { value: v.value, span: v.span, range: report.lines.range(v.span) };
  }
  for (const row of s2?.rows ?? []) {
    if (row.def) s.s2.push([row.def.key, value(row.cells.get('issued')), value(row.cells.get('repealed')), value(row.cells.get('valid'))]);
  }
  return s;
}

/** Cells of a stand-in table: only `value` and `span` are read of them. */
function cells(m: Record<string, SummaryCell>): Map<string, NumberCell> {
  return new Map(Object.entries(m).map(([k, c]) => [k, { value: c.value, span: c.span } as NumberCell]));
}

/**
 * A FileReport standing for last year's report, with only what X01 and X02 read of `prev`: meta (agency, year),
 * 表三's 结转下年度 row, 表二（一）'s 现行有效 column, the ranges of those cells.
 */
export function standIn(s: CrossSummary): FileReport {
  const ranges = new Map<string, Range>();
  for (const c of [...Object.values(s.next), ...Object.values(s.valid)]) ranges.set(`${c.span.start}:${c.span.end}`, c.range);
  const t3 = { byKey: new Map([['next', { cells: cells(s.next) }]]) };
  const s2 = { item: 1, readAs: 2021, byKey: new Map(Object.entries(s.valid).map(([k, c]) => [k, { cells: cells({ valid: c }) }])) };
  const report = {
    meta: { agency: s.agency, year: s.year },
    tables: { t3: Object.keys(s.next).length ? t3 : null, s2: Object.keys(s.valid).length ? [s2] : [], t4: null, all: [] },
    lines: {
      range(span: Span): Range {
        const r = ranges.get(`${span.start}:${span.end}`);
        if (!r) throw new Error(`a cross-year rule read a place of last year's report the summary does not hold (${span.start}–${span.end})`);
        return r;
      },
    },
  };
  return { file: s.file, report: report as unknown as Report };
}

/** Whether numbers a cross-year rule compares differ at all between this year's report and last year's. */
export function mayFind(target: CrossSummary, prev: CrossSummary): boolean {
  for (const [col, here] of Object.entries(target.carried)) {
    const there = prev.next[col]?.value;
    if (here !== null && there !== undefined && there !== null && here !== there) return true;
  }
  for (const [key, issued, repealed, valid] of target.s2) {
    const last = prev.valid[key]?.value;
    if (issued === null || repealed === null || valid === null || last === undefined || last === null) continue;
    const expected = last + issued - repealed;
    if (!Number.isSafeInteger(last + issued) || !Number.isSafeInteger(expected) || expected !== valid) return true;
  }
  return false;
}

/** The key of a summary's agency and `year` (its own by default), as previousOf matches them; null without either. */
export function summaryKey(s: CrossSummary, year = s.year): string | null {
  return year === undefined || !s.agencyKey ? null : `${s.agencyKey}\u0000${year}`;
}

/**
 * For each summary, the summary of its previous year's report among them, as previousYear finds it (the first of
 * that agency and year in their order), or undefined.
 */
export function previousOf(all: CrossSummary[]): (CrossSummary | undefined)[] {
  const first = new Map<string, CrossSummary>();
  for (const s of all) {
    const k = summaryKey(s);
    if (k !== null && !first.has(k)) first.set(k, s);
  }
  return all.map((s) => (s.year === undefined ? undefined : first.get(summaryKey(s, s.year - 1) ?? '')));
}
