/** The grid every table reader shares: header cells to column definitions, rows to row definitions, cells read. */
import type { Block, RowSpan } from '../parse.js';
import { readCell } from '../cells.js';
import type { CellKind, RowDef } from '../standard.js';
import { editDistance, labelCore, normLabel } from '../text.js';
import type { ColumnModel, RowModel } from './tables.js';

type TableBlock = Extract<Block, { kind: 'table' }>;

const ROW_ALIASES: Record<string, string[]> = {
  partial: ['部分公开'],
  direct: ['未经复议直接起诉', '行政诉讼未经复议直接起诉', '直接起诉'],
  after: ['复议后起诉', '行政诉讼复议后起诉'],
  review: ['行政复议'],
  fees: ['行政事业性收费'],
};

/** What the readers compare of a list of row definitions (the form's, a few lists): made once per list. */
interface RowDefKeys {
  /** The groups' labels, normalised, and their cores. */
  groups: { gn: string; gc: string }[];
  candidates: Candidate<RowDef>[];
}
const ROW_DEF_KEYS = new WeakMap<RowDef[], RowDefKeys>();
function rowDefKeys(defs: RowDef[]): RowDefKeys {
  let k = ROW_DEF_KEYS.get(defs);
  if (!k) {
    k = {
      groups: defs.filter((g) => g.group).map((g) => ({ gn: normLabel(g.label), gc: labelCore(normLabel(g.label)) })),
      candidates: defs.map((d) => ({ def: d, keys: [labelCore(normLabel(d.label)), ...(ROW_ALIASES[d.key] ?? [])] })),
    };
    ROW_DEF_KEYS.set(defs, k);
  }
  return k;
}

/** The comparable text of a row label, with a leading group label removed (`（三）不予公开 1.属于国家秘密`). */
export function rowKeyText(label: string, defs: RowDef[]): string {
  let n = normLabel(label);
  for (const { gn, gc } of rowDefKeys(defs).groups) {
    if (n.length > gn.length && n.startsWith(gn)) n = n.slice(gn.length);
    else if (n.length > gc.length && n.startsWith(gc) && /^\d/.test(n.slice(gc.length))) n = n.slice(gc.length);
  }
  return labelCore(n);
}

/** The body rows a table's model reads (a row of blank cells is none), in order: RowModel.index is the index here. */
export function bodyRows(t: TableBlock): RowSpan[] {
  return t.rows.filter((r) => r.cells.some((c) => c.text.trim() !== ''));
}

export function readGrid(
  t: TableBlock,
  colDefs: { key: string; label: string; kind: CellKind }[],
  rowDefs: RowDef[],
  colKey: (s: string) => string,
  _firstHeader: string,
): { columns: ColumnModel[]; rows: RowModel[]; byKey: Map<string, RowModel> } {
  // Columns
  const colCandidates = colDefs.map((d) => ({ def: d, keys: [colKey(d.label)] }));
  const colTexts = t.header.cells.slice(1).map((c) => colKey(c.text));
  const colMatch = matchLabels(colTexts, colCandidates);
  const columns: ColumnModel[] = t.header.cells.slice(1).map((cell, i) => ({
    cell,
    index: i + 1,
    def: colMatch[i].def,
    quality: colMatch[i].def ? (colMatch[i].near ? 'near' : cell.text === colMatch[i].def!.label ? 'exact' : 'normalised') : 'none',
    suggestion: colMatch[i].suggestion,
  }));
  // Rows
  const rowCandidates = rowDefKeys(rowDefs).candidates;
  const body = bodyRows(t);
  const rowTexts = body.map((r) => rowKeyText(r.cells[0]?.text ?? '', rowDefs));
  const rowMatch = matchLabels(rowTexts, rowCandidates);
  const rows: RowModel[] = [];
  const byKey = new Map<string, RowModel>();
  body.forEach((r: RowSpan, i) => {
    const label = r.cells[0] ?? { outer: r.span, inner: r.span, text: '' };
    const rm = rowMatch[i];
    const row: RowModel = {
      span: r.span,
      label,
      def: rm.def,
      quality: rm.def ? (rm.near ? 'near' : label.text === rm.def.label ? 'exact' : 'normalised') : 'none',
      suggestion: rm.suggestion,
      cellCount: r.cells.length,
      cells: new Map(),
      index: i,
    };
    if (rm.def && !rm.def.group) {
      for (const col of columns) {
        if (!col.def) continue;
        const c = r.cells[col.index];
        if (!c) continue;
        const reading = readCell(c.text, col.def.kind);
        // One fixed object shape for every cell (object spread of readings of varying shapes is slow).
        row.cells.set(col.def.key, {
          value: reading.value,
          status: reading.status,
          problem: reading.problem,
          unit: reading.unit,
          wanYuan: reading.wanYuan,
          normalised: reading.normalised,
          raw: c.text,
          span: c.text === '' ? c.outer : c.inner,
          outer: c.outer,
          kind: col.def.kind,
          row: rm.def.key,
          col: col.def.key,
          rowLabel: rm.def.label,
          colLabel: col.def.label,
        });
      }
    }
    rows.push(row);
    if (rm.def && !byKey.has(rm.def.key)) byKey.set(rm.def.key, row);
  });
  return { columns, rows, byKey };
}

interface Candidate<T> {
  def: T;
  keys: string[];
}

/** Matches labels to definitions: exact keys first, then the nearest unused one within a third of its length. */
function matchLabels<T>(texts: string[], cands: Candidate<T>[]): { def: T | null; near: boolean; suggestion?: T }[] {
  const used = new Set<T>();
  const out: { def: T | null; near: boolean; suggestion?: T }[] = texts.map(() => ({ def: null, near: false }));
  texts.forEach((t, i) => {
    const c = cands.find((c) => !used.has(c.def) && c.keys.includes(t));
    if (c) {
      used.add(c.def);
      out[i] = { def: c.def, near: false };
    }
  });
  texts.forEach((t, i) => {
    if (out[i].def || t === '') return;
    let best: { def: T; d: number; len: number } | null = null;
    for (const c of cands) {
      for (const k of c.keys) {
        const d = editDistance(t, k, Math.max(k.length, t.length));
        if (!best || d < best.d) best = { def: c.def, d, len: k.length };
      }
    }
    if (!best) return;
    if (!used.has(best.def) && best.d <= Math.ceil(best.len / 3)) {
      used.add(best.def);
      out[i] = { def: best.def, near: true, suggestion: best.def };
    } else if (best.d <= Math.max(t.length, best.len) * 0.7) {
      out[i] = { def: null, near: false, suggestion: best.def };
    }
  });
  return out;
}
