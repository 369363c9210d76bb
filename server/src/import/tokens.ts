/** What a cell of a source table holds: a value, a blank, a label, or extraction noise. */
import type { ICell } from './types.js';

const UNIT = '(?:万元|元|件|批|个|项|次|条|份|人|起|宗|家|篇)';
const VALUE = new RegExp(`^[+\\-]?\\d[\\d,，]*(?:\\.\\d+)?(?:\\s+\\d[\\d,，]*(?:\\.\\d+)?)*\\s*${UNIT}?$`);
const VALUE_UNIT_FIRST = new RegExp(`^${UNIT}\\s*[+\\-]?\\d[\\d,，]*(?:\\.\\d+)?$`);
const BLANK = new Set(['/', '／', '-', '－', '—', '——', '–', '─', '\\', '无', '空']);
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** A number as a report writes it in a cell: `0`, `1,698`, `９.１３９`, `+3`, `0 批`, `251000元`. */
export function isValueText(s: string): boolean {
  const t = s.normalize('NFKC').trim();
  if (!t || t.length > 24) return false;
  return VALUE.test(t) || VALUE_UNIT_FIRST.test(t);
}

/** `unread`: a cell its reader could not read (and has listed itself). */
export type TokKind = 'empty' | 'value' | 'blank' | 'junk' | 'label' | 'unread';

export function cellKind(s: string): TokKind {
  const t = s.trim();
  if (!t) return 'empty';
  if (isValueText(t)) return 'value';
  if (BLANK.has(t.normalize('NFKC'))) return 'blank';
  if (!CJK.test(t) && t.length <= 12) return 'junk';
  return 'label';
}

export interface Tok {
  text: string;
  kind: TokKind;
  line?: number;
  /** From a grid (HTML, Word, a ruled PDF table): an empty cell there is one the source shows empty. */
  grid?: boolean;
}

export interface SplitRow {
  /** Label cells, in order (noise and stray numbers among them are in `stray`). */
  labels: Tok[];
  /** The cells after the last label: where a row's values are. */
  area: Tok[];
  /** Non-label cells standing among the labels (junk, numbers before the last label). */
  stray: Tok[];
  line?: number;
  /** What the line was in the source: a row of a pipe table (converter Markdown), another table row, or a paragraph regrouped as one. */
  source?: 'pipe' | 'rows' | 'para';
}

/** Cells of a row with merged cells counted once (a colspan copies one cell into several columns). */
export function dedupe(cells: ICell[]): ICell[] {
  const out: ICell[] = [];
  for (const c of cells) if (!out.length || out[out.length - 1].id !== c.id) out.push(c);
  return out;
}

export function splitRow(cells: ICell[], line?: number, grid = false, source?: 'pipe' | 'rows' | 'para'): SplitRow {
  const toks: Tok[] = dedupe(cells).map((c) => ({ text: c.text.trim(), kind: c.unread ? 'unread' : cellKind(c.text), line, grid }));
  let last = -1;
  toks.forEach((t, i) => {
    if (t.kind === 'label') last = i;
  });
  const labels: Tok[] = [];
  const stray: Tok[] = [];
  for (let i = 0; i <= last; i++) {
    const t = toks[i];
    if (t.kind === 'label') labels.push(t);
    else if (t.kind !== 'empty') stray.push(t);
  }
  return { labels, area: toks.slice(last + 1), stray, line, source };
}

/**
 * The values of a row for N columns, by position, or null when the positions cannot be told:
 * N non-empty cells are the N values in order; N cells (blanks included) are positional, and an
 * empty one there is returned as it is (kind 'empty': the source's blank in a grid, not read in text).
 * Never fills a gap.
 */
export function vectorize(area: Tok[], n: number): (Tok | null)[] | null {
  const filled = area.filter((t) => t.kind !== 'empty');
  if (filled.length === 0) return null;
  if (filled.length === n) return filled;
  let a = area.slice();
  while (a.length > n && a[0].kind === 'empty') a = a.slice(1);
  while (a.length > n && a[a.length - 1].kind === 'empty') a = a.slice(0, -1);
  if (a.length === n) return a;
  return null;
}

/** Whether a token carries a number that the report would lose if the token were dropped. */
export function hasDigits(t: Tok): boolean {
  return /\d/.test(t.text.normalize('NFKC'));
}
