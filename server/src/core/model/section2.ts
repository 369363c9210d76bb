/** The model's reader of a 第二十条 table of section 二 (表二): its item, its edition, its rows and columns. */
import type { Block } from '../parse.js';
import { type BlockDef, type ColumnDef, type Edition, type RowDef, S2_BLOCKS, labelKey } from '../standard.js';
import { cnNumeral } from '../text.js';
import type { TableModel } from './tables.js';
import { readGrid } from './grid.js';

type HeadingBlock = Extract<Block, { kind: 'heading' }>;
type TableBlock = Extract<Block, { kind: 'table' }>;

const ITEM_RE = /第\s*[（(]?\s*([一二三四五六七八九十]+)\s*[）)]?\s*项/;

function itemFromRows(t: TableBlock): number | undefined {
  const labels = t.rows.map((r) => labelKey(r.cells[0]?.text ?? ''));
  if (labels.some((l) => l === '规章' || l.endsWith('规范性文件'))) return 1;
  if (labels.some((l) => l === '行政许可' || l === '其他对外管理服务事项')) return 5;
  if (labels.some((l) => l === '行政处罚' || l === '行政强制')) return 6;
  if (labels.some((l) => l === '行政事业性收费')) return 8;
  if (labels.some((l) => l === '政府集中采购')) return 9;
  return undefined;
}

/** A definition's column and row labels as labelKey reads them, made once per definition. */
const DEF_KEYS = new WeakMap<BlockDef, { cols: Set<string>; rows: Set<string> }>();
function defKeys(d: BlockDef): { cols: Set<string>; rows: Set<string> } {
  let k = DEF_KEYS.get(d);
  if (!k) DEF_KEYS.set(d, (k = { cols: new Set(d.columns.map((c) => labelKey(c.label))), rows: new Set(d.rows.map((r) => labelKey(r.label))) }));
  return k;
}

export function readS2(t: TableBlock, heading: HeadingBlock | undefined, expected: Edition): TableModel {
  const hm = heading ? ITEM_RE.exec(heading.text.normalize('NFKC')) : null;
  const item = (hm ? cnNumeral(hm[1]) : undefined) ?? itemFromRows(t);
  const defs = (e: Edition) => S2_BLOCKS[e].find((d) => d.item === item);
  const score = (d: BlockDef | undefined) => {
    if (!d) return -1;
    const { cols, rows } = defKeys(d);
    let s = 0;
    for (const c of t.header.cells.slice(1)) if (cols.has(labelKey(c.text))) s++;
    for (const r of t.rows) if (rows.has(labelKey(r.cells[0]?.text ?? ''))) s++;
    return s;
  };
  const s19 = score(defs(2019));
  const s21 = score(defs(2021));
  const edition: Edition | null = s19 > s21 ? 2019 : s21 > s19 ? 2021 : null;
  const readAs = edition ?? expected;
  const def = defs(readAs) ?? defs(readAs === 2021 ? 2019 : 2021);
  const colDefs: ColumnDef[] = def ? def.columns : [];
  const rowDefs: RowDef[] = def ? def.rows : [];
  const m = readGrid(t, colDefs, rowDefs, (c) => labelKey(c), 'info');
  return { kind: 's2', block: t, edition, readAs, item, heading, ...m, rowDefs, colDefs, section: null };
}
