/**
 * Fix withholding: would writing these values into these cells make a 勾稽关系 of 表三/表四 fail that does not fail
 * now? The identities themselves are defined once, in sums.ts.
 *
 * A quick fix that writes a number (a computed total, 0 in a blank cell, a row of zeros, last
 * year's figure) must never turn a correct table into a wrong one elsewhere: when the parts of a
 * row are wrong rather than its total, "write the computed total" would break the column's
 * balance. Such a fix is withheld and the finding says why (see analyze.ts).
 */
import type { TableModel } from './model.js';
import type { Report } from './model.js';
import { type CellKey, type Sum, sumCell, sums } from './sums.js';

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

/** An identity a fix may break (label: what must hold, for the message of a withheld fix). */
export type Relation = Sum;

function touches(s: Sum, c: ValueChange): boolean {
  const at = (k: CellKey) => k.row === c.row && k.col === c.col;
  return s.table === c.table && (at(s.stated) || s.terms.some(at));
}

function valueOf(s: Sum, key: CellKey, changes: ValueChange[]): number | null {
  const changed = changes.find((c) => c.table === s.table && c.row === key.row && c.col === key.col);
  const v = changed ? changed.value : sumCell(s, key)?.value;
  return v === null || v === undefined ? null : v;
}

/** true: holds, false: fails, null: a term is missing or unreadable (not checked). */
function holds(s: Sum, changes: ValueChange[]): boolean | null {
  const stated = valueOf(s, s.stated, changes);
  if (stated === null) return null;
  let sum = 0;
  for (const t of s.terms) {
    const v = valueOf(s, t, changes);
    if (v === null) return null;
    sum += t.sign * v;
  }
  return Math.abs(stated - sum) < 1e-6;
}

/** The first identity that holds or is unchecked now and would fail with the changes, if any. */
export function brokenBy(r: Report, changes: ValueChange[]): Relation | null {
  if (!changes.length) return null;
  for (const s of sums(r)) {
    if (!s.primary || !changes.some((c) => touches(s, c))) continue;
    if (holds(s, changes) === false && holds(s, []) !== false) return s;
  }
  return null;
}
