/**
 * HTML (a government web page, or what mammoth makes of a .docx) → blocks, with parse5 (the
 * HTML standard's parsing algorithm, so broken markup is read as a browser reads it). Data tables
 * become grids with every rowspan/colspan expanded (the copies of one merged cell share an id);
 * layout tables (a page wrapped in a table) are read as containers.
 */
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes as T } from 'parse5';
import type { IBlock, ICell, IRow, PageInfo, ReadResult } from './types.js';
import { newCellId } from './fromText.js';
import { sectionOfLine } from '../core/recognise.js';
import { isTitleLine, isoDate, publishedIn } from './patterns.js';

const SKIP = new Set(['head', 'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'button', 'select', 'option', 'input', 'textarea', 'canvas', 'video', 'audio', 'map']);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote',
  'pre', 'center', 'address', 'figure', 'figcaption', 'hr', 'form', 'fieldset', 'legend', 'details', 'summary', 'body', 'html', 'caption',
]);
const HEADING = /^h([1-6])$/;
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

/** The text of an element; block children are joined like lines of one paragraph. */
function textOf(n: T.Node): string {
  const parts: string[] = [];
  const walk = (x: T.Node) => {
    if (x.nodeName === '#text') parts.push((x as T.TextNode).value);
    else if (isElement(x)) {
      if (SKIP.has(x.tagName)) return;
      if (x.tagName === 'br') {
        parts.push('\n');
        return;
      }
      if (x.tagName === 'img') {
        const alt = attr(x, 'alt');
        if (alt) parts.push(alt);
        return;
      }
      const block = BLOCK.has(x.tagName) || HEADING.test(x.tagName);
      if (block) parts.push('\n');
      for (const c of x.childNodes) walk(c);
      if (block) parts.push('\n');
    }
  };
  walk(n);
  // Lines of one cell: joined without a space between CJK text (a cell's text wrapped by the editor).
  const lines = parts.join('').split('\n').map(cleanText).filter(Boolean);
  let out = '';
  for (const l of lines) out = !out ? l : CJK.test(out[out.length - 1]) || CJK.test(l[0]) ? out + l : `${out} ${l}`;
  return out;
}

function hasDescendant(el: T.Element, tag: string): boolean {
  for (const c of el.childNodes) {
    if (!isElement(c)) continue;
    if (c.tagName === tag || hasDescendant(c, tag)) return true;
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

/** A data table as a grid: every merged cell copied into each position it covers. */
function tableGrid(table: T.Element): IRow[] {
  const trs = rowsOf(table);
  const grid: (ICell | undefined)[][] = [];
  const lines: (number | undefined)[] = [];
  trs.forEach((tr, r) => {
    grid[r] ??= [];
    lines[r] = lineOf(tr);
    let c = 0;
    for (const td of tr.childNodes) {
      if (!isElement(td) || (td.tagName !== 'td' && td.tagName !== 'th')) continue;
      while (grid[r][c]) c++;
      const cs = span(td, 'colspan', 64);
      // rowspan="0" means "to the end of the section"; read as the rows that remain.
      const rsAttr = attr(td, 'rowspan');
      const rs = rsAttr === '0' ? Math.max(1, trs.length - r) : span(td, 'rowspan', Math.max(1, trs.length - r));
      const cell: ICell = { text: textOf(td), id: newCellId() };
      for (let dr = 0; dr < rs; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < cs; dc++) grid[r + dr][c + dc] = cell;
      }
      c += cs;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  const rows: IRow[] = [];
  grid.forEach((row, r) => {
    const cells: ICell[] = [];
    for (let c = 0; c < width; c++) cells.push(row[c] ?? { text: '', id: newCellId() });
    if (cells.some((x) => x.text.trim() !== '')) rows.push({ cells, line: lines[r] });
  });
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
  const walk = (n: T.Node) => {
    if (n.nodeName === '#text') {
      const v = (n as T.TextNode).value;
      if (v.trim() && bufLine === undefined) bufLine = lineOf(n);
      buf.push(v);
      return;
    }
    if (!isElement(n)) {
      for (const c of (n as T.ParentNode).childNodes ?? []) walk(c);
      return;
    }
    const tag = n.tagName;
    if (tag === 'title' && title === undefined) {
      title = cleanText(textOf(n));
      return;
    }
    if (tag === 'meta') {
      const name = (attr(n, 'name') ?? attr(n, 'property') ?? '').toLowerCase();
      const content = attr(n, 'content');
      if (name && content) meta.set(name, content);
      return;
    }
    if (tag === 'head') {
      for (const c of n.childNodes) if (isElement(c) && (c.tagName === 'title' || c.tagName === 'meta')) walk(c);
      return;
    }
    if (SKIP.has(tag)) return;
    if (tag === 'br') {
      flush();
      return;
    }
    if (tag === 'img') {
      const alt = attr(n, 'alt');
      if (alt) buf.push(alt);
      return;
    }
    const h = HEADING.exec(tag);
    const block = BLOCK.has(tag) || h !== null || tag === 'table';
    if (block) flush();
    const saved = block ? enter() : current;
    try {
      if (h) {
        const t = textOf(n);
        if (t) push({ kind: 'heading', level: Number(h[1]), text: t, line: lineOf(n) });
        return;
      }
      if (tag === 'table') {
        if (isLayoutTable(n)) {
          for (const tr of rowsOf(n)) for (const td of tr.childNodes) if (isElement(td)) {
            for (const c of td.childNodes) walk(c);
            flush();
          }
          return;
        }
        for (const c of n.childNodes) if (isElement(c) && c.tagName === 'caption') {
          const t = textOf(c);
          if (t) push({ kind: 'paragraph', text: t, line: lineOf(c) });
        }
        const rows = tableGrid(n);
        if (rows.length) push({ kind: 'table', rows, line: lineOf(n), grid: true });
        return;
      }
      for (const c of n.childNodes) walk(c);
      if (block) flush();
    } finally {
      current = saved;
    }
  };
  walk(doc);
  flush();
  return article(blocks, blockIn, parentOf, depthOf, { title, meta });
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
