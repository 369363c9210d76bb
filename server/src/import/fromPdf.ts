/**
 * PDF → blocks, with pdf.js (Mozilla's PDF reader, pure JavaScript: text with positions and the
 * page's drawing operators). Loaded on first use only.
 *
 * - Text: pdf.js items (a run of glyphs with its baseline, size and width) are gathered into lines
 *   by baseline, and lines into paragraphs by indentation, line spacing and where lines end.
 * - Tables: the ruled lines a PDF draws (stroked segments, thin filled rectangles, stroked
 *   rectangles) are collected per page; lines that touch form a table; its rows and columns are the
 *   distinct y and x of the lines, and two neighbouring grid cells are one merged cell where no line
 *   separates them. Each merged cell holds the text whose centre lies in it. The result is a grid
 *   like an HTML table's with every merged cell expanded (copies share one id), read further by the
 *   same code as HTML. A table without ruled lines stays text lines, read as text tables are.
 * - Running headers, footers and page numbers (`- 3 -`, `第3页`, `3/6`, the same line on most pages)
 *   are dropped, so that a table or paragraph continued on the next page reads on.
 * - A PDF whose pages have no text (a scan) is refused with a message that says so.
 */
import { ImportError, type IBlock, type ICell, type IRow, type ReadResult } from './types.js';
import { joinLines, newCellId } from './fromText.js';

/** What the PDF reader needs of pdf.js (the legacy build, which runs in Node). */
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loaded: Promise<PdfJs> | null = null;

/** Loads pdf.js once, with its worker in this thread (no worker file to find in a bundle); silences its load-time warnings about canvas, which text extraction does not use. */
async function pdfjs(): Promise<PdfJs> {
  loaded ??= (async () => {
    const log = console.log;
    const warn = console.warn;
    console.log = () => undefined;
    console.warn = () => undefined;
    try {
      const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
      lib.GlobalWorkerOptions.workerSrc = 'pdf.worker.mjs';
      return lib;
    } finally {
      console.log = log;
      console.warn = warn;
    }
  })();
  return loaded;
}

/** The folder of pdf.js's character maps (Chinese PDFs whose fonts are not embedded need them), as the path its Node reader takes. */
async function cMapDir(): Promise<string | undefined> {
  const { createRequire } = await import('node:module');
  const { dirname, join, sep } = await import('node:path');
  const { existsSync } = await import('node:fs');
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps');
    return existsSync(dir) ? dir + sep : undefined;
  } catch {
    return undefined;
  }
}

export interface PdfLimits {
  /** Most pages read (a report has a handful; a PDF bomb claims thousands). */
  maxPages: number;
  /** Most text items and drawing operations per page. */
  maxItemsPerPage: number;
}

export const PDF_LIMITS: PdfLimits = { maxPages: 200, maxItemsPerPage: 200_000 };

/** A run of text on a page, in top-down page coordinates (y grows downwards, as read). */
interface Item {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  w: number;
  /** Font size. */
  size: number;
}

/** A ruled line: horizontal (y fixed, x0..x1) or vertical (x fixed, y0..y1). */
interface Seg {
  horizontal: boolean;
  at: number;
  from: number;
  to: number;
}

interface Page {
  no: number;
  width: number;
  height: number;
  items: Item[];
  segs: Seg[];
}

// pdf.js operator numbers (stable across its versions; see its OPS table).
const OP = {
  save: 10, restore: 11, transform: 12, moveTo: 13, lineTo: 14, curveTo: 15, curveTo2: 16, curveTo3: 17, closePath: 18, rectangle: 19,
  stroke: 20, closeStroke: 21, fill: 22, eoFill: 23, fillStroke: 24, eoFillStroke: 25, closeFillStroke: 26, closeEOFillStroke: 27, endPath: 28,
  constructPath: 91, paintFormXObjectBegin: 74, paintFormXObjectEnd: 75, setLineWidth: 2, paintImageXObject: 85, paintInlineImageXObject: 86, paintImageMaskXObject: 83,
};

type M = [number, number, number, number, number, number];
const mul = (m: M, n: M): M => [
  m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: M, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** The ruled lines drawn on a page, in viewport coordinates (top-down), and whether it paints images. */
function rulings(ops: { fnArray: number[]; argsArray: unknown[] }, viewport: M, limit: number): { segs: Seg[]; images: number } {
  const segs: Seg[] = [];
  let images = 0;
  let ctm: M = [1, 0, 0, 1, 0, 0];
  const stack: M[] = [];
  let lineWidth = 1;
  const lwStack: number[] = [];
  // The current path: thin-box candidates and straight pieces, in device space.
  let rects: [number, number, number, number][] = [];
  let lines: [number, number, number, number][] = [];
  const toDevice = (x: number, y: number) => apply(mul(viewport, ctm), x, y);
  const n = Math.min(ops.fnArray.length, limit);
  for (let i = 0; i < n; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[] | null;
    switch (fn) {
      case OP.save:
        stack.push(ctm);
        lwStack.push(lineWidth);
        break;
      case OP.restore:
        ctm = stack.pop() ?? ctm;
        lineWidth = lwStack.pop() ?? lineWidth;
        break;
      case OP.transform:
        ctm = mul(ctm, args as M);
        break;
      case OP.paintFormXObjectBegin: {
        stack.push(ctm);
        const m = args?.[0] as M | null;
        if (Array.isArray(m) && m.length === 6) ctm = mul(ctm, m);
        break;
      }
      case OP.paintFormXObjectEnd:
        ctm = stack.pop() ?? ctm;
        break;
      case OP.setLineWidth:
        lineWidth = Number(args?.[0]) || 0;
        break;
      case OP.paintImageXObject:
      case OP.paintInlineImageXObject:
      case OP.paintImageMaskXObject:
        images++;
        break;
      case OP.constructPath: {
        const sub = (args?.[0] as number[]) ?? [];
        const co = (args?.[1] as number[]) ?? [];
        let k = 0;
        let cur: [number, number] | null = null;
        let start: [number, number] | null = null;
        for (const s of sub) {
          if (s === OP.rectangle) {
            const [x, y, w, h] = co.slice(k, k + 4);
            k += 4;
            const a = toDevice(x, y);
            const b = toDevice(x + w, y + h);
            rects.push([Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])]);
            cur = start = null;
          } else if (s === OP.moveTo) {
            cur = start = toDevice(co[k], co[k + 1]);
            k += 2;
          } else if (s === OP.lineTo) {
            const p = toDevice(co[k], co[k + 1]);
            k += 2;
            if (cur) lines.push([cur[0], cur[1], p[0], p[1]]);
            cur = p;
          } else if (s === OP.curveTo) {
            cur = toDevice(co[k + 4], co[k + 5]);
            k += 6;
          } else if (s === OP.curveTo2 || s === OP.curveTo3) {
            cur = toDevice(co[k + 2], co[k + 3]);
            k += 4;
          } else if (s === OP.closePath) {
            if (cur && start) lines.push([cur[0], cur[1], start[0], start[1]]);
            cur = start;
          }
        }
        break;
      }
      case OP.stroke:
      case OP.closeStroke:
      case OP.fillStroke:
      case OP.eoFillStroke:
      case OP.closeFillStroke:
      case OP.closeEOFillStroke:
      case OP.fill:
      case OP.eoFill: {
        const stroked = fn !== OP.fill && fn !== OP.eoFill;
        for (const [x0, y0, x1, y1] of rects) {
          const w = x1 - x0;
          const h = y1 - y0;
          if (w <= 3 && h > 3) segs.push({ horizontal: false, at: (x0 + x1) / 2, from: y0, to: y1 });
          else if (h <= 3 && w > 3) segs.push({ horizontal: true, at: (y0 + y1) / 2, from: x0, to: x1 });
          else if (stroked && w > 3 && h > 3) {
            segs.push({ horizontal: true, at: y0, from: x0, to: x1 }, { horizontal: true, at: y1, from: x0, to: x1 });
            segs.push({ horizontal: false, at: x0, from: y0, to: y1 }, { horizontal: false, at: x1, from: y0, to: y1 });
          }
        }
        if (stroked || lineWidth > 0) {
          for (const [x0, y0, x1, y1] of lines) {
            if (Math.abs(y0 - y1) < 1 && Math.abs(x1 - x0) > 3) segs.push({ horizontal: true, at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) });
            else if (Math.abs(x0 - x1) < 1 && Math.abs(y1 - y0) > 3) segs.push({ horizontal: false, at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) });
          }
        }
        rects = [];
        lines = [];
        break;
      }
      case OP.endPath:
        rects = [];
        lines = [];
        break;
    }
  }
  return { segs, images };
}

/**
 * Radical forms some PDF makers (Chrome's among them) write for ordinary ideographs: 人⺠ for 人民,
 * 首⻚ for 首页. Kangxi radicals and compatibility ideographs have an NFKC form; the radicals
 * supplement has none, so its common ones are mapped here.
 */
const RADICALS: Record<string, string> = {
  '⺁': '厂', '⺇': '几', '⺊': '卜', '⺌': '小', '⺕': '彐', '⺝': '月', '⺟': '母', '⺠': '民', '⺢': '水', '⺣': '火', '⺤': '爪', '⺦': '丬', '⺧': '牛',
  '⺨': '犭', '⺩': '王', '⺪': '疋', '⺫': '目', '⺬': '示', '⺮': '竹', '⺯': '糸', '⺰': '纟', '⺲': '罒', '⺳': '网', '⺶': '羊', '⺷': '羊', '⺹': '耂',
  '⺺': '肀', '⺻': '聿', '⺼': '月', '⺾': '艹', '⻀': '虫', '⻁': '虎', '⻂': '衤', '⻃': '覀', '⻄': '西', '⻅': '见', '⻆': '角', '⻈': '讠', '⻉': '贝',
  '⻊': '足', '⻌': '辶', '⻍': '辶', '⻏': '阝', '⻐': '钅', '⻑': '長', '⻓': '长', '⻔': '门', '⻖': '阝', '⻗': '雨', '⻘': '青', '⻙': '韦', '⻚': '页',
  '⻛': '风', '⻜': '飞', '⻝': '食', '⻟': '食', '⻠': '饣', '⻢': '马', '⻣': '骨', '⻤': '鬼', '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄',
  '⻪': '黾', '⻬': '齐', '⻮': '齿', '⻰': '龙', '⻳': '龟',
};

/** The ordinary characters for radical and compatibility forms; no control characters. */
function cleanGlyphs(s: string): string {
  return s
    .replace(/[\u2e80-\u2fdf\uf900-\ufaff]/g, (c) => RADICALS[c] ?? c.normalize('NFKC'))
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b\ufeff]/g, '');
}

async function readPages(bytes: Uint8Array, name: string, limits: PdfLimits): Promise<{ pages: Page[]; images: number }> {
  const lib = await pdfjs();
  let doc: Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
  try {
    doc = await lib.getDocument({
      // pdf.js may detach the buffer it is given: a copy.
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
      cMapUrl: await cMapDir(),
      cMapPacked: true,
    }).promise;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/password/i.test(msg)) throw new ImportError('unreadable', `${name}: the PDF is protected by a password; open it, save an unprotected copy and import that`, `${name}：PDF 有密码保护；请打开后另存一份不加密的副本再导入`);
    throw new ImportError('unreadable', `${name}: not a readable PDF (${msg.split('\n')[0].slice(0, 120)})`, `${name}：PDF 无法读取（${msg.split('\n')[0].slice(0, 120)}）`);
  }
  const pages: Page[] = [];
  let images = 0;
  try {
    if (doc.numPages > limits.maxPages) {
      throw new ImportError('too-large', `${name}: the PDF has ${doc.numPages} pages; a report has far fewer (the limit is ${limits.maxPages})`, `${name}：PDF 有 ${doc.numPages} 页，一份报告远没有这么多（上限 ${limits.maxPages} 页）`);
    }
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const vp = page.getViewport({ scale: 1 });
      const vt = vp.transform as M;
      const tc = await page.getTextContent({ disableNormalization: false });
      const items: Item[] = [];
      for (const raw of tc.items.slice(0, limits.maxItemsPerPage)) {
        if (!('str' in raw)) continue;
        const text = cleanGlyphs(raw.str);
        if (!text.trim()) continue;
        const m = mul(vt, raw.transform as M);
        // Horizontal text only: a rotated run (a stamp, a margin note) is not part of the report's text.
        if (Math.abs(m[1]) > 0.01 * Math.abs(m[0]) || m[0] <= 0) continue;
        const size = Math.hypot(m[2], m[3]) || Math.abs(m[0]);
        items.push({ text, x: m[4], y: m[5], w: raw.width * (vt[0] || 1), size });
      }
      // The drawing (ruled lines, pictures) is read where a table can be — a page with numbers on it —
      // and where a page has no text (a scan's picture): it costs more than the text.
      const numbers = items.filter((i) => /^[\d\s.,，%-]+$/.test(i.text)).length;
      let segs: Seg[] = [];
      if (numbers >= 6 || items.length === 0) {
        const r = rulings(await page.getOperatorList(), vt, limits.maxItemsPerPage);
        images += r.images;
        segs = r.segs;
      }
      pages.push({ no: p, width: vp.width, height: vp.height, items, segs });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return { pages, images };
}

// ---------------------------------------------------------------- lines of text

interface TextLine {
  page: number;
  y: number;
  x0: number;
  x1: number;
  size: number;
  text: string;
  items: Item[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’《》]/;

/** Joins the runs of one line: a space where the gap is a space wide and neither side is CJK. */
function joinItems(items: Item[]): string {
  const parts: string[] = [];
  let last = '';
  let end = -Infinity;
  for (const it of items) {
    if (parts.length) {
      const gap = it.x - end;
      const cjk = CJK.test(last) || CJK.test(it.text[0]);
      if ((gap > it.size * 0.25 && !cjk) || (gap > it.size * 1.5 && cjk)) parts.push(' ');
    }
    parts.push(it.text);
    last = it.text[it.text.length - 1] ?? last;
    end = Math.max(end, it.x + it.w);
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Items → lines: the same baseline (within a third of the font size), left to right. */
function toLines(page: number, items: Item[]): TextLine[] {
  const sorted = items.slice().sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: Item[][] = [];
  for (const it of sorted) {
    const g = groups[groups.length - 1];
    const ref = g?.[0];
    if (ref && Math.abs(it.y - ref.y) <= Math.max(ref.size, it.size) * 0.35) g.push(it);
    else groups.push([it]);
  }
  return groups.map((g) => {
    g.sort((a, b) => a.x - b.x);
    const size = median(g.map((i) => i.size));
    return { page, y: median(g.map((i) => i.y)), x0: g[0].x, x1: g.reduce((m, i) => Math.max(m, i.x + i.w), -Infinity), size, text: joinItems(g), items: g };
  });
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
}

// ---------------------------------------------------------------- tables from ruled lines

interface Grid {
  page: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
  rows: IRow[];
}

/** Values within `tol` of each other merged into one (their mean). */
function clusters(values: number[], tol: number): number[] {
  const s = values.slice().sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of s) {
    const c = out[out.length - 1];
    if (c && v - c[c.length - 1] <= tol) c.push(v);
    else out.push([v]);
  }
  return out.map((c) => c.reduce((a, b) => a + b, 0) / c.length);
}

/** Groups of segments that touch one another (a table each). */
function components(segs: Seg[]): Seg[][] {
  const parent = segs.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const tol = 2;
  const hs = segs.map((s, i) => ({ s, i })).filter((x) => x.s.horizontal);
  const vs = segs.map((s, i) => ({ s, i })).filter((x) => !x.s.horizontal);
  // Pieces of one line (a border drawn cell by cell) belong together even where no crossing line meets them.
  for (const list of [hs, vs]) {
    list.sort((a, b) => a.s.at - b.s.at);
    for (let g = 0; g < list.length; ) {
      let e = g + 1;
      while (e < list.length && list[e].s.at - list[g].s.at <= tol) e++;
      const line = list.slice(g, e).sort((a, b) => a.s.from - b.s.from);
      let runTo = line[0].s.to;
      for (let k = 1; k < line.length; k++) {
        if (line[k].s.from <= runTo + tol) parent[find(line[k].i)] = find(line[k - 1].i);
        runTo = line[k].s.from <= runTo + tol ? Math.max(runTo, line[k].s.to) : line[k].s.to;
      }
      g = e;
    }
  }
  // Crossing or touching lines: verticals by x, searched for each horizontal's span.
  vs.sort((a, b) => a.s.at - b.s.at);
  const xs = vs.map((v) => v.s.at);
  for (const h of hs) {
    for (let k = upperBound(xs, h.s.from - tol - 1e-9); k < vs.length && vs[k].s.at <= h.s.to + tol; k++) {
      const v = vs[k];
      if (h.s.at >= v.s.from - tol && h.s.at <= v.s.to + tol) parent[find(h.i)] = find(v.i);
    }
  }
  const groups = new Map<number, Seg[]>();
  segs.forEach((s, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(s);
    else groups.set(r, [s]);
  });
  return [...groups.values()];
}

/** Whether the segments of one orientation at `at` cover the stretch from..to (mostly). */
function covered(segs: Seg[], horizontal: boolean, at: number, from: number, to: number): boolean {
  const tol = 2;
  let need = from + (to - from) * 0.2;
  const end = to - (to - from) * 0.2;
  const pieces = segs.filter((s) => s.horizontal === horizontal && Math.abs(s.at - at) <= tol).sort((a, b) => a.from - b.from);
  for (const p of pieces) {
    if (p.from - tol > need) break;
    need = Math.max(need, p.to);
    if (need >= end) return true;
  }
  return need >= end;
}

/** The tables of a page, and the items they hold (taken out of the page's text). */
function tablesOf(page: Page, maxCells: number): { grids: Grid[]; used: Set<Item> } {
  const grids: Grid[] = [];
  const used = new Set<Item>();
  for (const comp of components(page.segs)) {
    const xs = clusters(comp.filter((s) => !s.horizontal).map((s) => s.at), 2);
    const ys = clusters(comp.filter((s) => s.horizontal).map((s) => s.at), 2);
    if (xs.length < 2 || ys.length < 2) continue;
    // A table cut by a page break has no line where it is cut: its column lines run on past the last
    // (or before the first) row line. The cut stands for a line there, so the row it cuts is read too.
    const vTop = comp.reduce((m, s) => (s.horizontal ? m : Math.min(m, s.from)), Infinity);
    const vBottom = comp.reduce((m, s) => (s.horizontal ? m : Math.max(m, s.to)), -Infinity);
    if (vTop < ys[0] - 3) {
      ys.unshift(vTop);
      comp.push({ horizontal: true, at: vTop, from: xs[0], to: xs[xs.length - 1] });
    }
    if (vBottom > ys[ys.length - 1] + 3) {
      ys.push(vBottom);
      comp.push({ horizontal: true, at: vBottom, from: xs[0], to: xs[xs.length - 1] });
    }
    const nr = ys.length - 1;
    const nc = xs.length - 1;
    // A box around a page or a paragraph is not a table; neither is a grid past any form's size.
    if (nr * nc < 2 || nr * nc > maxCells) continue;
    const id = (r: number, c: number) => r * nc + c;
    const parent = Array.from({ length: nr * nc }, (_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]];
      return i;
    };
    for (let r = 0; r < nr; r++) {
      for (let c = 0; c < nc; c++) {
        if (c + 1 < nc && !covered(comp, false, xs[c + 1], ys[r], ys[r + 1])) parent[find(id(r, c + 1))] = find(id(r, c));
        if (r + 1 < nr && !covered(comp, true, ys[r + 1], xs[c], xs[c + 1])) parent[find(id(r + 1, c))] = find(id(r, c));
      }
    }
    // Text into the cells: by the centre of each run (a run that crosses a line is split by character).
    const texts = new Map<number, Item[]>();
    const inside = (x: number, y: number) => x >= xs[0] - 1 && x <= xs[nc] + 1 && y >= ys[0] - 1 && y <= ys[nr] + 1;
    for (const it of page.items) {
      const cy = it.y - it.size * 0.35;
      if (!inside(it.x + Math.min(it.w, it.size) / 2, cy)) continue;
      used.add(it);
      for (const piece of splitAcross(it, xs)) {
        const cx = piece.x + piece.w / 2;
        const r = Math.max(0, Math.min(nr - 1, upperBound(ys, cy) - 1));
        const c = Math.max(0, Math.min(nc - 1, upperBound(xs, cx) - 1));
        const k = find(id(r, c));
        const list = texts.get(k);
        if (list) list.push(piece);
        else texts.set(k, [piece]);
      }
    }
    const cellOf = new Map<number, ICell>();
    const rows: IRow[] = [];
    for (let r = 0; r < nr; r++) {
      const cells: ICell[] = [];
      for (let c = 0; c < nc; c++) {
        const k = find(id(r, c));
        let cell = cellOf.get(k);
        if (!cell) {
          cell = { text: cellText(texts.get(k) ?? []), id: newCellId() };
          cellOf.set(k, cell);
        }
        cells.push(cell);
      }
      if (cells.some((x) => x.text !== '')) rows.push({ cells });
    }
    if (rows.length) grids.push({ page: page.no, top: ys[0], bottom: ys[nr], left: xs[0], right: xs[nc], rows });
  }
  return { grids, used };
}

/** The index of the first value greater than v. */
function upperBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A run of text that crosses column lines (several cells' text in one run), cut at the lines by character width. */
function splitAcross(it: Item, xs: number[]): Item[] {
  const inner = xs.filter((x) => x > it.x + 1 && x < it.x + it.w - 1);
  if (!inner.length || it.text.length < 2) return [it];
  const per = it.w / it.text.length;
  const out: Item[] = [];
  let start = 0;
  for (const x of [...inner, Infinity]) {
    const end = x === Infinity ? it.text.length : Math.max(start, Math.min(it.text.length, Math.round((x - it.x) / per)));
    if (end > start) out.push({ ...it, text: it.text.slice(start, end), x: it.x + start * per, w: (end - start) * per });
    start = end;
  }
  return out;
}

/** The text of a cell: its lines top to bottom, joined as one paragraph's lines. */
function cellText(items: Item[]): string {
  if (!items.length) return '';
  const lines = toLines(0, items);
  return joinLines(lines.map((l) => l.text));
}

// ---------------------------------------------------------------- running headers and footers

const PAGE_NUMBER = /^(?:[-—–－─_·•\s]*\d{1,4}[-—–－─_·•\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)$/i;

/** Lines of the top and bottom margins that are page numbers or repeat on most pages. */
function runningLines(pages: { page: Page; lines: TextLine[] }[]): Set<TextLine> {
  const drop = new Set<TextLine>();
  const margin = (p: Page, l: TextLine) => l.y < p.height * 0.1 || l.y > p.height * 0.9;
  const seen = new Map<string, number>();
  for (const { page, lines } of pages) {
    for (const l of lines) {
      if (!margin(page, l)) continue;
      if (PAGE_NUMBER.test(l.text.trim())) drop.add(l);
      const key = l.text.replace(/\d+/g, '#');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  if (pages.length >= 3) {
    for (const { page, lines } of pages) {
      for (const l of lines) if (margin(page, l) && (seen.get(l.text.replace(/\d+/g, '#')) ?? 0) >= Math.max(3, pages.length * 0.6)) drop.add(l);
    }
  }
  return drop;
}

// ---------------------------------------------------------------- paragraphs

/** Lines of the page body → paragraphs: a new one at an indented line, after a short line, at a change of size or a wide gap. */
function paragraphs(lines: TextLine[], body: { left: number; right: number }): { text: string; page: number; size: number }[] {
  const out: { text: string; page: number; size: number }[] = [];
  let cur: { lines: TextLine[] } | null = null;
  const flush = () => {
    if (cur) {
      out.push({ text: joinLines(cur.lines.map((l) => l.text)), page: cur.lines[0].page, size: median(cur.lines.map((l) => l.size)) });
    }
    cur = null;
  };
  for (const l of lines) {
    const prev: TextLine | undefined = cur ? (cur as { lines: TextLine[] }).lines[(cur as { lines: TextLine[] }).lines.length - 1] : undefined;
    let start = !prev;
    if (prev) {
      const sameSize = Math.abs(prev.size - l.size) <= Math.max(prev.size, l.size) * 0.12;
      const gap = l.page === prev.page ? l.y - prev.y : l.size * 1.5;
      const indented = l.x0 > body.left + l.size * 1.2;
      const prevShort = prev.x1 < body.right - prev.size * 2;
      const centred = Math.abs((l.x0 + l.x1) / 2 - (body.left + body.right) / 2) < l.size && l.x0 > body.left + l.size * 3;
      // A line set to the right (a signature's agency and date) stands alone, as does the line after it.
      const right = (x: TextLine) => x.x0 > body.left + (body.right - body.left) * 0.4;
      start = !sameSize || gap > Math.max(prev.size, l.size) * 2.2 || gap < 0 || indented || prevShort || centred || right(l) || right(prev);
    }
    if (start) {
      flush();
      cur = { lines: [l] };
    } else (cur as unknown as { lines: TextLine[] }).lines.push(l);
  }
  flush();
  return out;
}

// ---------------------------------------------------------------- the whole document

export interface PdfRead extends ReadResult {
  pages: number;
}

/** Most grid positions of one table (the form's largest is 表三: under 30 × 10). */
const MAX_TABLE_CELLS = 4000;

export async function pdfToBlocks(name: string, bytes: Uint8Array, limits: PdfLimits = PDF_LIMITS): Promise<PdfRead> {
  const { pages, images } = await readPages(bytes, name, limits);
  const chars = pages.reduce((n, p) => n + p.items.reduce((m, i) => m + i.text.replace(/\s/g, '').length, 0), 0);
  if (chars < 20 * Math.max(1, pages.length) && chars < 200) {
    throw new ImportError(
      'scanned',
      images > 0
        ? `${name}: the PDF has no text layer (its ${pages.length} page(s) are pictures, a scan); run OCR on it first (e.g. save it as text with a scanner program) and import the result`
        : `${name}: the PDF has no text to read`,
      images > 0
        ? `${name}：PDF 没有文字层（${pages.length} 页都是图片，是扫描件）；请先做文字识别（OCR，例如用扫描软件另存为文本），再导入识别结果`
        : `${name}：PDF 中没有可读取的文字`,
    );
  }
  // Per page: tables from ruled lines, the rest as lines; then running headers and footers.
  const perPage = pages.map((page) => {
    const { grids, used } = tablesOf(page, MAX_TABLE_CELLS);
    const lines = toLines(page.no, page.items.filter((i) => !used.has(i)));
    return { page, grids, lines };
  });
  const drop = runningLines(perPage.map((p) => ({ page: p.page, lines: p.lines })));
  // The body's left and right edges: where most lines start and end.
  const all = perPage.flatMap((p) => p.lines.filter((l) => !drop.has(l)));
  const left = percentile(all.map((l) => l.x0), 0.1);
  const right = percentile(all.map((l) => l.x1), 0.9);
  // Reading order: per page, top to bottom; a table stands where its top is.
  const blocks: IBlock[] = [];
  type Piece = { y: number; page: number } & ({ kind: 'lines'; lines: TextLine[] } | { kind: 'grid'; grid: Grid });
  const pieces: Piece[] = [];
  for (const p of perPage) {
    const own: Piece[] = [];
    for (const g of p.grids) own.push({ kind: 'grid', grid: g, y: g.top, page: p.page.no });
    let run: TextLine[] = [];
    const events = [...p.lines.filter((l) => !drop.has(l)).map((l) => ({ y: l.y, l })), ...p.grids.map((g) => ({ y: g.top, g }))].sort((a, b) => a.y - b.y);
    for (const e of events) {
      if ('g' in e) {
        if (run.length) own.push({ kind: 'lines', lines: run, y: run[0].y, page: p.page.no });
        run = [];
      } else run.push(e.l);
    }
    if (run.length) own.push({ kind: 'lines', lines: run, y: run[0].y, page: p.page.no });
    own.sort((a, b) => a.y - b.y);
    for (const x of own) pieces.push(x);
  }
  // Lines that continue across a page break form one run (a paragraph broken by the page).
  let lineRun: TextLine[] = [];
  const flushLines = () => {
    for (const para of paragraphs(lineRun, { left, right })) blocks.push({ kind: 'paragraph', text: para.text, line: undefined });
    lineRun = [];
  };
  for (const piece of pieces) {
    if (piece.kind === 'lines') for (const x of piece.lines) lineRun.push(x);
    else {
      flushLines();
      blocks.push({ kind: 'table', rows: piece.grid.rows, grid: true });
    }
  }
  flushLines();
  return { blocks, page: { chrome: [] }, pages: pages.length };
}

function percentile(xs: number[], q: number): number {
  if (!xs.length) return 0;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(s.length * q)))];
}

/** The pages as pdf.js gives them (text runs with positions, ruled lines): for tests and diagnostics. */
export async function readPdfPages(name: string, bytes: Uint8Array): Promise<{ pages: { no: number; width: number; height: number; items: { text: string; x: number; y: number }[] }[]; images: number }> {
  return readPages(bytes, name, PDF_LIMITS);
}
