/** The model's reader of 表三 (收到和处理政府信息公开申请情况): its edition by its rows, read by the standard rows and columns. */
import type { Block } from '../parse.js';
import { type CellKind, type Edition, T3_COLUMNS, T3_ROWS } from '../standard.js';
import { labelCore, normLabel } from '../text.js';
import type { TableModel } from './tables.js';
import { readGrid, rowKeyText } from './grid.js';

type TableBlock = Extract<Block, { kind: 'table' }>;

export function readT3(t: TableBlock, expected: Edition): TableModel {
  const labels = t.rows.map((r) => rowKeyText(r.cells[0]?.text ?? '', T3_ROWS[2021]));
  const has21 = labels.some((l) => l.startsWith('申请人无正当理由逾期不补正') || l.startsWith('申请人逾期未按收费通知'));
  const otherRow = t.rows.find((r, i) => labels[i] === '其他处理');
  const otherHasValues = otherRow ? otherRow.cells.slice(1).some((c) => c.text.trim() !== '') : false;
  const edition: Edition | null = has21 ? 2021 : otherHasValues ? 2019 : null;
  const readAs = edition ?? expected;
  const rowDefs = T3_ROWS[readAs];
  const colDefs = T3_COLUMNS.map((c) => ({ key: c.key, label: c.label, kind: 'count' as CellKind }));
  const m = readGrid(t, colDefs, rowDefs, (c) => labelCore(normLabel(c)), 'label');
  return { kind: 't3', block: t, edition, readAs, ...m, rowDefs, colDefs, section: null };
}
