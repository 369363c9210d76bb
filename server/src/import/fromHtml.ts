/**
 * HTML (a government web page, or what mammoth makes of a .docx) → blocks, with parse5 (the
 * HTML standard's parsing algorithm, so broken markup is read as a browser reads it). Data tables
 * become grids with every rowspan/colspan expanded (the copies of one merged cell share an id);
 * layout tables (a page wrapped in a table) are read as containers.
 */
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes as T } from 'parse5';
import type { IBlock, ICell, IRow, PageInfo, ReadResult } from './types.js';
import { joinLines, newCellId } from './fromText.js';
import { sectionOfLine } from '../core/index.js';
import { isTitleLine, isoDate, publishedIn } from './patterns.js';

const SKIP = new Set(['head', 'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'button', 'select', 'option', 'input', 'textarea', 'canvas', 'video', 'audio', 'map']);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote',
  'pre', 'center', 'address', 'figure', 'figcaption', 'hr', 'form', 'fieldset', 'legend', 'details', 'summary', 'body', 'html', 'caption',
]);
const HEADING = /^h([1-6])$/;
/** Elements nested deeper than this are read as their text (no page of a report nests so deep). */
const MAX_DEPTH = 256;
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

function isElement(n: T.Node): n is T.Element {
  return (n as T.Element).tagName !== undefined;
}

function lineOf(n: T.Node): number | undefined {
  return (n as T.Element).sourceCodeLocation?.startLine ?? undefined;
}

function attr(el: T.Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

/** Collapses white space as a browser shows it; none between two CJK characters (a line break in the source). */
export function cleanText(s: string): string {
  let t = s.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ');
  t = t.replace(/ (?=[\u3400-\u9fff，。、；：！？）”》])/g, (m, off: number) => (CJK.test(t[off - 1] ?? '') ? '' : m));
  return t.trim();
}

/** The text of an element; block children are joined like lines of one paragraph. (A walk with its own stack: nesting has no limit in a page.) */
function textOf(n: T.Node): string {
  const parts: string[] = [];
  const stack: (T.Node | '\n')[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x === '\n') {
      parts.push('\n');
      continue;
    }
    if (x.nodeName === '#text') parts.push((x as T.TextNode).value);
    else if (isElement(x)) {
      if (SKIP.has(x.tagName)) continue;
      if (x.tagName === 'br') {
        parts.push('\n');
        continue;
      }
      if (x.tagName === 'img') {
        const alt = attr(x, 'alt');
        if (alt) parts.push(alt);
        continue;
      }
      const block = BLOCK.has(x.tagName) || HEADING.test(x.tagName);
      if (block) {
        parts.push('\n');
        stack.push('\n');
      }
      for (let i = x.childNodes.length - 1; i >= 0; i--) stack.push(x.childNodes[i]);
    }
  }
  // Lines of one cell: joined without a space between CJK text (a cell's text wrapped by the editor).
  return joinLines(parts.join('').split('\n').map(cleanText));
}

function hasDescendant(el: T.Element, tag: string): boolean {
  const stack: T.Node[] = [...el.childNodes];
  while (stack.length) {
    const c = stack.pop()!;
    if (!isElement(c)) continue;
    if (c.tagName === tag) return true;
    for (const x of c.childNodes) stack.push(x);
  }
  return false;
}

function rowsOf(table: T.Element): T.Element[] {
  const out: T.Element[] = [];
  const walk = (el: T.Element) => {
    for (const c of el.childNodes) {
      if (!isElement(c)) continue;
      if (c.tagName === 'tr') out.push(c);
      else if (c.tagName === 'thead' || c.tagName === 'tbody' || c.tagName === 'tfoot') walk(c);
    }
  };
  walk(table);
  return out;
}

function span(el: T.Element, name: string, max: number): number {
  const n = parseInt(attr(el, name) ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

/** The largest grid a table is expanded into (the form's 表三 is under 30 × 10): past it, its cells are read as they stand. */
export const GRID_LIMITS = { columns: 200, positions: 60_000 };

/**
 * A data table as a grid: every merged cell copied into each position it covers. Spans are clamped
 * to what the table can hold, as browsers do (a colspan to the grid's width limit, a rowspan to the
 * rows that remain); a table whose grid would pass the limits is read row by row without its spans
 * (null: the caller says so).
 */
function tableGrid(table: T.Element): IRow[] | null {
  const trs = rowsOf(table);
  const grid: (ICell | undefined)[][] = [];
  const lines: (number | undefined)[] = [];
  let positions = 0;
  let width = 0;
  for (let r = 0; r < trs.length; r++) {
    const tr = trs[r];
    grid[r] ??= [];
    lines[r] = lineOf(tr);
    let c = 0;
    for (const td of tr.childNodes) {
      if (!isElement(td) || (td.tagName !== 'td' && td.tagName !== 'th')) continue;
      while (grid[r][c]) c++;
      const cs = span(td, 'colspan', GRID_LIMITS.columns);
      // rowspan="0" means "to the end of the section"; read as the rows that remain.
      const rsAttr = attr(td, 'rowspan');
      const rs = rsAttr === '0' ? Math.max(1, trs.length - r) : span(td, 'rowspan', Math.max(1, trs.length - r));
      positions += cs * rs;
      width = Math.max(width, c + cs);
      if (positions > GRID_LIMITS.positions || width > GRID_LIMITS.columns) return null;
      const cell: ICell = { text: textOf(td), id: newCellId() };
      for (let dr = 0; dr < rs; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < cs; dc++) grid[r + dr][c + dc] = cell;
      }
      c += cs;
    }
  }
  const rows: IRow[] = [];
  grid.forEach((row, r) => {
    const cells: ICell[] = [];
    for (let c = 0; c < width; c++) cells.push(row[c] ?? { text: '', id: newCellId() });
    if (cells.some((x) => x.text.trim() !== '')) rows.push({ cells, line: lines[r] });
  });
  return rows;
}

/** A table's rows as they stand, each cell once (no spans): for a table too large to be one of the form's. */
function tableRows(table: T.Element): IRow[] {
  const rows: IRow[] = [];
  for (const tr of rowsOf(table)) {
    const cells: ICell[] = [];
    for (const td of tr.childNodes) if (isElement(td) && (td.tagName === 'td' || td.tagName === 'th')) cells.push({ text: textOf(td), id: newCellId() });
    if (cells.some((x) => x.text.trim() !== '')) rows.push({ cells, line: lineOf(tr) });
  }
  return rows;
}

/** Whether a table holds a page (nested tables, long passages) rather than data. */
function isLayoutTable(table: T.Element): boolean {
  if (hasDescendant(table, 'table')) return true;
  const trs = rowsOf(table);
  let cells = 0;
  let long = 0;
  for (const tr of trs) {
    for (const td of tr.childNodes) {
      if (!isElement(td) || (td.tagName !== 'td' && td.tagName !== 'th')) continue;
      cells++;
      const t = textOf(td);
      if (t.length > 300 || hasDescendant(td, 'h1') || hasDescendant(td, 'h2')) long++;
    }
  }
  return cells > 0 && long > 0 && cells <= 6;
}

export type HtmlRead = ReadResult;

export function htmlToBlocks(html: string): HtmlRead {
  const doc = parse(html, { sourceCodeLocationInfo: true });
  const blocks: IBlock[] = [];
  /** Per block: the innermost element it was read in (a number in document order). */
  const blockIn: number[] = [];
  /** Per element number: its parent's number and depth. */
  const parentOf: number[] = [-1];
  const depthOf: number[] = [0];
  let current = 0;
  let title: string | undefined;
  const notes: string[] = [];
  let deep = false;
  const meta = new Map<string, string>();
  let buf: string[] = [];
  let bufLine: number | undefined;

  const push = (b: IBlock) => {
    blocks.push(b);
    blockIn.push(current);
  };
  const flush = () => {
    const t = cleanText(buf.join(''));
    if (t) push({ kind: 'paragraph', text: t, line: bufLine });
    buf = [];
    bufLine = undefined;
  };
  const enter = (): number => {
    const saved = current;
    parentOf.push(current);
    depthOf.push(depthOf[current] + 1);
    current = parentOf.length - 1;
    return saved;
  };
  // The document walked with its own stack (a page can nest elements without limit); past MAX_DEPTH an
  // element's content is read as its text, at once.
  type Frame = { n: T.Node; d: number } | { exit: number; block: boolean } | { flush: true };
  const stack: Frame[] = [{ n: doc, d: 0 }];
  const pushChildren = (n: T.ParentNode, d: number) => {
    const children = n.childNodes ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ n: children[i], d });
  };
  while (stack.length) {
    const f = stack.pop()!;
    if ('exit' in f) {
      if (f.block) flush();
      current = f.exit;
      continue;
    }
    if ('flush' in f) {
      flush();
      continue;
    }
    const n = f.n;
    if (n.nodeName === '#text') {
      const v = (n as T.TextNode).value;
      if (v.trim() && bufLine === undefined) bufLine = lineOf(n);
      buf.push(v);
      continue;
    }
    if (!isElement(n)) {
      pushChildren(n as T.ParentNode, f.d + 1);
      continue;
    }
    const tag = n.tagName;
    if (tag === 'title' && title === undefined) {
      title = cleanText(textOf(n));
      continue;
    }
    if (tag === 'meta') {
      const name = (attr(n, 'name') ?? attr(n, 'property') ?? '').toLowerCase();
      const content = attr(n, 'content');
      if (name && content) meta.set(name, content);
      continue;
    }
    if (tag === 'head') {
      for (const c of n.childNodes) if (isElement(c) && (c.tagName === 'title' || c.tagName === 'meta')) stack.push({ n: c, d: f.d + 1 });
      continue;
    }
    if (SKIP.has(tag)) continue;
    if (tag === 'br') {
      flush();
      continue;
    }
    if (tag === 'img') {
      const alt = attr(n, 'alt');
      if (alt) buf.push(alt);
      continue;
    }
    if (f.d > MAX_DEPTH) {
      if (!deep) notes.push(`网页元素嵌套超过 ${MAX_DEPTH} 层，更深处的内容按文字读取`);
      deep = true;
      buf.push(` ${textOf(n)} `);
      continue;
    }
    const h = HEADING.exec(tag);
    const block = BLOCK.has(tag) || h !== null || tag === 'table';
    if (block) flush();
    const saved = current;
    if (block) enter();
    if (h) {
      const t = textOf(n);
      if (t) push({ kind: 'heading', level: Number(h[1]), text: t, line: lineOf(n) });
      current = saved;
      continue;
    }
    if (tag === 'table') {
      if (isLayoutTable(n)) {
        stack.push({ exit: saved, block: false });
        const tds = rowsOf(n).flatMap((tr) => tr.childNodes.filter(isElement));
        for (let i = tds.length - 1; i >= 0; i--) {
          stack.push({ flush: true });
          pushChildren(tds[i], f.d + 1);
        }
        continue;
      }
      for (const c of n.childNodes) if (isElement(c) && c.tagName === 'caption') {
        const t = textOf(c);
        if (t) push({ kind: 'paragraph', text: t, line: lineOf(c) });
      }
      let rows = tableGrid(n);
      if (!rows) {
        notes.push(`第 ${lineOf(n) ?? '?'} 行的表格合并单元格过多（超过 ${GRID_LIMITS.positions} 个位置或 ${GRID_LIMITS.columns} 列），已按原样逐行读取`);
        rows = tableRows(n);
      }
      if (rows.length) push({ kind: 'table', rows, line: lineOf(n), grid: true });
      current = saved;
      continue;
    }
    stack.push({ exit: saved, block });
    pushChildren(n, f.d + 1);
  }
  flush();
  const read = article(blocks, blockIn, parentOf, depthOf, { title, meta });
  if (notes.length) read.warnings = notes;
  return read;
}

/**
 * The article inside a site's template: the deepest element that holds every section heading the
 * page has (and so the preamble, the tables and the signature with them). What lies outside is page
 * chrome; the page's heading for the article and its publication time are read from it.
 */
function article(
  blocks: IBlock[],
  blockIn: number[],
  parentOf: number[],
  depthOf: number[],
  head: { title?: string; meta: Map<string, string> },
): HtmlRead {
  const cover = new Map<number, Set<number>>();
  const all = new Set<number>();
  blocks.forEach((b, i) => {
    if (b.kind === 'table') return;
    const no = sectionOfLine(b.text, b.kind === 'heading');
    if (no === null) return;
    all.add(no);
    for (let e = blockIn[i]; e >= 0; e = parentOf[e]) {
      const set = cover.get(e) ?? new Set<number>();
      set.add(no);
      cover.set(e, set);
    }
  });
  let root = 0;
  if (all.size >= 3) {
    for (const [e, set] of cover) if (set.size === all.size && depthOf[e] > depthOf[root]) root = e;
  }
  const inside = (i: number) => {
    for (let e = blockIn[i]; e >= 0; e = parentOf[e]) if (e === root) return true;
    return false;
  };
  const kept: IBlock[] = [];
  const chrome: string[] = [];
  let pageTitle: string | undefined;
  blocks.forEach((b, i) => {
    if (root === 0 || inside(i)) kept.push(b);
    else {
      const text = b.kind === 'table' ? b.rows.map((r) => r.cells.map((c) => c.text).join(' ')).join(' / ') : b.text;
      if (b.kind !== 'table' && !kept.length && isTitleLine(b.text)) pageTitle = b.text;
      chrome.push(text);
    }
  });
  const metaTitle = head.meta.get('articletitle') ?? head.meta.get('og:title');
  const page: PageInfo = { title: pageTitle ?? (metaTitle && isTitleLine(metaTitle) ? metaTitle : undefined) ?? head.title, chrome };
  // The publication time: the page's metadata, else a 发布时间/时间 line of its chrome.
  const dated = ['pubdate', 'publishdate', 'firstpublishedtime', 'article:published_time', 'dc.date'].map((k) => head.meta.get(k)).find((v) => v && isoDate(v));
  page.published = (dated && isoDate(dated)) ?? chrome.map(publishedIn).find(Boolean);
  return { blocks: kept, page };
}
