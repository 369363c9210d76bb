/** Helpers shared by rules. */
import { type Block, blockOrigin } from '../parse.js';
import type { NumberCell, Report, SectionModel, TableModel } from '../model.js';
import { type Span, shiftSpan } from '../text.js';
import { type DateRef, findCnDates } from '../dates.js';

export function fmt(n: number): string {
  // Digits, never an exponent (String(1e21) is "1e+21").
  if (Number.isInteger(n)) return Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n);
  return String(Math.round(n * 1e6) / 1e6);
}

/** Whether a computed number is past what a double holds exactly (a count cell past it is C01). */
export function unsafe(n: number): boolean {
  return Math.abs(n) > Number.MAX_SAFE_INTEGER;
}

/**
 * The exact value of Σ sign·value as digits: BigInt when every value is an integer (counts), so that a sum past
 * Number.MAX_SAFE_INTEGER is neither rounded nor printed with an exponent; else the rounded float.
 */
export function exactSum(values: number[], signs: number[] = []): string {
  if (!values.every(Number.isInteger)) return fmt(values.reduce((a, v, i) => a + (signs[i] ?? 1) * v, 0));
  let s = 0n;
  values.forEach((v, i) => (s += BigInt(signs[i] ?? 1) * BigInt(v)));
  return s.toString();
}

/** Appended to an arithmetic finding whose computed value is past Number.MAX_SAFE_INTEGER (it gets no quick fix). */
export const TOO_LARGE = {
  zh: '（计算值超过 9007199254740991，不能作为件数填写，请核对各项数据）',
  en: ' (the computed value exceeds 9007199254740991, which no count can be; check the figures)',
};

/** The value of a cell when it has one. */
export function val(t: TableModel | null, row: string, col: string): NumberCell | undefined {
  return t?.byKey.get(row)?.cells.get(col);
}

export function near(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-6;
}

/** Paragraph-like blocks of a section, as text with spans. */
export function proseBlocks(s: SectionModel | undefined): Extract<Block, { kind: 'paragraph' | 'heading' }>[] {
  if (!s) return [];
  return s.blocks.filter((b): b is Extract<Block, { kind: 'paragraph' | 'heading' }> => b.kind === 'paragraph' || b.kind === 'heading');
}

/** All prose of the report (title, preamble, sections), excluding tables, code and HTML. */
export function allProse(r: Report): Extract<Block, { kind: 'paragraph' | 'heading' }>[] {
  return r.blocks.filter((b): b is Extract<Block, { kind: 'paragraph' | 'heading' }> => b.kind === 'paragraph' || b.kind === 'heading');
}

export interface Match {
  index: number;
  text: string;
  groups: (string | undefined)[];
  span: Span;
}

/** Runs a global regex over a block's text, giving absolute spans. */
export function* matches(re: RegExp, text: string, base: number): Generator<Match> {
  // One global copy per pattern, kept (the rules call this for every block of every report; a copy made each time
  // was a sixth of the rules' time on a long report); a copy that is in use (matches within matches) is not shared.
  let g = GLOBAL.get(re);
  if (!g || BUSY.has(g)) {
    g = globalOf(re);
    if (!GLOBAL.has(re)) GLOBAL.set(re, g);
  }
  BUSY.add(g);
  try {
    g.lastIndex = 0;
    for (let m = g.exec(text); m; m = g.exec(text)) {
      if (m[0] === '') {
        g.lastIndex++;
        continue;
      }
      const at = g.lastIndex;
      yield { index: m.index, text: m[0], groups: m.slice(1), span: { start: base + m.index, end: base + m.index + m[0].length } };
      g.lastIndex = at; // what the caller did with the pattern meanwhile does not move this walk
    }
  } finally {
    BUSY.delete(g);
  }
}

const GLOBAL = new WeakMap<RegExp, RegExp>();
const BUSY = new WeakSet<RegExp>();

/**
 * The matches of `re` in a block's text (`matches(re, text of b, b.span.start)`), found once per block as the parser
 * read it and pattern: blocks of one origin hold the same text (parse.ts, blockOrigin), so an unchanged block of an
 * edited report has the matches of the last report, moved with it. `re` is a pattern kept by its rule (a pattern made
 * in each call is given a slot of its own each time: don't). The list may be shared: read only.
 */
export function blockMatches(re: RegExp, r: Report, b: Block): readonly Match[] {
  let id = PATTERN_IDS.get(re);
  if (id === undefined) {
    // Patterns made afresh by a caller: past the bound, matched every time.
    if (PATTERN_IDS.size >= 256) return collect(globalOf(re), r.text.slice(b.span.start, b.span.end), b.span.start);
    PATTERN_IDS.set(re, (id = PATTERN_IDS.size + 1));
    GLOBALS[id] = globalOf(re);
  }
  const o = blockOrigin(b);
  const memo = memoOf(o);
  let list = memo[id] as Match[] | undefined;
  if (!list) memo[id] = list = collect(GLOBALS[id], r.text.slice(b.span.start, b.span.end), o.span.start);
  const d = b.span.start - o.span.start;
  return d === 0 || !list.length ? list : list.map((m) => ({ index: m.index, text: m.text, groups: m.groups, span: shiftSpan(m.span, d) }));
}

/** The dates of a block's text (`findCnDates(text of b, b.span.start)`), found once per block origin as above. */
export function blockDates(r: Report, b: Block): readonly DateRef[] {
  const o = blockOrigin(b);
  const memo = memoOf(o);
  let list = memo[0] as DateRef[] | undefined;
  if (!list) {
    const found = findCnDates(r.text.slice(b.span.start, b.span.end), o.span.start);
    memo[0] = list = found.length ? found : NONE;
  }
  const d = b.span.start - o.span.start;
  return d === 0 || !list.length ? list : list.map((x) => ({ ...x, span: shiftSpan(x.span, d) }));
}

/** What blockMatches and blockDates found in a block origin: the dates at 0, each pattern's matches at its number. */
const MEMO = new WeakMap<Block, unknown[]>();
const PATTERN_IDS = new Map<RegExp, number>();
const NONE: never[] = [];

function memoOf(o: Block): unknown[] {
  let memo = MEMO.get(o);
  if (!memo) MEMO.set(o, (memo = []));
  return memo;
}

function globalOf(re: RegExp): RegExp {
  return new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
}

/** `[...matches(g, text, base)]` for a global pattern, without the generator (one shared empty list for none). */
function collect(g: RegExp, text: string, base: number): Match[] {
  let out: Match[] | null = null;
  g.lastIndex = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    if (m[0] === '') {
      g.lastIndex++;
      continue;
    }
    (out ??= []).push({ index: m.index, text: m[0], groups: m.slice(1), span: { start: base + m.index, end: base + m.index + m[0].length } });
  }
  return out ?? NONE;
}

const GLOBALS: RegExp[] = [];

/** Span of the `n`-th capture group of a match (by searching its text in the match). */
export function groupSpan(m: Match, group: string, from = 0): Span {
  const i = m.text.indexOf(group, from);
  const s = m.span.start + Math.max(0, i);
  return { start: s, end: s + group.length };
}

export function sectionOfSpan(r: Report, span: Span): SectionModel | undefined {
  return r.sections.find((s) => span.start >= s.span.start && span.start < s.span.end);
}

/** Text of a table row as Markdown, for inserting a missing row. */
export function tableRowText(label: string, cells: number): string {
  return `| ${label} |${' 0 |'.repeat(cells)}`;
}

/** Span of the last non-empty line of the document. */
export function lastLine(r: Report): Span {
  let i = r.lines.lineCount - 1;
  while (i > 0 && r.text.slice(r.lines.lineStarts[i], r.lines.lineEnd(i)).trim() === '') i--;
  return { start: r.lines.lineStarts[i], end: r.lines.lineEnd(i) };
}

export const TABLE_NAMES: Record<string, { zh: string; en: string }> = {
  t3: { zh: '表三', en: 'table 3' },
  t4: { zh: '表四', en: 'table 4' },
};

export function tableName(t: TableModel): { zh: string; en: string } {
  if (t.kind === 's2') return { zh: `第二十条第（${['', '一', '二', '三', '四', '五', '六', '七', '八', '九'][t.item ?? 0] ?? '?'}）项表`, en: `Article 20 item ${t.item ?? '?'} table` };
  return TABLE_NAMES[t.kind];
}

/** Every number cell of every table, in document order. */
export function allCells(r: Report): readonly { t: TableModel; cell: NumberCell }[] {
  let cells = CELLS.get(r);
  if (!cells) {
    cells = [];
    for (const t of r.tables.all) for (const row of t.rows) for (const cell of row.cells.values()) cells.push({ t, cell });
    CELLS.set(r, cells);
  }
  return cells;
}

/** Five rules walk every cell of a report: the list is made once per model. */
const CELLS = new WeakMap<Report, { t: TableModel; cell: NumberCell }[]>();

export function cellName(c: NumberCell): { zh: string; en: string } {
  return { zh: `“${c.rowLabel}”行“${c.colLabel}”列`, en: `row "${c.rowLabel}", column "${c.colLabel}"` };
}

/** Prose of the preamble and the six sections (title and signature excluded). */
export function bodyProse(r: Report): Extract<Block, { kind: 'paragraph' | 'heading' }>[] {
  const out: Extract<Block, { kind: 'paragraph' | 'heading' }>[] = [];
  for (const b of r.preamble) if (b.kind === 'paragraph') out.push(b);
  for (const s of r.sections) for (const b of proseBlocks(s)) out.push(b);
  return out;
}

/**
 * The body's prose blocks that hold an ASCII digit, with their text, once per model: the statements of a number are
 * looked for by four rules, eleven times a report.
 */
function proseWithDigits(r: Report): Extract<Block, { kind: 'paragraph' | 'heading' }>[] {
  let out = WITH_DIGITS.get(r);
  if (!out) {
    out = bodyProse(r).filter((b) => /[0-9]/.test(r.text.slice(b.span.start, b.span.end)));
    WITH_DIGITS.set(r, out);
  }
  return out;
}
const WITH_DIGITS = new WeakMap<Report, Extract<Block, { kind: 'paragraph' | 'heading' }>[]>();

/**
 * Finds clear prose statements `re` (a group = the number: it starts with an ASCII digit, so a block without one has
 * none) and compares them with `expected`.
 */
export function checkProseNumber(
  r: Report,
  res: RegExp[],
  expected: number | null | undefined,
  report: (num: number, span: Span, phrase: string) => void,
  exclude?: RegExp,
): void {
  if (expected === null || expected === undefined) return;
  const seen = new Set<number>();
  for (const b of proseWithDigits(r)) {
    for (const re of res) {
      for (const m of blockMatches(re, r, b)) {
        if (exclude && exclude.test(m.text)) continue;
        const g = m.groups.find((x) => x !== undefined && /^\d/.test(x));
        if (!g) continue;
        const i = m.text.lastIndexOf(g);
        const span = { start: m.span.start + i, end: m.span.start + i + g.length };
        if (seen.has(span.start)) continue;
        seen.add(span.start);
        const num = Number(g);
        if (!near(num, expected)) report(num, span, m.text);
      }
    }
  }
}
