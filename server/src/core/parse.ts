/**
 * Block parsing with unified + remark-parse + remark-gfm + remark-frontmatter.
 *
 * A whole-document GFM parse is quadratic in the table cells of one parse (see
 * shared/notes/performance.md), so the document is cut into chunks that can be parsed on
 * their own without changing what they mean: before every ATX heading and at every blank
 * line followed by a line that starts in column 0, never inside the front matter, a code
 * fence, an HTML comment or a raw HTML block. Each chunk is parsed separately and its blocks
 * are cached by the chunk's text, so an edit re-parses only the chunk it touched. A table too
 * large for micromark's table extension (thousands of cells in one table) is read by a linear
 * splitter that follows the GFM table rules for rows and cells.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root, RootContent, Table, Heading } from 'mdast';
import { Span, trimSpan } from './text.js';

export interface CellSpan {
  /** Span between the pipes (may be empty). */
  outer: Span;
  /** Trimmed content span; equals an empty span at outer.start when the cell is blank. */
  inner: Span;
  text: string;
}

export interface RowSpan {
  span: Span;
  cells: CellSpan[];
}

export type Block =
  | { kind: 'frontmatter'; span: Span; value: string; valueSpan: Span }
  | { kind: 'heading'; span: Span; depth: number; content: Span; text: string; nested: boolean }
  | { kind: 'paragraph'; span: Span; text: string; nested: boolean }
  | { kind: 'table'; span: Span; header: RowSpan; delimiter: Span | null; rows: RowSpan[]; nested: boolean }
  | { kind: 'html'; span: Span; text: string }
  | { kind: 'code'; span: Span }
  | { kind: 'other'; span: Span };

/** Tables with more pipes than this in one chunk are split linearly instead of by micromark. */
const LINEAR_TABLE_PIPES = 2500;

/**
 * Two inputs make micromark slow out of all proportion to their size, and neither means anything
 * in a report, so the chunk is parsed from a copy (same length, same offsets) with them masked:
 *  - brackets: its label end (and GFM's footnote call) looks back over every open `[` at each
 *    `]`, quadratic in one paragraph (40,000 characters of `](` took 4.7 s). Over BRACKET_LIMIT
 *    of either, every bracket is masked; brackets only make links, images, footnotes and link
 *    definitions, none of which the report model reads.
 *  - block quotes nested deeper than QUOTE_DEPTH: every following line is a lazy continuation
 *    checked against each open quote (a line of 30,000 `>` above a report took 6 s). The `>`
 *    markers past that depth are masked.
 * Every text the model keeps is sliced from the unmasked text, so only the time changes.
 */
const BRACKET_LIMIT = 512;
const QUOTE_DEPTH = 32;

export function maskForParse(text: string): string | null {
  let open = 0;
  let close = 0;
  let quotes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91) open++;
    else if (c === 93) close++;
    else if (c === 62) quotes++;
  }
  let out: string | null = null;
  if (open > BRACKET_LIMIT || close > BRACKET_LIMIT) out = text.replace(/[[\]]/g, 'x');
  if (quotes > QUOTE_DEPTH) {
    const src = out ?? text;
    const parts: string[] = [];
    let last = 0;
    for (let start = 0; start < src.length; ) {
      let i = start;
      let depth = 0;
      for (; i < src.length; i++) {
        const c = src.charCodeAt(i);
        if (c === 62) {
          if (++depth > QUOTE_DEPTH) break;
        } else if (c !== 32 && c !== 9) break;
      }
      if (depth > QUOTE_DEPTH) {
        let j = i;
        while (j < src.length && (src.charCodeAt(j) === 62 || src.charCodeAt(j) === 32 || src.charCodeAt(j) === 9)) j++;
        parts.push(src.slice(last, i), src.slice(i, j).replace(/>/g, 'x'));
        last = j;
      }
      const nl = src.indexOf('\n', i);
      if (nl < 0) break;
      start = nl + 1;
    }
    if (parts.length) out = parts.join('') + src.slice(last);
  }
  return out;
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

export interface Chunk {
  start: number;
  end: number;
  text: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const RAW_OPEN = /^ {0,3}<(script|pre|style|textarea)(?:\s|>|$)/i;

/** Cuts the text into independently parsable chunks (see the module comment). */
export function chunkText(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let pos = 0;
  let prevBlank = false;
  let fence: { ch: string; len: number } | null = null;
  let inComment = false;
  let rawTag: string | null = null;
  let inFrontMatter = false;
  let lineNo = 0;
  const n = text.length;
  const cut = (at: number) => {
    if (at > chunkStart) {
      chunks.push({ start: chunkStart, end: at, text: text.slice(chunkStart, at) });
      chunkStart = at;
    }
  };
  while (pos < n || (pos === n && lineNo === 0)) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    const blank = line.trim() === '';
    if (lineNo === 0 && /^(\ufeff)?---\s*$/.test(line)) {
      inFrontMatter = true;
    } else if (inFrontMatter) {
      if (/^(---|\.\.\.)\s*$/.test(line)) inFrontMatter = false;
    } else if (fence) {
      const m = FENCE.exec(line);
      if (m && m[1][0] === fence.ch && m[1].length >= fence.len && line.slice(m[0].length).trim() === '') fence = null;
    } else if (inComment) {
      if (line.includes('-->')) inComment = false;
    } else if (rawTag) {
      if (line.toLowerCase().includes(`</${rawTag}>`)) rawTag = null;
    } else {
      const startsHere = !blank && ((prevBlank && !/^[ \t]/.test(line)) || ATX.test(line));
      if (startsHere) cut(pos);
      const f = FENCE.exec(line);
      if (f && !(f[1][0] === '`' && line.slice(f[0].length).includes('`'))) {
        fence = { ch: f[1][0], len: f[1].length };
      } else {
        const c = line.indexOf('<!--');
        if (c >= 0 && line.indexOf('-->', c + 4) < 0 && /^ {0,3}<!--/.test(line)) inComment = true;
        const r = RAW_OPEN.exec(line);
        if (r && !line.toLowerCase().includes(`</${r[1].toLowerCase()}>`)) rawTag = r[1].toLowerCase();
      }
    }
    prevBlank = blank;
    lineNo++;
    if (eol >= n) break;
    pos = eol + 1;
  }
  cut(n);
  if (chunks.length === 0) chunks.push({ start: 0, end: 0, text: '' });
  return chunks;
}

/** Splits one table row into cells by unescaped pipes, exactly as GFM does. */
export function splitRow(text: string, start: number, end: number): CellSpan[] {
  const t = trimSpan(text, start, end);
  let s = t.start;
  let e = t.end;
  if (s < e && text.charCodeAt(s) === 124) s++;
  if (e > s && text.charCodeAt(e - 1) === 124 && !isEscaped(text, e - 1, s)) e--;
  const cells: CellSpan[] = [];
  let cellStart = s;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      i++;
      continue;
    }
    if (c === 124) {
      cells.push(makeCell(text, cellStart, i));
      cellStart = i + 1;
    }
  }
  if (e > s || cells.length === 0) cells.push(makeCell(text, cellStart, e));
  return cells;
}

function isEscaped(text: string, i: number, min: number): boolean {
  let k = 0;
  for (let j = i - 1; j >= min && text.charCodeAt(j) === 92; j--) k++;
  return k % 2 === 1;
}

function makeCell(text: string, start: number, end: number): CellSpan {
  const inner = trimSpan(text, start, end);
  return { outer: { start, end }, inner, text: text.slice(inner.start, inner.end) };
}

const DELIM_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** Parses one chunk into blocks with offsets relative to the chunk. */
export function parseChunk(text: string): Block[] {
  const pipes = countPipes(text);
  if (pipes > LINEAR_TABLE_PIPES) return parseLargeTableChunk(text);
  const masked = maskForParse(text);
  let tree: Root;
  try {
    tree = processor.parse(masked ?? text) as Root;
  } catch {
    return [{ kind: 'paragraph', span: { start: 0, end: text.length }, text, nested: false }];
  }
  const out: Block[] = [];
  for (const node of tree.children) collect(node, text, out, false, masked !== null);
  return out;
}

function countPipes(text: string): number {
  let k = 0;
  for (let i = text.indexOf('|'); i >= 0; i = text.indexOf('|', i + 1)) k++;
  return k;
}

function spanOf(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): Span {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

/** Blocks of a node. `masked`: the tree is of a masked copy (see maskForParse), so values come from `text`. */
function collect(node: RootContent, text: string, out: Block[], nested: boolean, masked: boolean): void {
  const span = spanOf(node);
  switch (node.type) {
    case 'yaml': {
      const open = text.indexOf('\n', span.start) + 1;
      let close = text.lastIndexOf('\n', span.end - 1);
      if (close < open) close = open;
      out.push({ kind: 'frontmatter', span, value: masked ? text.slice(open, close).replace(/\r(?=\n|$)/g, '') : node.value, valueSpan: { start: open, end: close } });
      return;
    }
    case 'heading':
      out.push(headingBlock(node, text, span, nested));
      return;
    case 'paragraph':
      out.push({ kind: 'paragraph', span, text: text.slice(span.start, span.end), nested });
      return;
    case 'table':
      out.push(tableBlock(node, text, span, nested));
      return;
    case 'html':
      out.push({ kind: 'html', span, text: masked ? text.slice(span.start, span.end) : node.value });
      return;
    case 'code':
      out.push({ kind: 'code', span });
      return;
    case 'list':
    case 'listItem':
    case 'blockquote':
      for (const child of node.children) collect(child as RootContent, text, out, true, masked);
      return;
    default:
      out.push({ kind: 'other', span });
  }
}

function headingBlock(node: Heading, text: string, span: Span, nested: boolean): Block {
  let content: Span;
  if (node.children.length > 0) {
    content = { start: spanOf(node.children[0]).start, end: spanOf(node.children[node.children.length - 1]).end };
  } else {
    const lineEnd = text.indexOf('\n', span.start);
    content = { start: lineEnd < 0 ? span.end : Math.min(lineEnd, span.end), end: lineEnd < 0 ? span.end : Math.min(lineEnd, span.end) };
  }
  return { kind: 'heading', span, depth: node.depth, content, text: text.slice(content.start, content.end), nested };
}

function tableBlock(node: Table, text: string, span: Span, nested: boolean): Block {
  const rows: RowSpan[] = node.children.map((row) => {
    const s = spanOf(row);
    return { span: s, cells: splitRow(text, s.start, s.end) };
  });
  const header = rows.shift() ?? { span: { start: span.start, end: span.start }, cells: [] };
  let delimiter: Span | null = null;
  const dStart = text.indexOf('\n', header.span.end);
  if (dStart >= 0) {
    let dEnd = text.indexOf('\n', dStart + 1);
    if (dEnd < 0) dEnd = text.length;
    delimiter = trimSpan(text, dStart + 1, dEnd);
  }
  return { kind: 'table', span, header, delimiter, rows, nested };
}

/** Linear path for chunks holding a table too large for micromark's table extension. */
function parseLargeTableChunk(text: string): Block[] {
  const lines: Span[] = [];
  for (let p = 0; p <= text.length; ) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    lines.push({ start: p, end: e > p && text.charCodeAt(e - 1) === 13 ? e - 1 : e });
    if (e >= text.length) break;
    p = e + 1;
  }
  let d = -1;
  for (let i = 1; i < lines.length; i++) {
    const l = text.slice(lines[i].start, lines[i].end);
    if (l.includes('-') && DELIM_ROW.test(l) && text.slice(lines[i - 1].start, lines[i - 1].end).includes('|')) {
      d = i;
      break;
    }
  }
  if (d < 0) {
    // Not a table after all: keep it as text rather than risk a quadratic parse.
    return [{ kind: 'paragraph', span: { start: 0, end: text.length }, text, nested: false }];
  }
  const out: Block[] = [];
  const headerLine = lines[d - 1];
  if (headerLine.start > 0) {
    for (const b of parseChunk(text.slice(0, headerLine.start))) out.push(b);
  }
  let last = d;
  while (last + 1 < lines.length && text.slice(lines[last + 1].start, lines[last + 1].end).trim() !== '') last++;
  const rows: RowSpan[] = [];
  for (let i = d + 1; i <= last; i++) rows.push({ span: lines[i], cells: splitRow(text, lines[i].start, lines[i].end) });
  out.push({
    kind: 'table',
    span: { start: headerLine.start, end: lines[last].end },
    header: { span: headerLine, cells: splitRow(text, headerLine.start, headerLine.end) },
    delimiter: lines[d],
    rows,
    nested: false,
  });
  if (last + 1 < lines.length) {
    const restStart = lines[last + 1].start;
    for (const b of parseChunk(text.slice(restStart))) out.push(shiftBlock(b, restStart));
  }
  return out;
}

function sh(s: Span, d: number): Span {
  return { start: s.start + d, end: s.end + d };
}

function shiftRow(r: RowSpan, d: number): RowSpan {
  return {
    span: sh(r.span, d),
    cells: r.cells.map((c) => ({ outer: sh(c.outer, d), inner: sh(c.inner, d), text: c.text })),
  };
}

/** A copy of the block with every offset moved by `d`. */
export function shiftBlock(b: Block, d: number): Block {
  if (d === 0) return b;
  switch (b.kind) {
    case 'frontmatter':
      return { ...b, span: sh(b.span, d), valueSpan: sh(b.valueSpan, d) };
    case 'heading':
      return { ...b, span: sh(b.span, d), content: sh(b.content, d) };
    case 'table':
      return {
        ...b,
        span: sh(b.span, d),
        header: shiftRow(b.header, d),
        delimiter: b.delimiter && sh(b.delimiter, d),
        rows: b.rows.map((r) => shiftRow(r, d)),
      };
    default:
      return { ...b, span: sh(b.span, d) } as Block;
  }
}

function lineSpans(text: string): Span[] {
  const out: Span[] = [];
  for (let p = 0; ; ) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    out.push({ start: p, end: e > p && text.charCodeAt(e - 1) === 13 ? e - 1 : e });
    if (e >= text.length) break;
    p = e + 1;
  }
  return out;
}

const ROW_LINE = /^ {0,3}\|/;

/**
 * When an edit changes only body rows of a chunk that is one table, and every changed line
 * still starts with a pipe, the block structure cannot change (a body row that starts with
 * `|` stays a row whatever its cells hold): the rows are re-split instead of re-parsed.
 */
export function reuseTable(prevText: string, prev: Block[], text: string): Block[] | null {
  if (prev.length !== 1 || prev[0].kind !== 'table' || prev[0].span.start !== 0) return null;
  const t = prev[0];
  const a = lineSpans(prevText);
  const b = lineSpans(text);
  if (a.length !== b.length) return null;
  const rowLines = t.rows.length;
  if (2 + rowLines > b.length) return null;
  for (let i = 0; i < a.length; i++) {
    const la = prevText.slice(a[i].start, a[i].end);
    const lb = text.slice(b[i].start, b[i].end);
    if (la === lb) continue;
    if (i < 2 || i >= 2 + rowLines || !ROW_LINE.test(la) || !ROW_LINE.test(lb)) return null;
  }
  // The old rows must be exactly lines 2.. of the chunk for the line mapping to hold.
  for (let r = 0; r < rowLines; r++) if (t.rows[r].span.start !== a[2 + r].start) return null;
  const rows: RowSpan[] = [];
  for (let r = 0; r < rowLines; r++) {
    const l = b[2 + r];
    rows.push({ span: trimRowSpan(text, l), cells: splitRow(text, l.start, l.end) });
  }
  const last = rowLines ? rows[rowLines - 1].span.end : b[1].end;
  return [{
    kind: 'table',
    span: { start: 0, end: last },
    header: { span: trimRowSpan(text, b[0]), cells: splitRow(text, b[0].start, b[0].end) },
    delimiter: trimSpan(text, b[1].start, b[1].end),
    rows,
    nested: t.nested,
  }];
}

function trimRowSpan(text: string, l: Span): Span {
  const t = trimSpan(text, l.start, l.end);
  return { start: l.start + Math.min(t.start - l.start, 3), end: t.end };
}

/** Parses chunks with a bounded cache keyed by chunk text. */
export class BlockParser {
  private cache = new Map<string, Block[]>();
  private previous: { text: string; blocks: Block[] }[] = [];
  hits = 0;
  misses = 0;
  reused = 0;
  constructor(private readonly maxEntries = 4000) {}

  parse(text: string): Block[] {
    const out: Block[] = [];
    const chunks = chunkText(text);
    const previous = this.previous;
    this.previous = [];
    chunks.forEach((chunk, i) => {
      let blocks = this.cache.get(chunk.text);
      if (blocks) {
        this.hits++;
        this.cache.delete(chunk.text);
        this.cache.set(chunk.text, blocks);
      } else {
        const p = previous.length === chunks.length ? previous[i] : undefined;
        const reused = p ? reuseTable(p.text, p.blocks, chunk.text) : null;
        if (reused) this.reused++;
        else this.misses++;
        blocks = reused ?? parseChunk(chunk.text);
        this.cache.set(chunk.text, blocks);
        if (this.cache.size > this.maxEntries) {
          const oldest = this.cache.keys().next().value;
          if (oldest !== undefined) this.cache.delete(oldest);
        }
      }
      this.previous.push({ text: chunk.text, blocks });
      for (const b of blocks) out.push(shiftBlock(b, chunk.start));
    });
    return out;
  }
}
