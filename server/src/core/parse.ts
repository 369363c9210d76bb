/**
 * Block parsing with micromark (GFM and front matter), down to blocks only (micro.ts says what is left out and why it
 * cannot change a finding; the tests compare it with remark-parse + remark-gfm + remark-frontmatter).
 *
 * A whole-document GFM parse is quadratic in the table cells of one parse, so the document is cut into chunks that can be parsed on
 * their own without changing what they mean: before every ATX heading and at every blank
 * line followed by a line that starts in column 0, never inside the front matter, a code
 * fence, an HTML comment or a raw HTML block. Each chunk is parsed separately and its blocks
 * are cached by the chunk's text, so an edit re-parses only the chunk it touched. A table too
 * large for micromark's table extension (thousands of cells in one table) is read by a linear
 * splitter that follows the GFM table rules for rows and cells.
 */
import { Span, shiftSpan as sh, trimSpan } from './text.js';
import { rawBlocks, type RawBlock } from './micro.js';

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
export const LINEAR_TABLE_PIPES = 2500;

/**
 * Inputs that make micromark slow out of all proportion to their size, or nest deep enough to overflow a stack, and
 * that mean nothing in a report, are parsed from a copy of the chunk (same length, same offsets) with them masked.
 * Every text the model keeps is sliced from the unmasked text.
 *  - brackets: its label end (and GFM's footnote call) looks back over every open `[` at each `]`, quadratic in one
 *    paragraph (40,000 characters of `](` took 4.7 s). Over INLINE_LIMIT of either, every bracket is masked; brackets
 *    only make links, images, footnotes and link definitions, none of which the report model reads.
 *  - emphasis (`*`, `_`), strikethrough (`~`) and code spans (`` ` ``): each closing run is matched against the runs
 *    before it (20,000 `*a` took 12 s, 800 backtick runs 5 s). Over INLINE_LIMIT of one kind, those characters are
 *    masked except where they make blocks (list bullets, thematic breaks, code fences). The model never reads inline
 *    formatting, so neither mask changes it and neither is reported.
 *  - link reference and footnote definitions: each is checked against those before it (500 in one chunk: 9 ms/KB).
 *    With more than DEFINITION_LIMIT lines starting with `[` in a chunk, the brackets are masked as above.
 *  - containers nested deeper than NEST_LIMIT on one line (30,000 `>` took 6 s; `- - - … x` with 2,000 markers
 *    overflowed the stack, with 4,000 never finished), or list markers indented past INDENT_LIMIT columns (500 levels
 *    of indented items: 5 s): the markers past the limit are masked, so the rest of the line is text of the deepest
 *    container. That is not the structure the writer wrote, so it is noted (a LimitNote, reported by S13).
 */
export const INLINE_LIMIT = 512;
export const DEFINITION_LIMIT = 64;
export const NEST_LIMIT = 32;
export const INDENT_LIMIT = 128;

/** A place where the text is read otherwise than as written because it is past a limit of the parser. */
export interface LimitNote {
  kind: 'nesting' | 'indent' | 'block' | 'line';
  /** Where (relative to the parsed text): the line, or the first line of the block. */
  span: Span;
  /** How big it was (markers on the line, columns, lines of the block, characters of the line). */
  size: number;
  limit: number;
}

export interface Masked {
  /** The copy to parse, or null when the text needs no mask. */
  text: string | null;
  notes: LimitNote[];
}

const BLANK_AFTER = (c: number) => c === 32 || c === 9 || c === 13 || Number.isNaN(c);

/**
 * Whether [i, e) is a thematic break (`***`, `- - -`, `___`), which wins over a list bullet: -1 when it is, else the
 * offset of the first character that prevents it (no later start of the same character before it can be one either).
 */
function thematicBreakBlock(text: string, i: number, e: number): number {
  const c = text.charCodeAt(i);
  if (c !== 42 && c !== 45 && c !== 95) return i;
  let n = 0;
  for (let k = i; k < e; k++) {
    const d = text.charCodeAt(k);
    if (d === c) n++;
    else if (d !== 32 && d !== 9 && d !== 13) return k;
  }
  return n >= 3 ? -1 : e;
}

function thematicBreak(text: string, i: number, e: number): boolean {
  return thematicBreakBlock(text, i, e) < 0;
}

/** Whether a code fence (three or more backticks or tildes) starts at i. */
function fenceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c === 96 || c === 126) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
}

/** Masks the text of one chunk (see above); `text` null when nothing needs masking. */
export function maskChunk(text: string): Masked {
  let brackets = 0;
  let close = 0;
  let emphasis = 0;
  let tildes = 0;
  let ticks = 0;
  let definitions = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      continue;
    }
    if (lineStart && c !== 32 && c !== 9) {
      lineStart = false;
      if (c === 91) definitions++;
    }
    if (c === 91) brackets++;
    else if (c === 93) close++;
    else if (c === 42 || c === 95) emphasis++;
    else if (c === 126) tildes++;
    else if (c === 96) ticks++;
  }
  const inline = new Set<number>();
  if (emphasis > INLINE_LIMIT) inline.add(42).add(95);
  if (tildes > INLINE_LIMIT) inline.add(126);
  if (ticks > INLINE_LIMIT) inline.add(96);
  const maskBrackets = brackets > INLINE_LIMIT || close > INLINE_LIMIT || definitions > DEFINITION_LIMIT;
  const notes: LimitNote[] = [];
  let out: Uint16Array | null = null;
  const mask = (i: number) => {
    if (!out) {
      out = new Uint16Array(text.length);
      for (let k = 0; k < text.length; k++) out[k] = text.charCodeAt(k);
    }
    out[i] = 120; // 'x'
  };
  for (let s = 0; s <= text.length; ) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    // The line's containers: block quote markers and list bullets, with the columns before each.
    let i = s;
    let col = 0;
    let depth = 0;
    let noted: LimitNote['kind'] | null = null;
    // A bullet of this character before this offset cannot start a thematic break (one scan per run, not per bullet).
    let blockChar = -1;
    let blockAt = -1;
    for (;;) {
      while (i < e && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) {
        col += text.charCodeAt(i) === 9 ? 4 - (col % 4) : 1;
        i++;
      }
      if (i >= e) break;
      const c = text.charCodeAt(i);
      let at = -1;
      let len = 0;
      if (c === 62) {
        at = i;
        len = 1;
      } else if ((c === 45 || c === 42 || c === 43) && BLANK_AFTER(text.charCodeAt(i + 1))) {
        if (!(c === blockChar && i < blockAt)) {
          const b = thematicBreakBlock(text, i, e);
          if (b < 0) break;
          blockChar = c;
          blockAt = b;
        }
        at = i;
        len = 1;
      } else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < e && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const d = text.charCodeAt(j);
        if ((d === 46 || d === 41) && BLANK_AFTER(text.charCodeAt(j + 1))) {
          at = j;
          len = j + 1 - i;
        }
      }
      if (at < 0) break;
      depth++;
      const kind = depth > NEST_LIMIT ? 'nesting' : col > INDENT_LIMIT ? 'indent' : null;
      if (kind) {
        mask(at);
        if (!noted) noted = kind;
      }
      i += len;
      col += len;
    }
    if (noted) {
      let size = depth;
      if (noted === 'indent') {
        size = 0;
        for (let k = s; k < e && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9); k++) size += text.charCodeAt(k) === 9 ? 4 - (size % 4) : 1;
      }
      notes.push({ kind: noted, span: { start: s, end: e > s && text.charCodeAt(e - 1) === 13 ? e - 1 : e }, size, limit: noted === 'nesting' ? NEST_LIMIT : INDENT_LIMIT });
    }
    // Inline characters past the limit, except on lines where they make a block (fences, thematic breaks);
    // brackets everywhere, as they make no block.
    const inlineHere = inline.size > 0 && !fenceAt(text, i) && !thematicBreak(text, i, e);
    if (inlineHere || maskBrackets) {
      for (let k = maskBrackets ? s : i; k < e; k++) {
        const c = text.charCodeAt(k);
        if ((maskBrackets && (c === 91 || c === 93)) || (inlineHere && k >= i && inline.has(c))) mask(k);
      }
    }
    if (e >= text.length) break;
    s = e + 1;
  }
  if (!out) return { text: null, notes };
  const o: Uint16Array = out;
  const parts: string[] = [];
  for (let k = 0; k < o.length; k += 8192) parts.push(String.fromCharCode(...o.subarray(k, k + 8192)));
  return { text: parts.join(''), notes };
}

/** The masked copy of a text, or null when it needs none (see maskChunk). */
export function maskForParse(text: string): string | null {
  return maskChunk(text).text;
}

export interface Chunk {
  start: number;
  end: number;
  text: string;
  /** The chunk starts inside a block of lines without a blank line, cut there because the block is past BLOCK_LINES or BLOCK_CHARS. */
  forced?: boolean;
}

/**
 * A run of lines without a blank line is one chunk, and micromark's cost grows with the square of its lines (16,000
 * lines of prose in one paragraph: 4 s; in a block quote or a list alike). Past these, the run is cut at a line
 * boundary (never inside front matter, a fence, a comment or raw HTML, nor between two lines holding a pipe, which may
 * be table rows) and each part is parsed on its own: a paragraph of the run is read as several. Noted (S13).
 */
export const BLOCK_LINES = 500;
export const BLOCK_CHARS = 64 * 1024;

/**
 * A line cannot be cut, and micromark on one line of 19 MB (numbers separated by spaces) took 20 s and 2.5 GB. A chunk
 * holding a line longer than this (front matter aside, which has limits of its own) is read as one plain paragraph,
 * exactly as written, and noted (S13). A real report's longest line is a paragraph of a few thousand characters; up to
 * the limit, a line costs micromark about 1 µs and 130 bytes a character (the masks above keep it linear).
 */
export const LINE_CHARS = 500_000;

/** The first line of `text` longer than LINE_CHARS (its span, relative to the text), or null. */
export function longLine(text: string): Span | null {
  if (text.length <= LINE_CHARS) return null;
  for (let at = 0; at < text.length; ) {
    let eol = text.indexOf('\n', at);
    if (eol < 0) eol = text.length;
    if (eol - at > LINE_CHARS) return { start: at, end: eol };
    at = eol + 1;
  }
  return null;
}

const FRONT_MATTER_OPEN = /^\ufeff?---[ \t]*\r?(?:\n|$)/;

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
  let chunkLines = 0;
  let prevPipe = false;
  let forced = false;
  const n = text.length;
  const cut = (at: number, force = false) => {
    if (at > chunkStart) {
      chunks.push(forced ? { start: chunkStart, end: at, text: text.slice(chunkStart, at), forced } : { start: chunkStart, end: at, text: text.slice(chunkStart, at) });
      chunkStart = at;
      chunkLines = 0;
      forced = force;
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
      else if (!blank && (chunkLines >= BLOCK_LINES || pos - chunkStart >= BLOCK_CHARS) && !(prevPipe && line.includes('|'))) cut(pos, true);
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
    prevPipe = line.includes('|');
    lineNo++;
    chunkLines++;
    if (eol >= n) break;
    pos = eol + 1;
  }
  cut(n);
  if (chunks.length === 0) chunks.push({ start: 0, end: 0, text: '' });
  return chunks;
}

/** Splits one table row into cells by unescaped pipes, exactly as GFM does; offsets moved by `base`. */
export function splitRow(text: string, start: number, end: number, base = 0): CellSpan[] {
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
      cells.push(makeCell(text, cellStart, i, base));
      cellStart = i + 1;
    }
  }
  if (e > s || cells.length === 0) cells.push(makeCell(text, cellStart, e, base));
  return cells;
}

function isEscaped(text: string, i: number, min: number): boolean {
  let k = 0;
  for (let j = i - 1; j >= min && text.charCodeAt(j) === 92; j--) k++;
  return k % 2 === 1;
}

function makeCell(text: string, start: number, end: number, base: number): CellSpan {
  const inner = trimSpan(text, start, end);
  const t = text.slice(inner.start, inner.end);
  if (base) {
    inner.start += base;
    inner.end += base;
  }
  return { outer: { start: start + base, end: end + base }, inner, text: t };
}

const DELIM_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** The blocks of one chunk and the places in it past a limit, offsets relative to the chunk. */
export interface ParsedChunk {
  blocks: Block[];
  limits: LimitNote[];
}

/** Parses one chunk into blocks with offsets relative to the chunk. */
export function parseChunk(text: string): Block[] {
  return parseChunkNoted(text).blocks;
}

/**
 * The blocks of one chunk, offsets relative to the chunk, or with `base` relative to the text the chunk starts at
 * `base` in (the plain paths read them there; the others are moved).
 */
export function parseChunkNoted(text: string, base = 0): ParsedChunk {
  const long = FRONT_MATTER_OPEN.test(text) ? null : longLine(text);
  if (long) return moved({ blocks: [{ kind: 'paragraph', span: { start: 0, end: text.length }, text, nested: false }], limits: [{ kind: 'line', span: long, size: long.end - long.start, limit: LINE_CHARS }] }, base);
  const pipes = countPipes(text);
  if (pipes > LINEAR_TABLE_PIPES) return moved(parseLargeTableChunk(text), base);
  const table = plainTableChunk(text, base);
  if (table) return { blocks: [table], limits: [] };
  const plain = plainChunk(text, base);
  if (plain) return { blocks: plain, limits: [] };
  return moved(microChunk(text), base);
}

/** A chunk's reading with every offset moved by `base`. */
function moved(p: ParsedChunk, base: number): ParsedChunk {
  return base ? { blocks: p.blocks.map((b) => shiftBlock(b, base)), limits: p.limits.map((l) => ({ ...l, span: sh(l.span, base) })) } : p;
}

/** micromark's reading of a chunk (masked where it is past a limit). */
function microChunk(text: string): ParsedChunk {
  const masked = maskChunk(text);
  let raw: RawBlock[];
  try {
    raw = rawBlocks(masked.text ?? text);
  } catch {
    return { blocks: [{ kind: 'paragraph', span: { start: 0, end: text.length }, text, nested: false }], limits: masked.notes };
  }
  return { blocks: raw.map((b) => toBlock(b, text, masked.text !== null)), limits: masked.notes };
}

/**
 * A chunk that is one GFM table and nothing else, read on the linear path: micromark would give the same block
 * (test/unit/parse-equivalence.test.ts). Only the plainest shape is taken, where GFM's rules leave no choice: every
 * line starts with `|` in column 0 (so no container, and no line of it can start another block: a table row goes on
 * until a blank line or another block) and has no trailing space, tab or CR (a row's span is then its line), the
 * second line is a delimiter row with as many cells as the first (else GFM sees no table), and the chunk ends with
 * the table (blank lines aside). null for anything else, which micromark reads.
 */
function plainTableChunk(text: string, base = 0): Extract<Block, { kind: 'table' }> | null {
  if (text.charCodeAt(0) !== 124 || text.includes('\r')) return null;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  const lines: Span[] = [];
  for (let p = 0; p < end; ) {
    let e = text.indexOf('\n', p);
    if (e < 0 || e > end) e = end;
    if (text.charCodeAt(p) !== 124 || e === p) return null;
    const last = text.charCodeAt(e - 1);
    if (last === 32 || last === 9) return null;
    lines.push({ start: p, end: e });
    p = e + 1;
  }
  if (lines.length < 2) return null;
  const delim = text.slice(lines[1].start, lines[1].end);
  if (!delim.includes('-') || !DELIM_ROW.test(delim)) return null;
  const header = { span: sh(lines[0], base), cells: splitRow(text, lines[0].start, lines[0].end, base) };
  if (splitRow(text, lines[1].start, lines[1].end).length !== header.cells.length) return null;
  const rows: RowSpan[] = [];
  for (let i = 2; i < lines.length; i++) rows.push({ span: sh(lines[i], base), cells: splitRow(text, lines[i].start, lines[i].end, base) });
  return { kind: 'table', span: { start: base, end: lines[lines.length - 1].end + base }, header, delimiter: sh(lines[1], base), rows, nested: false };
}

/**
 * Whether a line starting at `s` (ending at `e`) can only be paragraph text: its first character can start no other
 * block in GFM and none of the block extensions (indentation, `#` headings, `>` quotes, `-` `+` `*` bullets and
 * thematic breaks, `_` breaks, `=` and `-` setext underlines, backtick and tilde fences, `<` HTML, `[` definitions and
 * footnotes, `|` tables, a byte order mark, digits followed by `.` or `)` as ordered list items).
 */
function paragraphLine(text: string, s: number, e: number): boolean {
  const c = text.charCodeAt(s);
  if (c === 32 || c === 9 || c === 35 || c === 62 || c === 45 || c === 43 || c === 42 || c === 95 || c === 61 || c === 96 || c === 126 || c === 60 || c === 91 || c === 124 || c === 0xfeff) return false;
  if (c >= 48 && c <= 57) {
    let j = s + 1;
    while (j < e && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const d = text.charCodeAt(j);
    if (d === 46 || d === 41) return false;
  }
  // Trailing spaces or tabs: where a paragraph or heading ends is then micromark's to say.
  const last = text.charCodeAt(e - 1);
  return last !== 32 && last !== 9;
}

const blankLine = (text: string, s: number, e: number) => {
  for (let k = s; k < e; k++) if (text.charCodeAt(k) !== 32 && text.charCodeAt(k) !== 9) return false;
  return true;
};

/**
 * The chunks most of a report is made of, read without micromark (it gives the same blocks:
 * test/unit/parse-equivalence.test.ts compares them, and the property there generates lines of every character this
 * declines): front matter of `---` fences with nothing after them, or an ATX heading line and/or one paragraph whose
 * lines all start in column 0 with a character that starts no other block (paragraphLine), then blank lines only.
 * The block structure of such lines leaves GFM no choice (a paragraph goes on until a blank line, and no line of it
 * can interrupt it); what is inside a line is inline content, which cannot move a block (micro.ts). null for
 * anything else (a `\r`, a pipe, an indented line, a heading with a closing sequence…), which micromark reads.
 */
export function plainChunk(text: string, base = 0): Block[] | null {
  if (!text.length || text.includes('\r')) return null;
  if (text.startsWith('---\n')) return plainFrontMatter(text, base);
  if (text.includes('|')) return null;
  const out: Block[] = [];
  let p = 0;
  let e = text.indexOf('\n');
  if (e < 0) e = text.length;
  if (text.charCodeAt(0) === 35) {
    let depth = 1;
    while (depth < 7 && text.charCodeAt(depth) === 35) depth++;
    const ws = text.charCodeAt(depth);
    if (depth > 6 || (ws !== 32 && ws !== 9)) return null;
    let c = depth + 1;
    while (c < e && (text.charCodeAt(c) === 32 || text.charCodeAt(c) === 9)) c++;
    // No content, trailing spaces, or a last `#` (which may be a closing sequence): micromark's.
    if (c >= e) return null;
    const last = text.charCodeAt(e - 1);
    if (last === 35 || last === 32 || last === 9) return null;
    out.push({ kind: 'heading', span: { start: base, end: e + base }, depth, content: { start: c + base, end: e + base }, text: text.slice(c, e), nested: false });
    p = e + 1;
  }
  let start = -1;
  let end = -1;
  let blank = false;
  while (p < text.length) {
    e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    if (blankLine(text, p, e)) blank = true;
    else {
      if (blank || !paragraphLine(text, p, e)) return null;
      if (start < 0) start = p;
      end = e;
    }
    p = e + 1;
  }
  if (start >= 0) out.push({ kind: 'paragraph', span: { start: start + base, end: end + base }, text: text.slice(start, end), nested: false });
  return out.length ? out : null;
}

/** Front matter between `---` lines, then blank lines only (see plainChunk); the value as toBlock reads it. */
function plainFrontMatter(text: string, base: number): Block[] | null {
  let close = -1;
  for (let p = 4; p < text.length; ) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    if (close < 0) {
      // The closing fence; a line that is nearly one (spaces, more dashes, dots) is micromark's to judge.
      if (e - p === 3 && text.startsWith('---', p)) close = p;
      else if (/^[ \t]*(---|\.\.\.)/.test(text.slice(p, Math.min(e, p + 8)))) return null;
    } else if (!blankLine(text, p, e)) return null;
    p = e + 1;
  }
  if (close < 0) return null;
  const valueEnd = Math.max(4, close - 1);
  return [{ kind: 'frontmatter', span: { start: base, end: close + 3 + base }, value: text.slice(4, valueEnd), valueSpan: { start: 4 + base, end: valueEnd + base } }];
}

/** A block of micromark's events as the model's Block; `masked`: the events are of a masked copy, values come from `text`. */
function toBlock(b: RawBlock, text: string, masked: boolean): Block {
  const span = b.span;
  switch (b.kind) {
    case 'frontmatter': {
      const open = text.indexOf('\n', span.start) + 1;
      let close = text.lastIndexOf('\n', span.end - 1);
      if (close < open) close = open;
      return { kind: 'frontmatter', span, value: masked ? text.slice(open, close).replace(/\r(?=\n|$)/g, '') : b.value, valueSpan: { start: open, end: close } };
    }
    case 'heading': {
      let content = b.content;
      if (!content) {
        const lineEnd = text.indexOf('\n', span.start);
        const at = lineEnd < 0 ? span.end : Math.min(lineEnd, span.end);
        content = { start: at, end: at };
      }
      return { kind: 'heading', span, depth: b.depth, content, text: text.slice(content.start, content.end), nested: b.nested };
    }
    case 'paragraph':
      return { kind: 'paragraph', span, text: text.slice(span.start, span.end), nested: b.nested };
    case 'table':
      return tableOfRows(text, span, b.rows, b.nested);
    case 'html':
      return { kind: 'html', span, text: masked ? text.slice(span.start, span.end) : b.value };
    case 'code':
      return { kind: 'code', span };
    default:
      return { kind: 'other', span };
  }
}

function countPipes(text: string): number {
  let k = 0;
  for (let i = text.indexOf('|'); i >= 0; i = text.indexOf('|', i + 1)) k++;
  return k;
}

/** A table block from its rows' spans (the first is the header); cells are split from the text, as GFM splits them. */
export function tableOfRows(text: string, span: Span, rowSpans: Span[], nested: boolean): Extract<Block, { kind: 'table' }> {
  const rows: RowSpan[] = rowSpans.map((s) => ({ span: s, cells: splitRow(text, s.start, s.end) }));
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

/** Linear path for chunks holding a table too large for micromark's table extension (`parse` reads what is around it). */
export function parseLargeTableChunk(text: string, parse: (text: string) => ParsedChunk = parseChunkNoted): ParsedChunk {
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
    return { blocks: [{ kind: 'paragraph', span: { start: 0, end: text.length }, text, nested: false }], limits: [] };
  }
  const out: Block[] = [];
  const limits: LimitNote[] = [];
  const headerLine = lines[d - 1];
  if (headerLine.start > 0) {
    const before = parse(text.slice(0, headerLine.start));
    out.push(...before.blocks);
    limits.push(...before.limits);
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
    const rest = moved(parse(text.slice(restStart)), restStart);
    out.push(...rest.blocks);
    limits.push(...rest.limits);
  }
  return { blocks: out, limits };
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
    rows.push({ span: rowSpanOf(text, l), cells: splitRow(text, l.start, l.end) });
  }
  const last = rowLines ? rows[rowLines - 1].span.end : b[1].end;
  return [{
    kind: 'table',
    span: { start: 0, end: last },
    // The header and delimiter lines are those of the last text, at the same offsets.
    header: t.header,
    delimiter: t.delimiter,
    rows,
    nested: t.nested,
  }];
}

/**
 * A row's span as micromark gives it: the line from its pipe (past an indent of at most three spaces, ROW_LINE) to the
 * end of the line, trailing spaces and tabs included (test/unit/incremental.test.ts compares it with a fresh parse).
 */
function rowSpanOf(text: string, l: Span): Span {
  let s = l.start;
  while (s < l.end && s - l.start < 3 && text.charCodeAt(s) === 32) s++;
  return { start: s, end: l.end };
}

/** The blocks of a text and the places in it read otherwise than as written (past a limit). */
export interface Parsed {
  blocks: Block[];
  limits: LimitNote[];
}

function lineCount(text: string): number {
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) k++;
  return k;
}

const ORIGIN = new WeakMap<Block, Block>();

/**
 * The block as read from its chunk (offsets relative to the chunk, kept in the parser's cache) that a BlockParser placed
 * as `b`, moved by `b.span.start - origin.span.start`; `b` itself when it was not moved, not placed by a parser, or is
 * not a table, paragraph or heading (the blocks whose readings are kept).
 * Two blocks of one origin are one block at two offsets: the same text, every offset moved by the same amount.
 */
export function blockOrigin(b: Block): Block {
  return ORIGIN.get(b) ?? b;
}

/** Parses chunks with a bounded cache keyed by chunk text. */
export class BlockParser {
  private cache = new Map<string, ParsedChunk>();
  /**
   * The chunks of the last text, in order, with their blocks and notes as placed in it: a chunk of the new text with
   * the same text at the same offset as the last text's chunk of that index gets the very same block objects (no
   * copy; nothing downstream changes a block), so that the model may reuse what it read from them (model.ts).
   */
  private previous: { text: string; start: number; parsed: ParsedChunk; blocks: Block[]; limits: LimitNote[] }[] = [];
  hits = 0;
  misses = 0;
  reused = 0;
  /**
   * `parseChunk`: how a chunk is read (the tests compare this one with remark's, test/unit/parse-reference.ts).
   * `once`: see BlockParser.once.
   */
  constructor(private readonly maxEntries = 4000, private readonly parseChunk: (text: string) => ParsedChunk = parseChunkNoted, private readonly once = false) {}

  /**
   * A parser for texts read once each (check DIR): it keeps nothing from one text to the next (no cache, no last
   * text) and reads each chunk where it is (parseChunkNoted's base), so that no block is copied to move it. The same
   * blocks as any parser's; what an editor's parser reuses, it does not have.
   */
  static once(): BlockParser {
    return new BlockParser(0, parseChunkNoted, true);
  }

  parse(text: string): Block[] {
    return this.parseNoted(text).blocks;
  }

  parseNoted(text: string): Parsed {
    const out: Block[] = [];
    const limits: LimitNote[] = [];
    const chunks = chunkText(text);
    const previous = this.previous;
    this.previous = [];
    /** The block cut in parts (forced chunks) being read, for its note. */
    let run: LimitNote | null = null;
    chunks.forEach((chunk, i) => {
      const same = i < previous.length ? previous[i] : undefined;
      if (same && same.start === chunk.start && same.text === chunk.text) {
        this.hits++;
        this.remember(chunk.text, same.parsed, chunks.length);
        this.previous.push(same);
        for (const b of same.blocks) out.push(b);
        for (const l of same.limits) limits.push(l);
      } else this.place(chunk, i, previous, chunks.length, out, limits);
      if (chunk.forced) {
        if (!run) {
          const prev = chunks[i - 1];
          const firstLine = prev.text.indexOf('\n');
          run = { kind: 'block', span: { start: prev.start, end: prev.start + (firstLine < 0 ? prev.text.length : firstLine) }, size: lineCount(prev.text), limit: BLOCK_LINES };
          limits.push(run);
        }
        run.size += lineCount(chunk.text);
      } else run = null;
    });
    return { blocks: out, limits };
  }

  /** Puts a chunk's reading last in the cache (the most recently used), evicting the oldest past the bound. */
  private remember(text: string, parsed: ParsedChunk, count: number): void {
    this.cache.delete(text);
    this.cache.set(text, parsed);
    // Room for every chunk of this text and as many of the last (a long document never evicts its own chunks).
    if (this.cache.size > Math.max(this.maxEntries, 2 * count)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  /** Reads one chunk (from the cache, by re-splitting a table of the last text, or by parsing) and places its blocks. */
  private place(chunk: Chunk, i: number, previous: BlockParser['previous'], count: number, out: Block[], limits: LimitNote[]): void {
    if (this.once) {
      this.misses++;
      const read = this.parseChunk === parseChunkNoted ? parseChunkNoted(chunk.text, chunk.start) : moved(this.parseChunk(chunk.text), chunk.start);
      for (const b of read.blocks) out.push(b);
      for (const l of read.limits) limits.push(l);
      return;
    }
    let parsed = this.cache.get(chunk.text);
    if (parsed) this.hits++;
    else {
      const p = previous.length === count ? previous[i] : undefined;
      const reused = p ? reuseTable(p.text, p.parsed.blocks, chunk.text) : null;
      if (reused) this.reused++;
      else this.misses++;
      parsed = reused ? { blocks: reused, limits: [] } : this.parseChunk(chunk.text);
    }
    this.remember(chunk.text, parsed, count);
    const blocks = parsed.blocks.map((b) => {
      const placed = shiftBlock(b, chunk.start);
      // The origins the model's and the rules' caches use: of tables and prose (not of code, HTML or the front matter).
      if (placed !== b && (b.kind === 'paragraph' || b.kind === 'heading' || b.kind === 'table')) ORIGIN.set(placed, b);
      return placed;
    });
    const notes = parsed.limits.map((l) => ({ ...l, span: sh(l.span, chunk.start) }));
    this.previous.push({ text: chunk.text, start: chunk.start, parsed, blocks, limits: notes });
    for (const b of blocks) out.push(b);
    for (const l of notes) limits.push(l);
  }
}
