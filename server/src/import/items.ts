/** The mapper's view of a reader's blocks: paragraphs (headings among them) and runs of table rows. */
import type { IBlock, ICell } from './types.js';

export type Item =
  | { kind: 'para'; text: string; line?: number; heading?: number }
  | { kind: 'rows'; rows: { cells: ICell[]; line?: number }[]; line?: number; grid: boolean; pipe?: boolean };

export function toItems(blocks: IBlock[]): Item[] {
  const items: Item[] = [];
  for (const b of blocks) {
    if (b.kind === 'table') items.push({ kind: 'rows', rows: b.rows, line: b.line, grid: b.grid, pipe: b.pipe });
    else if (b.text.trim()) items.push({ kind: 'para', text: b.text.trim(), line: b.line, heading: b.kind === 'heading' ? b.level : undefined });
  }
  return items;
}

/** An item's text as one line (a run of rows: its cells, row by row). */
export function itemText(it: Item): string {
  return it.kind === 'para' ? it.text : it.rows.map((r) => r.cells.map((c) => c.text).join(' ')).join(' / ');
}
