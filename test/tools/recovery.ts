/**
 * How much of a report an import recovered: every table cell of a reference report (a hand-made
 * transcription) compared with the imported one by (table, row key, column key).
 */
import type { Report, TableModel } from '../../server/src/core/model.js';

export interface CellDiff {
  key: string;
  expected: string;
  got: string | null;
}

export interface Recovery {
  /** Table cells in the reference. */
  cells: number;
  /** Same value in the same place. */
  recovered: number;
  /** A different value in that place. */
  wrong: CellDiff[];
  /** No value (blank, or no such cell) where the reference has one. */
  missing: CellDiff[];
  /** Cells with a value in the import that the reference does not have. */
  extra: string[];
  share: number;
  sections: { expected: number[]; got: number[] };
  title: { expected?: string; got?: string; same: boolean };
  agency: { expected?: string; got?: string; same: boolean };
  year: { expected?: number; got?: number; same: boolean };
}

function tables(r: Report): { key: string; t: TableModel }[] {
  const out: { key: string; t: TableModel }[] = [];
  for (const t of r.tables.s2) if (t.item !== undefined) out.push({ key: `s2.${t.item}`, t });
  if (r.tables.t3) out.push({ key: 't3', t: r.tables.t3 });
  if (r.tables.t4) out.push({ key: 't4', t: r.tables.t4 });
  return out;
}

/** Every cell of the form's tables with its value: `t3.new.natural` → `2`. Blank cells are left out. */
export function cellValues(r: Report): Map<string, string> {
  const out = new Map<string, string>();
  for (const { key, t } of tables(r)) {
    for (const row of t.rows) {
      if (!row.def) continue;
      for (const [col, c] of row.cells) {
        const k = `${key}.${row.def.key}.${col}`;
        if (out.has(k) || c.status === 'blank') continue;
        out.set(k, c.value !== null ? String(c.value) : c.raw.normalize('NFKC').replace(/\s+/g, ''));
      }
    }
  }
  return out;
}

const squash = (s: string | undefined) => (s ?? '').normalize('NFKC').replace(/[\s\u3000]+/g, '');

export function compareReports(reference: Report, imported: Report): Recovery {
  const want = cellValues(reference);
  const got = cellValues(imported);
  const wrong: CellDiff[] = [];
  const missing: CellDiff[] = [];
  let recovered = 0;
  for (const [k, v] of want) {
    const g = got.get(k);
    if (g === undefined) missing.push({ key: k, expected: v, got: null });
    else if (g === v) recovered++;
    else wrong.push({ key: k, expected: v, got: g });
  }
  const extra = [...got.keys()].filter((k) => !want.has(k));
  const secs = (r: Report) => r.sections.map((s) => s.no).filter((n): n is number => n !== null);
  return {
    cells: want.size,
    recovered,
    wrong,
    missing,
    extra,
    share: want.size ? recovered / want.size : 1,
    sections: { expected: secs(reference), got: secs(imported) },
    title: { expected: reference.title?.text, got: imported.title?.text, same: squash(reference.title?.text) === squash(imported.title?.text) },
    agency: { expected: reference.meta.agency, got: imported.meta.agency, same: squash(reference.meta.agency) === squash(imported.meta.agency) },
    year: { expected: reference.meta.year, got: imported.meta.year, same: reference.meta.year === imported.meta.year },
  };
}
