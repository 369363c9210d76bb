/**
 * The model of the tables: which of the three kinds each table is (第二十条 tables of section 二, 表三, 表四), and
 * where it stands. Each kind has its reader (section2.ts, table3.ts, table4.ts) over the shared grid (grid.ts).
 */
import { type Block, type CellSpan, blockOrigin } from '../parse.js';
import type { CellReading } from '../cells.js';
import { type CellKind, type Edition, type RowDef, T3_COLUMNS, labelKey } from '../standard.js';
import { type Span, labelCore, normLabel, shiftSpan as sh } from '../text.js';
import type { Meta } from './meta.js';
import type { SectionModel } from './sections.js';
import { readS2 } from './section2.js';
import { readT3 } from './table3.js';
import { readT4 } from './table4.js';
import { bodyRows } from './grid.js';

type HeadingBlock = Extract<Block, { kind: 'heading' }>;
type TableBlock = Extract<Block, { kind: 'table' }>;

export interface NumberCell extends CellReading {
  raw: string;
  /** The cell text, or the whole space between the pipes for an empty cell. */
  span: Span;
  outer: Span;
  kind: CellKind;
  row: string;
  col: string;
  rowLabel: string;
  colLabel: string;
}

export interface RowModel {
  span: Span;
  label: CellSpan;
  def: RowDef | null;
  quality: 'exact' | 'normalised' | 'near' | 'none';
  suggestion?: RowDef;
  cellCount: number;
  cells: Map<string, NumberCell>;
  /** Index of the row among the body rows. */
  index: number;
}

export interface ColumnModel {
  cell: CellSpan;
  index: number;
  def: { key: string; label: string; kind: CellKind } | null;
  quality: 'exact' | 'normalised' | 'near' | 'none';
  suggestion?: { key: string; label: string };
}

export type TableKind = 's2' | 't3' | 't4';

export interface TableModel {
  kind: TableKind;
  block: Extract<Block, { kind: 'table' }>;
  /** Edition the table's own shape shows, null when both would fit. */
  edition: Edition | null;
  /** Edition whose definitions were used to read it. */
  readAs: Edition;
  /** Article-20 item for section 二 blocks. */
  item?: number;
  heading?: Extract<Block, { kind: 'heading' }>;
  columns: ColumnModel[];
  rows: RowModel[];
  byKey: Map<string, RowModel>;
  rowDefs: RowDef[];
  colDefs: { key: string; label: string; kind: CellKind }[];
  /** Section number (1–6) the table stands in, if any. */
  section: number | null;
}

/** The tables of a report: section 二's in order, the first 表三 and 表四, and every table in document order. */
export interface ReportTables {
  s2: TableModel[];
  t3: TableModel | null;
  t4: TableModel | null;
  all: TableModel[];
}

const T3_COL_KEYS = new Set(T3_COLUMNS.slice(0, 5).map((c) => labelCore(normLabel(c.label))));
const T4_COL_KEYS = new Set(['结果维持', '结果纠正', '尚未审结']);

function classify(t: TableBlock): TableKind | null {
  const head = t.header.cells.map((c) => labelKey(c.text));
  if (head[0] === '信息内容') return 's2';
  if (head.some((h) => T3_COL_KEYS.has(h)) || head[0] === '申请人情况') return 't3';
  if (head.some((h) => T4_COL_KEYS.has(h))) return 't4';
  const first = t.rows.map((r) => labelCore(normLabel(r.cells[0]?.text ?? '')));
  if (first.some((l) => l.startsWith('本年新收') || l === '总计')) return 't3';
  if (first.some((l) => l.startsWith('行政复议'))) return 't4';
  return null;
}

/**
 * What readTables read from a table block the last time, by the block as the parser read it from its chunk
 * (parse.ts, blockOrigin): a table's model depends only on its block, the heading above it (第二十条 tables: its
 * text), the edition it is read as and the section it stands in. The parser hands out the very same block object for
 * a chunk that neither changed nor moved, and then the model is the last one; for a chunk that moved, the last model
 * is moved with it (placeTable), which is what reading the block again would give. A model is never changed once
 * made, so one made for an earlier report may stand in a later one.
 */
export type TableCache = WeakMap<TableBlock, { kind: TableKind | null; heading: string | undefined; edition: Edition; model: TableModel | null }>;

/** A table's model `m` read from another placement of `b`'s origin, as reading `b` would give it (see TableCache). */
function placeTable(m: TableModel, b: TableBlock, heading: HeadingBlock | undefined, section: number | null): TableModel {
  const d = b.span.start - m.block.span.start;
  const body = bodyRows(b);
  const columns = m.columns.map((c) => ({ ...c, cell: b.header.cells[c.index] }));
  // Written out field by field, in readGrid's order (an object spread that replaces fields is many times slower).
  const rows = m.rows.map((row, i): RowModel => {
    const r = body[i];
    const cells = new Map<string, NumberCell>();
    for (const [key, c] of row.cells) {
      cells.set(key, {
        value: c.value, status: c.status, problem: c.problem, unit: c.unit, wanYuan: c.wanYuan, normalised: c.normalised,
        raw: c.raw, span: sh(c.span, d), outer: sh(c.outer, d), kind: c.kind, row: c.row, col: c.col, rowLabel: c.rowLabel, colLabel: c.colLabel,
      });
    }
    const label = r.cells[0] ?? { outer: r.span, inner: r.span, text: '' };
    return { span: r.span, label, def: row.def, quality: row.quality, suggestion: row.suggestion, cellCount: row.cellCount, cells, index: row.index };
  });
  const byKey = new Map<string, RowModel>();
  for (const [key, row] of m.byKey) byKey.set(key, rows[row.index]);
  return m.kind === 's2' ? { ...m, block: b, heading, columns, rows, byKey, section } : { ...m, block: b, columns, rows, byKey, section };
}

export function readTables(text: string, blocks: Block[], sections: SectionModel[], meta: Meta, cache?: TableCache): ReportTables {
  const all: TableModel[] = [];
  const s2: TableModel[] = [];
  let t3: TableModel | null = null;
  let t4: TableModel | null = null;
  let lastHeading: HeadingBlock | undefined;
  let k = 0;
  for (const b of blocks) {
    if (b.kind === 'heading') {
      lastHeading = b.depth >= 3 ? b : undefined;
      continue;
    }
    if (b.kind !== 'table') continue;
    const origin = blockOrigin(b) as TableBlock;
    const hit = cache?.get(origin);
    const kind = hit ? hit.kind : classify(b);
    if (!kind) {
      if (cache && !hit) cache.set(origin, { kind, heading: undefined, edition: meta.edition, model: null });
      continue;
    }
    while (k < sections.length && b.span.start >= sections[k].span.end) k++;
    const sec = k < sections.length && b.span.start >= sections[k].span.start ? sections[k] : undefined;
    const section = sec?.no ?? null;
    const heading = kind === 's2' ? lastHeading : undefined;
    const last = hit?.model && hit.heading === heading?.text && hit.edition === meta.edition ? hit.model : null;
    let model: TableModel;
    if (last && last.block === b && last.heading === heading && last.section === section) model = last;
    else if (last) model = placeTable(last, b, heading, section);
    else {
      model = kind === 's2' ? readS2(b, heading, meta.edition) : kind === 't3' ? readT3(b, meta.edition) : readT4(b, meta.edition);
      model.section = section;
    }
    if (cache && model !== last) cache.set(origin, { kind, heading: heading?.text, edition: meta.edition, model });
    if (kind === 's2') s2.push(model);
    else if (kind === 't3') {
      if (!t3) t3 = model;
    } else if (!t4) t4 = model;
    all.push(model);
    lastHeading = undefined;
  }
  return { s2, t3, t4, all };
}
