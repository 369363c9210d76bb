/** The model's reader of 表四 (行政复议、行政诉讼情况), by its standard rows and columns. */
import type { Block } from '../parse.js';
import { type CellKind, type Edition, T4_COLUMNS, T4_ROWS } from '../standard.js';
import { labelCore, normLabel } from '../text.js';
import type { TableModel } from './tables.js';
import { readGrid } from './grid.js';

type TableBlock = Extract<Block, { kind: 'table' }>;

export function readT4(t: TableBlock, expected: Edition): TableModel {
  const colDefs = T4_COLUMNS.map((c) => ({ key: c.key, label: c.label, kind: 'count' as CellKind }));
  const m = readGrid(t, colDefs, T4_ROWS, (c) => labelCore(normLabel(c)), 'label');
  return { kind: 't4', block: t, edition: null, readAs: expected, ...m, rowDefs: T4_ROWS, colDefs, section: null };
}
