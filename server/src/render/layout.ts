/**
 * The report as it is published: a format-neutral layout of the official form, built from the
 * report model. The HTML renderer (preview, HTML and PDF export) and the Word writer both read
 * this layout, so the merged cells of the 三/四 tables are worked out once, here.
 *
 * Prose is reduced to paragraphs of plain text runs: nothing from the report is ever passed
 * through as markup, so raw HTML, scripts and event handlers in a report can only appear as text.
 */
import { type Report, type TableModel, type NumberCell, proseOf, type Finding, type Severity, type Span, SECTIONS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_ROWS, ITEM_NUMERALS, type Edition, type RowDef } from '../core/index.js';

export interface Mark {
  severity: Severity;
  code: string;
  message: string;
}

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  strike?: boolean;
  /** Only http(s) and mailto links are kept. */
  href?: string;
}

export interface Paragraph {
  kind: 'paragraph';
  style: 'body' | 'list' | 'quote' | 'code' | 'subheading';
  /** For list items: the marker ("1." or "•") and the nesting level. */
  marker?: string;
  level?: number;
  runs: Run[];
  source: Span;
}

export interface Heading {
  kind: 'heading';
  level: 1 | 2;
  text: string;
  source: Span;
  marks: Mark[];
}

export interface GridCell {
  text: string;
  colspan?: number;
  rowspan?: number;
  header?: boolean;
  role: 'head' | 'label' | 'number' | 'note' | 'caption';
  /** Source span of the cell in the report (for click-to-reveal and marks). */
  source?: Span;
  marks: Mark[];
  /** The cell has no row or value in the report. */
  missing?: boolean;
}

export interface Grid {
  kind: 'grid';
  table: 't3' | 't4' | 's2' | 'other';
  /** Number of columns of the grid. */
  columns: number;
  /** Relative column widths (sum 100). */
  widths: number[];
  rows: GridCell[][];
  source: Span;
  edition?: Edition;
  /** Font size of the table in points when smaller than the form's 10.5 (五号): its widest figure would not fit. */
  fontPt?: number;
}

export interface Signature {
  kind: 'signature';
  lines: { text: string; source: Span; marks: Mark[] }[];
}

export type LayoutBlock = Heading | Paragraph | Grid | Signature;

export interface Layout {
  title: string;
  blocks: LayoutBlock[];
  findings: { errors: number; warnings: number; infos: number };
}

const T3_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

/** Findings by the spans they mark: a lookup is a binary search over the short ones (a report with 8,000 tables has as many cells and may have as many findings), a walk over the few long ones. */
class Marker {
  private short: Finding[];
  private long: Finding[];
  private starts: number[];
  private static readonly SHORT = 256;
  constructor(findings: Finding[]) {
    this.short = findings.filter((f) => f.span.end - f.span.start <= Marker.SHORT).sort((a, b) => a.span.start - b.span.start);
    this.long = findings.filter((f) => f.span.end - f.span.start > Marker.SHORT);
    this.starts = this.short.map((f) => f.span.start);
  }
  /** Findings whose span lies within or overlaps `span` (empty spans: the finding points at that offset), in the order given. */
  at(span: Span | undefined): Mark[] {
    if (!span) return [];
    const hits = new Set<Finding>();
    const overlaps = (s: Span) => (s.start === s.end ? s.start >= span.start && s.start <= span.end : s.start < span.end && s.end > span.start);
    // First short finding that could reach into the span: starts at most SHORT before it.
    let lo = 0;
    let hi = this.starts.length;
    const from = span.start - Marker.SHORT;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.short.length && this.short[i].span.start <= span.end; i++) if (overlaps(this.short[i].span)) hits.add(this.short[i]);
    for (const f of this.long) if (overlaps(f.span)) hits.add(f);
    const out: Mark[] = [];
    for (const f of [...hits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end)) out.push({ severity: f.severity, code: f.code, message: f.message });
    return out;
  }
}

function cellOf(t: TableModel | null | undefined, row: string, col: string): NumberCell | undefined {
  return t?.byKey.get(row)?.cells.get(col);
}

function numberCell(m: Marker, c: NumberCell | undefined): GridCell {
  if (!c) return { text: '', role: 'number', marks: [], missing: true }; // no row, or a row without this cell
  return { text: c.raw.trim(), role: 'number', source: c.outer, marks: m.at(c.outer) };
}

/** Where the report wrote the column `key` (its own order may differ from the form's); else `fallback`. */
function columnIndex(t: TableModel, key: string, fallback: number): number {
  return t.columns.find((c) => c.def?.key === key)?.index ?? fallback;
}

function leafCount(defs: RowDef[], key: string): number {
  let n = 0;
  for (const d of defs) {
    if (d.parent !== key) continue;
    n += d.group ? leafCount(defs, d.key) : 1;
  }
  return n;
}

function depthOf(defs: RowDef[], d: RowDef): number {
  let depth = 0;
  let p = d.parent;
  while (p) {
    depth++;
    p = defs.find((x) => x.key === p)?.parent;
  }
  return depth;
}

/** Width of the printed table (A4 with the GB/T 9704 margins: 156 mm), in points. */
const TABLE_PT = 442;
/** The form's 五号 and the smaller sizes a table may be set in, with their cell padding (left + right, points). */
const SIZES = [
  { pt: 10.5, pad: 8 },
  { pt: 9, pad: 6 },
  { pt: 8, pad: 4 },
  { pt: 7, pad: 4 },
  { pt: 6, pad: 3 },
];

/** Width of a figure in em: digits and ASCII half an em (a little more, for the widest fonts), the rest one. */
function figureEm(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\x20-\x7e]/.test(ch) ? 0.56 : 1;
  return w;
}

/**
 * Sizes the columns of a grid so that its widest figure fits its number columns on one line (a figure is never
 * wrapped, as on a printed form): number columns grow at the expense of the label columns while those keep at least
 * `minLabels` percent; past that the whole table is set smaller (9, 8, 7, 6 pt). A label column with a minimum
 * (`minEm`, in characters: 表三's narrow group columns hold 三、 and （三）, which cannot be broken) keeps it, taken
 * from the widest label column.
 */
function fitFigures(g: Grid, numberCol: (i: number) => boolean, minLabels: number, minEm: number[] = []): Grid {
  const widest = Math.max(0, ...g.rows.flat().filter((c) => c.role === 'number').map((c) => figureEm(c.text)));
  const labels = g.widths.filter((_, i) => !numberCol(i)).reduce((a, b) => a + b, 0);
  const done = (widths: number[], k: number): Grid => {
    const w = keepMinimums(widths, minEm, SIZES[k], numberCol);
    const same = k === 0 && w.every((x, i) => x === g.widths[i]);
    return same ? g : { ...g, widths: w, fontPt: k === 0 ? undefined : SIZES[k].pt };
  };
  for (const [k, size] of SIZES.entries()) {
    const need = ((widest * size.pt + size.pad + 1.5) / TABLE_PT) * 100;
    const widths = g.widths.map((w, i) => (numberCol(i) ? Math.max(w, need) : w));
    const extra = widths.reduce((a, b) => a + b, 0) - 100;
    const last = k === SIZES.length - 1;
    if (extra <= 1e-9) return done(k === 0 ? g.widths : widths, k);
    if (labels > 0 && labels - extra >= minLabels) {
      const scale = (labels - extra) / labels;
      return done(widths.map((w, i) => (numberCol(i) ? w : w * scale)), k);
    }
    if (last) {
      const total = widths.reduce((a, b) => a + b, 0);
      return done(widths.map((w) => (w / total) * 100), k);
    }
  }
  return g;
}

/** `widths` with each label column at least its `minEm` characters wide at `size`, the difference taken from the widest label column. */
function keepMinimums(widths: number[], minEm: number[], size: { pt: number; pad: number }, numberCol: (i: number) => boolean): number[] {
  const out = [...widths];
  const labelCols = out.map((_, i) => i).filter((i) => !numberCol(i));
  const donor = labelCols.reduce((a, b) => (out[b] > out[a] ? b : a), labelCols[0]);
  for (const i of labelCols) {
    const need = minEm[i] ? ((minEm[i] * size.pt + size.pad + 1.5) / TABLE_PT) * 100 : 0;
    if (i !== donor && out[i] < need) {
      out[donor] -= need - out[i];
      out[i] = need;
    }
  }
  return out;
}

/** 表三 in the official layout: three label columns, merged group labels, the two-level header. */
function t3Grid(t: TableModel, m: Marker): Grid {
  const edition = t.readAs;
  const defs = T3_ROWS[edition];
  const maxDepth = Math.max(...defs.map((d) => depthOf(defs, d))) + 1; // label columns: 3
  const rows: GridCell[][] = [];
  const head = (text: string, extra: Partial<GridCell> = {}): GridCell => ({ text, role: 'head', header: true, marks: [], ...extra });
  const colSource = (key: string) => t.columns.find((c) => c.def?.key === key)?.cell.outer;
  const colHead = (key: string, label: string, extra: Partial<GridCell> = {}) => ({ ...head(label, extra), source: colSource(key), marks: m.at(colSource(key)) });
  rows.push([
    { ...head(T3_NOTE, { colspan: maxDepth, rowspan: 3 }), role: 'note', source: t.block.header.cells[0]?.outer, marks: m.at(t.block.header.cells[0]?.outer) },
    head('申请人情况', { colspan: 7 }),
  ]);
  rows.push([colHead('natural', T3_COLUMNS[0].label, { rowspan: 2 }), head('法人或其他组织', { colspan: 5 }), colHead('total', T3_COLUMNS[6].label, { rowspan: 2 })]);
  rows.push(T3_COLUMNS.slice(1, 6).map((c) => colHead(c.key, c.label)));
  // Body: walk the definitions; a group opens a merged label cell over its leaves.
  let pending: GridCell[] = [];
  for (const d of defs) {
    const depth = depthOf(defs, d);
    const rm = t.byKey.get(d.key);
    if (d.group) {
      pending.push({ text: d.label, role: 'label', rowspan: leafCount(defs, d.key), source: rm?.label.outer, marks: m.at(rm?.label.outer) });
      continue;
    }
    const row: GridCell[] = [...pending];
    pending = [];
    row.push({ text: d.label, role: 'label', colspan: maxDepth - depth, source: rm?.label.outer, marks: m.at(rm?.label.outer), missing: !rm });
    for (const c of T3_COLUMNS) row.push(numberCell(m, cellOf(t, d.key, c.key)));
    rows.push(row);
  }
  // Rows the report has that the form does not: kept, after the form's rows, so nothing is lost.
  for (const r of t.rows) {
    if (r.def) continue;
    const row: GridCell[] = [{ text: r.label.text, role: 'label', colspan: maxDepth, source: r.label.outer, marks: m.at(r.label.outer) }];
    const cells = t.block.rows[r.index]?.cells ?? [];
    for (let i = 0; i < 7; i++) {
      const c = cells[columnIndex(t, T3_COLUMNS[i].key, i + 1)];
      row.push({ text: c?.text.trim() ?? '', role: 'number', source: c?.outer, marks: m.at(c?.outer) });
    }
    rows.push(row);
  }
  const grid: Grid = { kind: 'grid', table: 't3', columns: maxDepth + 7, widths: [5, 7, 30, ...Array(7).fill(58 / 7)], rows, source: t.block.span, edition };
  // 三、本年度办理结果 is set one character a line, but 三、 is two; （三）不予公开 two a line, but （三） is three.
  return fitFigures(grid, (i) => i >= maxDepth, 30, maxDepth === 3 ? [2, 3] : []);
}

/** 表四 in the official layout: one row of 15 cells under the two-level header. */
function t4Grid(t: TableModel, m: Marker): Grid {
  const head = (text: string, extra: Partial<GridCell> = {}): GridCell => ({ text, role: 'head', header: true, marks: [], ...extra });
  const rows: GridCell[][] = [];
  rows.push([head('行政复议', { colspan: 5 }), head('行政诉讼', { colspan: 10 })]);
  rows.push([
    ...T4_COLUMNS.map((c) => head(c.label, { rowspan: 2 })),
    { ...head('未经复议直接起诉', { colspan: 5 }), source: t.byKey.get('direct')?.label.outer, marks: m.at(t.byKey.get('direct')?.label.outer) },
    { ...head('复议后起诉', { colspan: 5 }), source: t.byKey.get('after')?.label.outer, marks: m.at(t.byKey.get('after')?.label.outer) },
  ]);
  rows.push([...T4_COLUMNS, ...T4_COLUMNS].map((c) => head(c.label)));
  const body: GridCell[] = [];
  for (const r of T4_ROWS) {
    const rm = t.byKey.get(r.key);
    for (const c of T4_COLUMNS) body.push(numberCell(m, cellOf(t, r.key, c.key)));
  }
  rows.push(body);
  return fitFigures({ kind: 'grid', table: 't4', columns: 15, widths: Array(15).fill(100 / 15), rows, source: t.block.span }, () => true, 0);
}

/** A block of section 二: the item as a caption row, then the form's header and rows. */
function s2Grid(t: TableModel, m: Marker): Grid {
  const cols = t.colDefs;
  const n = cols.length + 1;
  const rows: GridCell[][] = [];
  const item = t.item ? `第二十条第（${ITEM_NUMERALS[t.item] ?? t.item}）项` : t.heading?.text ?? '';
  if (item) rows.push([{ text: item, role: 'caption', header: true, colspan: n, source: t.heading?.content, marks: m.at(t.heading?.content) }]);
  rows.push([
    { text: '信息内容', role: 'head', header: true, source: t.block.header.cells[0]?.outer, marks: m.at(t.block.header.cells[0]?.outer) },
    ...cols.map((c) => {
      const src = t.columns.find((x) => x.def?.key === c.key)?.cell.outer;
      return { text: c.label, role: 'head' as const, header: true, source: src, marks: m.at(src) };
    }),
  ]);
  for (const d of t.rowDefs) {
    const rm = t.byKey.get(d.key);
    rows.push([
      { text: d.label, role: 'label', source: rm?.label.outer, marks: m.at(rm?.label.outer), missing: !rm },
      ...cols.map((c) => numberCell(m, cellOf(t, d.key, c.key))),
    ]);
  }
  for (const r of t.rows) {
    if (r.def) continue;
    const cells = t.block.rows[r.index]?.cells ?? [];
    rows.push([
      { text: r.label.text, role: 'label', source: r.label.outer, marks: m.at(r.label.outer) },
      ...cols.map((col, i) => {
        const c = cells[columnIndex(t, col.key, i + 1)];
        return { text: c?.text.trim() ?? '', role: 'number' as const, source: c?.outer, marks: m.at(c?.outer) };
      }),
    ]);
  }
  const first = n === 1 ? 100 : n === 2 ? 50 : 28;
  const grid: Grid = { kind: 'grid', table: 's2', columns: n, widths: [first, ...Array(n - 1).fill((100 - first) / (n - 1))], rows, source: t.block.span, edition: t.readAs };
  return n === 1 ? grid : fitFigures(grid, (i) => i > 0, 20);
}

/** Any other table of the report, as written. */
function plainGrid(b: Extract<Report['blocks'][number], { kind: 'table' }>, m: Marker): Grid {
  const width = Math.max(b.header.cells.length, ...b.rows.map((r) => r.cells.length));
  const row = (cells: { text: string; outer: Span }[], header: boolean): GridCell[] =>
    Array.from({ length: width }, (_, i) => {
      const c = cells[i];
      return { text: c ? c.text.trim() : '', role: header ? 'head' : 'label', header, source: c?.outer, marks: m.at(c?.outer) } as GridCell;
    });
  return { kind: 'grid', table: 'other', columns: width, widths: Array(width).fill(100 / width), rows: [row(b.header.cells, true), ...b.rows.map((r) => row(r.cells, false))], source: b.span };
}

function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
}

/**
 * A stretch of the report's prose as layout paragraphs: the model's reading of it (core/model/prose.ts), links only
 * to http(s) and mailto addresses (images are never loaded: their alt text stands, so opening a report leaks nothing).
 */
function paragraphsOf(report: Report, span: Span, out: Paragraph[]): void {
  for (const p of proseOf(report, span)) {
    const runs = p.runs.map(({ url, ...run }): Run => {
      const href = safeHref(url);
      return href ? { ...run, href } : run;
    });
    out.push({ kind: 'paragraph', style: p.style, ...(p.marker !== undefined ? { marker: p.marker, level: p.level } : {}), runs, source: p.source });
  }
}

/** Lays out the report as published. `findings` mark the cells, labels and headings they point at. */
export function layoutReport(report: Report, findings: Finding[] = []): Layout {
  const m = new Marker(findings);
  const blocks: LayoutBlock[] = [];
  const title = report.title?.text.trim() || [report.meta.agency, report.meta.year ? `${report.meta.year}年` : '', '政府信息公开工作年度报告'].join('');
  blocks.push({ kind: 'heading', level: 1, text: title, source: report.title?.span ?? { start: 0, end: 0 }, marks: m.at(report.title?.content) });

  const tableAt = new Map<number, TableModel>();
  for (const t of report.tables.all) tableAt.set(t.block.span.start, t);
  const s2Headings = new Set<number>();
  for (const t of report.tables.s2) if (t.heading) s2Headings.add(t.heading.span.start);
  const sigSpans: Span[] = [];
  if (report.signature?.agency) sigSpans.push(report.signature.agency.span);
  if (report.signature?.date) sigSpans.push(report.signature.date.span);
  const inSignature = (s: Span) => sigSpans.some((x) => s.start <= x.start && s.end >= x.end);

  const emitBlocks = (bs: Report['blocks']) => {
    let seg: { start: number; end: number } | null = null;
    const flush = () => {
      if (!seg) return;
      const paras: Paragraph[] = [];
      const start = report.lines.offset({ line: report.lines.position(seg.start).line, character: 0 });
      paragraphsOf(report, { start, end: seg.end }, paras);
      blocks.push(...paras);
      seg = null;
    };
    for (const b of bs) {
      if (b.kind === 'frontmatter' || (b.kind === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(b.text))) {
        flush(); // comments (xxgk-disable …) and front matter are not part of the published text
        continue;
      }
      if (b.kind === 'table') {
        flush();
        const t = tableAt.get(b.span.start);
        if (t?.kind === 't3') blocks.push(t3Grid(t, m));
        else if (t?.kind === 't4') blocks.push(t4Grid(t, m));
        else if (t?.kind === 's2') blocks.push(s2Grid(t, m));
        else blocks.push(plainGrid(b, m));
        continue;
      }
      if (b.kind === 'heading' && s2Headings.has(b.span.start)) {
        flush(); // shown as the caption row of its table
        continue;
      }
      if (inSignature(b.span)) {
        flush();
        continue;
      }
      if ('nested' in b && b.nested && seg) {
        seg.end = Math.max(seg.end, b.span.end);
        continue;
      }
      if (!seg) seg = { start: b.span.start, end: b.span.end };
      else seg.end = Math.max(seg.end, b.span.end);
    }
    flush();
  };

  emitBlocks(report.preamble.filter((b) => b.span.start !== report.title?.span.start));
  for (const s of report.sections) {
    const def = s.no ? SECTIONS.find((d) => d.no === s.no) : undefined;
    blocks.push({ kind: 'heading', level: 2, text: def ? def.heading : s.heading.text.trim(), source: s.heading.span, marks: m.at(s.heading.content) });
    emitBlocks(s.blocks);
  }
  if (report.signature && (report.signature.agency || report.signature.date)) {
    const lines: Signature['lines'] = [];
    if (report.signature.agency) lines.push({ text: report.signature.agency.text, source: report.signature.agency.span, marks: m.at(report.signature.agency.span) });
    if (report.signature.date) lines.push({ text: report.signature.date.raw, source: report.signature.date.span, marks: m.at(report.signature.date.span) });
    blocks.push({ kind: 'signature', lines });
  }
  return {
    title,
    blocks,
    findings: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      infos: findings.filter((f) => f.severity === 'information').length,
    },
  };
}

/** What a layout weighs: its table cells and the characters of its text. */
export function layoutSize(blocks: LayoutBlock[]): { cells: number; chars: number } {
  let cells = 0;
  let chars = 0;
  for (const b of blocks) {
    if (b.kind === 'grid') for (const r of b.rows) for (const c of r) (cells++, (chars += c.text.length));
    else if (b.kind === 'paragraph') for (const r of b.runs) chars += r.text.length;
    else if (b.kind === 'heading') chars += b.text.length;
    else for (const l of b.lines) chars += l.text.length;
  }
  return { cells, chars };
}

export interface Budget {
  cells: number;
  chars: number;
}

/**
 * The preview shows at most this much (8,000 tables made a 9 MB answer that took seconds to build and to show); the
 * exports write at most EXPORT_BUDGET. A real report has under 1,000 cells and 50,000 characters.
 */
export const PREVIEW_BUDGET: Budget = { cells: 20_000, chars: 500_000 };
export const EXPORT_BUDGET: Budget = { cells: 200_000, chars: 4_000_000 };

/**
 * The layout's first blocks that fit the budget, the last of them cut to what is left (a table to its first rows, a
 * paragraph to its first characters); null when all of it fits. `shown` counts the blocks shown, whole or in part.
 */
export function cutToBudget(layout: Layout, budget: Budget): { layout: Layout; shown: number; total: number } | null {
  const size = layoutSize(layout.blocks);
  if (size.cells <= budget.cells && size.chars <= budget.chars) return null;
  let cells = 0;
  let chars = 0;
  const out: LayoutBlock[] = [];
  for (const b of layout.blocks) {
    const s = layoutSize([b]);
    if (cells + s.cells <= budget.cells && chars + s.chars <= budget.chars) {
      out.push(b);
      cells += s.cells;
      chars += s.chars;
      continue;
    }
    if (b.kind === 'grid') {
      const rows: GridCell[][] = [];
      for (const r of b.rows) {
        const rc = r.length;
        const rch = r.reduce((n, c) => n + c.text.length, 0);
        if (cells + rc > budget.cells || chars + rch > budget.chars) break;
        rows.push(r);
        cells += rc;
        chars += rch;
      }
      // Cells merged down from a row shown into a row cut off end with the rows shown.
      const n = rows.length;
      const fixed = rows.map((r, i) => r.map((c) => (c.rowspan && i + c.rowspan > n ? { ...c, rowspan: n - i } : c)));
      if (n) out.push({ ...b, rows: fixed });
    } else if (b.kind === 'paragraph') {
      const left = Math.max(0, budget.chars - chars);
      const runs: Run[] = [];
      let used = 0;
      for (const r of b.runs) {
        if (used >= left) break;
        runs.push(r.text.length <= left - used ? r : { ...r, text: `${r.text.slice(0, left - used)}…` });
        used += r.text.length;
      }
      if (runs.length) out.push({ ...b, runs });
    }
    break;
  }
  return { layout: { ...layout, blocks: out }, shown: out.length, total: layout.blocks.length };
}
