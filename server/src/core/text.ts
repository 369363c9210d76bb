/** Text utilities: offsets ↔ positions, normalisation of labels and numbers. No VS Code, no LSP. */

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units (as LSP counts). */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A range as people count it (lines and columns from 1), for the command line's and the review's output. */
export interface OneBasedRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function oneBased(r: Range): OneBasedRange {
  return { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** A half-open span of UTF-16 offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

/** A span moved by `d` characters (a block read at one offset placed at another). */
export function shiftSpan(s: Span, d: number): Span {
  return { start: s.start + d, end: s.end + d };
}

/** Maps UTF-16 offsets to line/character positions in O(log lines). */
export class LineIndex {
  readonly lineStarts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }
  offset(pos: Position): number {
    const line = Math.max(0, Math.min(pos.line, this.lineStarts.length - 1));
    return Math.min(this.lineStarts[line] + pos.character, this.lineEnd(line));
  }
  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }
  /** Offset of the end of line `line`, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 < this.lineStarts.length) {
      let e = this.lineStarts[line + 1] - 1;
      if (e > 0 && this.text.charCodeAt(e) === 10 && this.text.charCodeAt(e - 1) === 13) e--;
      return e;
    }
    return this.text.length;
  }
}

/**
 * The text as the model reads it: a lone CR (old Mac line ends) becomes LF. Same length and offsets, and the same
 * lines (LineIndex and LSP count a lone CR as a line break), but every reader of the text sees one kind of line end.
 */
export function normaliseLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Trims whitespace (incl. full-width space) and returns the trimmed span inside [start,end). */
export function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  return { start: s, end: e };
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0x3000 || c === 0xa0 || c === 10 || c === 13;
}

const QUOTES = /["'“”‘’「」『』〝〞＂＇]/g;
const SPACES = /[\s\u3000\u00a0\u200b\ufeff]+/g;

/**
 * Normalises a label for matching: NFKC (full-width → half-width), quotes and spaces removed,
 * brackets unified to ASCII, `1、`/`1．` numbering as `1.`, trailing punctuation dropped.
 */
export function normLabel(s: string): string {
  const hit = normMemo.get(s);
  if (hit !== undefined) return hit;
  const t = normLabelUncached(s);
  if (normMemo.size > 20000) normMemo.clear();
  normMemo.set(s, t);
  return t;
}

/** Labels repeat across analyses of the same document: normalisation is memoised. */
const normMemo = new Map<string, string>();

function normLabelUncached(s: string): string {
  let t = s.normalize('NFKC');
  t = t.replace(/\*\*|__|`/g, '');
  t = t.replace(QUOTES, '').replace(SPACES, '');
  t = t.replace(/[〔【［\[]/g, '(').replace(/[〕】］\]]/g, ')');
  t = t.replace(/^(\d+)[、，,．.]/, '$1.');
  // Each run is tried once, from its start (a lookbehind), or a long run costs its length squared.
  t = t.replace(/(?<![一二三四五六七八九十])([一二三四五六七八九十]+)[.．,，]/, '$1、');
  t = t.replace(/(?<![。；;:：,，])[。；;:：,，]+$/, '');
  return t;
}

/** The label without its leading numbering (`一、`, `(一)`, `1.`) — what identifies a row. */
export function labelCore(norm: string): string {
  const hit = coreMemo.get(norm);
  if (hit !== undefined) return hit;
  const t = norm
    .replace(/^[一二三四五六七八九十]+、/, '')
    .replace(/^\([一二三四五六七八九十]+\)/, '')
    .replace(/^\d+\./, '');
  if (coreMemo.size > 20000) coreMemo.clear();
  coreMemo.set(norm, t);
  return t;
}

/** The same labels are read in every table of every analysis: memoised as normLabel is. */
const coreMemo = new Map<string, string>();

/** Removes parenthesised parts, e.g. units in a column header: `本年收费金额(单位:万元)` → `本年收费金额`. */
export function stripParens(norm: string): string {
  return norm.replace(/\([^()]*\)/g, '');
}

/** Levenshtein distance on UTF-16 units, bounded by `max` (returns max+1 when larger). */
export function editDistance(a: string, b: string, max = 64): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length > 200 || b.length > 200) return a === b ? 0 : max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
export const CN_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function cnNumeral(s: string): number | undefined {
  if (s in CN_DIGITS) return CN_DIGITS[s];
  if (/^十[一二三四五六七八九]$/.test(s)) return 10 + CN_DIGITS[s[1]];
  return undefined;
}

/** Report text quoted in a message is cut to this many characters. */
export const QUOTE_LIMIT = 60;

/** `s` cut to `max` characters (never inside a surrogate pair), with an ellipsis when cut. */
export function clip(s: string, max = QUOTE_LIMIT): string {
  if (s.length <= max) return s;
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

/**
 * A message with every quoted passage (“…” or "…") longer than QUOTE_LIMIT cut, and the whole kept under `max`
 * characters: a 300 KB front-matter value must not make a 300 KB message. Linear in the message.
 */
export function clipMessage(message: string, max = 600): string {
  if (message.length <= QUOTE_LIMIT) return message;
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    const a = message.indexOf('“', at);
    const b = message.indexOf('"', at);
    const open = a < 0 ? b : b < 0 ? a : Math.min(a, b);
    if (open < 0) break;
    const closeCh = message[open] === '“' ? '”' : '"';
    const close = message.indexOf(closeCh, open + 1);
    if (close < 0) break;
    parts.push(message.slice(at, open + 1), clip(message.slice(open + 1, close)), closeCh);
    at = close + 1;
  }
  parts.push(message.slice(at));
  const out = parts.join('');
  return out.length <= max ? out : `${out.slice(0, max - 1)}…`;
}
