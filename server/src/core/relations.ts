/**
 * The arithmetic relations of 表三 and 表四 (the A rules' 勾稽关系), as data, for one question:
 * would writing these values into these cells make a relation fail that does not fail now?
 *
 * A quick fix that writes a number (a computed total, 0 in a blank cell, a row of zeros, last
 * year's figure) must never turn a correct table into a wrong one elsewhere: when the parts of a
 * row are wrong rather than its total, "write the computed total" would break the column's
 * balance. Such a fix is withheld and the finding says why (see analyze.ts).
 */
import type { Report, TableModel } from './model.js';
import { T3_APPLICANTS, T3_COLUMNS, outcomeTerms } from './standard.js';
import type { Text } from './types.js';

/** One cell of a table by its keys, present or not (a fix may insert the row). */
export interface CellRef {
  table: TableModel;
  row: string;
  col: string;
}

/** A value a fix writes into a cell. */
export interface ValueChange extends CellRef {
  value: number;
}

export interface Relation {
  code: 'A01' | 'A02' | 'A03' | 'A04';
  /** What must hold, for the message of a withheld fix. */
  label: Text;
  left: CellRef[];
  right: CellRef[];
}

const T4_TERMS = ['upheld', 'corrected', 'other', 'pending'];
const cache = new WeakMap<Report, Relation[]>();

export function relations(r: Report): Relation[] {
  let out = cache.get(r);
  if (out) return out;
  out = [];
  const t3 = r.tables.t3;
  if (t3) {
    const at = (row: string, col: string): CellRef => ({ table: t3, row, col });
    for (const c of T3_COLUMNS) {
      out.push({
        code: 'A01',
        label: { zh: `“${c.label}”列（七）总计与（一）至（六）各项之和相等`, en: `（七）总计 equals the outcomes in column "${c.label}"` },
        left: [at('total', c.key)],
        right: outcomeTerms(t3.readAs).map((k) => at(k, c.key)),
      });
      out.push({
        code: 'A02',
        label: { zh: `“${c.label}”列的勾稽关系（一加二等于三加四）`, en: `the balance of column "${c.label}" (一 + 二 = 三 + 四)` },
        left: [at('new', c.key), at('carried', c.key)],
        right: [at('total', c.key), at('next', c.key)],
      });
    }
    for (const d of t3.rowDefs) {
      if (d.group) continue;
      out.push({
        code: 'A03',
        label: { zh: `“${d.label}”行总计与各类申请人之和相等`, en: `the total of row "${d.label}" equals its applicant columns` },
        left: [at(d.key, 'total')],
        right: T3_APPLICANTS.map((c) => at(d.key, c)),
      });
    }
  }
  const t4 = r.tables.t4;
  if (t4) {
    for (const d of t4.rowDefs) {
      if (d.group) continue;
      out.push({
        code: 'A04',
        label: { zh: `表四“${d.label}”总计与各项之和相等`, en: `the total of "${d.label}" in 表四 equals its results` },
        left: [{ table: t4, row: d.key, col: 'total' }],
        right: T4_TERMS.map((c) => ({ table: t4, row: d.key, col: c })),
      });
    }
  }
  cache.set(r, out);
  return out;
}

function same(a: CellRef, b: CellRef): boolean {
  return a.table === b.table && a.row === b.row && a.col === b.col;
}

function sideSum(side: CellRef[], changes: ValueChange[]): number | null {
  let s = 0;
  for (const ref of side) {
    const changed = changes.find((c) => same(c, ref));
    const v = changed ? changed.value : ref.table.byKey.get(ref.row)?.cells.get(ref.col)?.value;
    if (v === null || v === undefined) return null;
    s += v;
  }
  return s;
}

/** true: holds, false: fails, null: a term is missing or unreadable (not checked). */
function holds(rel: Relation, changes: ValueChange[]): boolean | null {
  const a = sideSum(rel.left, changes);
  const b = sideSum(rel.right, changes);
  if (a === null || b === null) return null;
  return Math.abs(a - b) < 1e-6;
}

/** The first relation that holds or is unchecked now and would fail with the changes, if any. */
export function brokenBy(r: Report, changes: ValueChange[]): Relation | null {
  if (!changes.length) return null;
  for (const rel of relations(r)) {
    if (!changes.some((c) => rel.left.some((x) => same(x, c)) || rel.right.some((x) => same(x, c)))) continue;
    if (holds(rel, changes) === false && holds(rel, []) !== false) return rel;
  }
  return null;
}
