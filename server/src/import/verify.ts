/**
 * Stage 6 of the mapping: the written report read back by the core. Every value written must be
 * read by the checker in its place; rows or columns where one is not (a printed label the core reads
 * as another row) are named, so that the writer writes their standard wording instead.
 */
import { Analyzer } from '../core/index.js';
import type { Written } from './write.js';

/** `analyzer`: the caller's, so that a second read of a rewritten text re-parses only the chunks that changed. */
export function verify(w: Written, analyzer: Analyzer = new Analyzer()): { ok: number; bad: Set<string> } {
  const report = analyzer.model(w.text);
  const bad = new Set<string>();
  let ok = 0;
  for (const [key, v] of w.placed) {
    const [kind, ...rest] = key.split('.');
    let cell: { raw: string } | undefined;
    let rowKey: string;
    let colKey: string;
    let tableKey: string;
    if (kind === 's2') {
      const [item, row, col] = rest;
      [rowKey, colKey, tableKey] = [row, col, `s2.${item}`];
      cell = report.tables.s2.find((t) => t.item === Number(item))?.byKey.get(row)?.cells.get(col);
    } else {
      const [row, col] = rest;
      [rowKey, colKey, tableKey] = [row, col, kind];
      cell = (kind === 't3' ? report.tables.t3 : report.tables.t4)?.byKey.get(row)?.cells.get(col);
    }
    if (cell && cell.raw.replace(/\\\|/g, '|') === v.replace(/\\\|/g, '|')) ok++;
    else {
      bad.add(`${tableKey}.row.${rowKey}`);
      bad.add(`${tableKey}.col.${colKey}`);
    }
  }
  return { ok, bad };
}
