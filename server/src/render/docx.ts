/**
 * Word export: the layout as a .docx a clerk opens and edits in Word or WPS, written with the
 * `docx` library. The tables are real Word tables: merged cells come out as w:gridSpan (columns)
 * and w:vMerge (rows), every row covers the whole grid, and the columns are sized from the grid.
 *
 * Page and type follow the conventions of Chinese official documents (GB/T 9704), as the print
 * styling of the HTML export does: A4, margins 37/35/28/26 mm (top/bottom/left/right), 三号仿宋
 * body with a two-character first-line indent, 二号小标宋 title, 黑体 section headings, 楷体
 * subheadings, 五号宋体 tables with single black borders, the signature right-aligned.
 *
 * The formatting lives in paragraph styles (报告正文, 标题 1, 表格文字, …), so a clerk who changes
 * a style changes every paragraph of its kind, and a new paragraph typed after a body paragraph is
 * a body paragraph. Findings are not shown: the export is the published form.
 */
import {
  AlignmentType, BorderStyle, Document, ExternalHyperlink, Packer, Paragraph, Tab, Table, TableCell, TableLayoutType, TableRow, TextRun,
  VerticalAlignTable, VerticalMergeType, WidthType, type IRunOptions, type ParagraphChild,
} from 'docx';
import type { Grid, GridCell, Layout, LayoutBlock, Run } from './layout.js';

/** Twips per millimetre (1440 / 25.4, rounded as usual). */
const MM = 56.7;
/** A4 portrait and the margins of GB/T 9704, in twips. */
const PAGE = {
  width: 11906,
  height: 16838,
  top: Math.round(37 * MM), // 2098
  bottom: Math.round(35 * MM), // 1985
  left: Math.round(28 * MM), // 1588
  right: Math.round(26 * MM), // 1474
} as const;
/** The width of the text block (156 mm), which the tables fill. */
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

const LATIN = 'Times New Roman';
const FONT = {
  body: { eastAsia: '仿宋_GB2312', ascii: LATIN, hAnsi: LATIN, cs: LATIN },
  title: { eastAsia: '方正小标宋简体', ascii: LATIN, hAnsi: LATIN, cs: LATIN },
  heading: { eastAsia: '黑体', ascii: LATIN, hAnsi: LATIN, cs: LATIN },
  sub: { eastAsia: '楷体_GB2312', ascii: LATIN, hAnsi: LATIN, cs: LATIN },
  table: { eastAsia: '宋体', ascii: LATIN, hAnsi: LATIN, cs: LATIN },
  /** Inline code keeps the East Asian font of its paragraph; only the Latin letters change. */
  mono: { ascii: 'Consolas', hAnsi: 'Consolas', cs: 'Consolas' },
  code: { eastAsia: '宋体', ascii: 'Consolas', hAnsi: 'Consolas', cs: 'Consolas' },
};
/** Half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt, 小五 9 pt. */
const SIZE = { title: 44, body: 32, table: 21, note: 18 };
/** Two characters of the 三号 body (16 pt = 320 twips each); Word prefers the `Chars` form, others the twips. */
const INDENT_2 = { firstLine: 640, firstLineChars: 200 };
const NO_INDENT = { firstLine: 0, firstLineChars: 0 };
/** Fixed 28 pt lines: the 22 lines per page of an official document. */
const LINE = { line: 560, lineRule: 'exact' as const, before: 0, after: 0 };

const STYLE = {
  title: 'Title',
  section: 'Heading1',
  sub: 'Heading2',
  body: 'XxgkBody',
  list: 'XxgkList',
  quote: 'XxgkQuote',
  code: 'XxgkCode',
  table: 'XxgkTable',
  signature: 'XxgkSignature',
} as const;

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' }; // ½ pt

/** Text as XML can carry it: no C0 controls but tab and line breaks, no lone surrogates or non-characters. */
function clean(s: unknown): string {
  return String(s ?? '')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Runs of one piece of text: line breaks as w:br, tabs as w:tab. */
function textRuns(text: string, options: IRunOptions): TextRun[] {
  const s = clean(text);
  if (!s) return [];
  return s
    .split(/\r\n|\r|\n/)
    .map((line, i) => {
      const parts = line.split('\t');
      const children: (string | Tab)[] = [];
      parts.forEach((p, j) => {
        if (j > 0) children.push(new Tab());
        if (p) children.push(p);
      });
      return new TextRun({ ...options, children, break: i > 0 ? 1 : undefined });
    });
}

function runs(rs: readonly Run[] | undefined, base: IRunOptions = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const r of rs ?? []) {
    if (!r || typeof r !== 'object') continue;
    const options: IRunOptions = {
      ...base,
      bold: r.bold || undefined,
      italics: r.italic || undefined,
      strike: r.strike || undefined,
      font: r.code ? FONT.mono : base.font,
      underline: r.href ? {} : undefined,
    };
    const children = textRuns(r.text, options);
    if (r.href) out.push(new ExternalHyperlink({ link: r.href, children }));
    else out.push(...children);
  }
  return out;
}

function block(b: Exclude<LayoutBlock, Grid>): Paragraph[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ style: b.level === 1 ? STYLE.title : STYLE.section, children: textRuns(b.text, {}) })];
    case 'paragraph':
      switch (b.style) {
        case 'subheading':
          return [new Paragraph({ style: STYLE.sub, children: runs(b.runs) })];
        case 'list': {
          const level = Math.max(0, Math.min(8, Math.floor(Number(b.level) || 0)));
          const marker = clean(b.marker ?? '•');
          return [
            new Paragraph({
              style: STYLE.list,
              indent: level ? { left: 640 * (level + 1), ...NO_INDENT } : undefined,
              children: [...(marker ? [new TextRun({ text: `${marker} ` })] : []), ...runs(b.runs)],
            }),
          ];
        }
        case 'quote':
          return [new Paragraph({ style: STYLE.quote, children: runs(b.runs) })];
        case 'code':
          // One paragraph per block, its lines as line breaks: edited as one block, spaces kept.
          return [new Paragraph({ style: STYLE.code, children: runs((b.runs ?? []).map((r) => ({ ...r, code: false }))) })];
        default:
          return [new Paragraph({ style: STYLE.body, children: runs(b.runs) })];
      }
    case 'signature':
      return (b.lines ?? []).map((l, i) => new Paragraph({ style: STYLE.signature, spacing: i === 0 ? { before: 640 } : undefined, children: textRuns(l?.text, {}) }));
    default:
      return [];
  }
}

/** A cell of the layout placed on the grid: its first column, and the columns and rows it covers. */
interface Placed {
  cell: GridCell;
  col: number;
  colspan: number;
  rowspan: number;
}

/**
 * Places the cells of the grid as HTML does (each cell in the first column not taken by the row or
 * by a cell merged down from above), keeping every cell inside the grid: a span is cut where it
 * would overlap another cell or run past the last column or row. A row with more cells than the
 * grid has columns widens the grid rather than lose text.
 */
function place(g: Grid): { columns: number; rows: Placed[][]; under: (Placed | undefined)[][] } {
  const rows = Array.isArray(g.rows) ? g.rows.map((r) => (Array.isArray(r) ? r.filter((c) => c && typeof c === 'object') : [])) : [];
  const taken: boolean[][] = rows.map(() => []);
  const under: (Placed | undefined)[][] = rows.map(() => []); // at its first column in each row below: the cell merged down over it
  const int = (n: unknown) => (Number.isFinite(n) && (n as number) >= 1 ? Math.floor(n as number) : 1);
  let columns = Number.isFinite(g.columns) && g.columns > 0 ? Math.floor(g.columns) : 0;
  const placed = rows.map((row, r) => {
    const out: Placed[] = [];
    let col = 0;
    for (const cell of row) {
      while (taken[r][col]) col++;
      let colspan = 0;
      const want = int(cell.colspan);
      // A span stops at the next taken column and at the grid's last column; only a cell that starts
      // past the last column (a row with too many cells) widens the grid, by its one column.
      while (colspan < want && !taken[r][col + colspan] && (col + colspan < columns || colspan === 0)) colspan++;
      const rowspan = Math.min(int(cell.rowspan), rows.length - r);
      const p: Placed = { cell, col, colspan, rowspan };
      for (let dr = 0; dr < rowspan; dr++) {
        for (let dc = 0; dc < colspan; dc++) taken[r + dr][col + dc] = true;
        if (dr > 0) under[r + dr][col] = p;
      }
      out.push(p);
      col += colspan;
      columns = Math.max(columns, col);
    }
    return out;
  });
  return { columns, rows: placed, under };
}

/** Column widths in twips over the text width, from the grid's relative widths (equal widths if they don't fit the grid). */
function columnWidths(g: Grid, columns: number): number[] {
  const rel = Array.isArray(g.widths) && g.widths.length === columns && g.widths.every((w) => Number.isFinite(w) && w > 0) ? g.widths : Array(columns).fill(1);
  const total = rel.reduce((a, b) => a + b, 0);
  // Rounded at the column boundaries, so each column is within a twip of its share and they add up to the text width.
  let sum = 0;
  let edge = 0;
  return rel.map((w) => {
    sum += w;
    const next = Math.round((sum / total) * TEXT_WIDTH);
    const width = next - edge;
    edge = next;
    return width;
  });
}

function cellParagraph(c: GridCell | undefined, size?: number): Paragraph {
  const role = c?.role;
  // Headers and numbers centred; labels, the note of 表三 and the caption of a 表二 block left.
  const alignment = role === 'label' || role === 'note' || role === 'caption' ? AlignmentType.LEFT : AlignmentType.CENTER;
  // A cell the report has no value for stays empty (the form's own row labels are kept).
  const text = !c || (c.missing && role !== 'label') ? '' : c.text;
  const sized: IRunOptions = size ? { size } : {};
  const base: IRunOptions = role === 'caption' ? { font: FONT.heading, ...sized } : role === 'note' ? { size: size ? Math.min(size, SIZE.note) : SIZE.note } : sized;
  return new Paragraph({ style: STYLE.table, alignment, children: textRuns(text, base) });
}

/**
 * A Word cell: `merge` is its part in a vertical merge, w:vMerge="restart" on the merged cell and
 * w:vMerge="continue" on the cell under it in each row it covers. (docx's `rowSpan` writes the same
 * markup, but gives the cells it adds below an empty paragraph in the Normal style, 三号, which
 * would make every row under a merged label taller than the rows of 五号 text; so the continue
 * cells are written here, with an empty paragraph of the table's style.)
 */
function tableCell(c: GridCell | undefined, colspan: number, merge?: 'restart' | 'continue', size?: number): TableCell {
  return new TableCell({
    columnSpan: colspan > 1 ? colspan : undefined,
    verticalMerge: merge === 'restart' ? VerticalMergeType.RESTART : merge === 'continue' ? VerticalMergeType.CONTINUE : undefined,
    verticalAlign: VerticalAlignTable.CENTER,
    children: [merge === 'continue' ? cellParagraph(c ? { ...c, text: '' } : undefined, size) : cellParagraph(c, size)],
  });
}

function table(g: Grid): Table | null {
  const { columns, rows: placed, under } = place(g);
  if (columns <= 0 || !placed.length) return null;
  const widths = columnWidths(g, columns);
  const source = Array.isArray(g.rows) ? g.rows : [];
  // Rows of header cells at the top repeat on each page (when something follows them).
  let headerRows = 0;
  while (headerRows < source.length && source[headerRows]?.length && source[headerRows].every((c) => c?.header)) headerRows++;
  if (headerRows === source.length) headerRows = 0;
  const small = g.table === 't4' || g.table === 's2'; // kept on one page
  // A table set smaller so that its widest figure fits (half-points), as in the HTML and the PDF.
  const size = typeof g.fontPt === 'number' && Number.isFinite(g.fontPt) ? Math.round(g.fontPt * 2) : undefined;
  const rows = placed.map((row, r) => {
    // Cells in column order: the row's own, the continue cells of the cells merged down over it,
    // and an empty cell in a column nothing takes (a short row), so every row covers the whole grid.
    const starts = new Map(row.map((p) => [p.col, p]));
    const cells: TableCell[] = [];
    for (let col = 0; col < columns; ) {
      const own = starts.get(col);
      const above = under[r][col];
      if (own) cells.push(tableCell(own.cell, own.colspan, own.rowspan > 1 ? 'restart' : undefined, size));
      else if (above) cells.push(tableCell(above.cell, above.colspan, 'continue', size));
      else cells.push(tableCell(undefined, 1, undefined, size));
      col += own?.colspan ?? above?.colspan ?? 1;
    }
    return new TableRow({
      children: cells,
      cantSplit: true,
      tableHeader: r < headerRows || undefined,
      keepNext: (small ? r < placed.length - 1 : r < headerRows) || undefined,
    });
  });
  return new Table({
    rows,
    columnWidths: widths,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    margins: { top: 30, bottom: 30, left: 60, right: 60 },
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
  });
}

/** The cells' text as paragraphs, for a grid Word could not be given as a table. */
function gridAsText(g: Grid): Paragraph[] {
  const rows = Array.isArray(g.rows) ? g.rows : [];
  return rows
    .map((r) => (Array.isArray(r) ? r.map((c) => (c?.missing && c.role !== 'label' ? '' : c?.text ?? '')).join('\t') : ''))
    .filter((t) => t.trim())
    .map((t) => new Paragraph({ style: STYLE.table, alignment: AlignmentType.LEFT, children: textRuns(t, {}) }));
}

function blockChildren(b: LayoutBlock): (Paragraph | Table)[] {
  if (!b || typeof b !== 'object') return [];
  if (b.kind !== 'grid') return block(b);
  let t: Table | null;
  try {
    t = table(b);
  } catch {
    return gridAsText(b);
  }
  // A paragraph after each table: two tables in a row would be joined into one, and a document can't end in a table.
  return t ? [t, new Paragraph({ style: STYLE.table, children: [] })] : gridAsText(b);
}

function wordDocument(layout: Layout, children: (Paragraph | Table)[]): Document {
  return new Document({
    creator: 'xxgk-report',
    title: clean(layout?.title),
    styles: {
      default: {
        document: {
          run: { font: FONT.body, size: SIZE.body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
        title: {
          next: STYLE.body,
          run: { font: FONT.title, size: SIZE.title, bold: false, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: 'exact', before: 0, after: 560 }, indent: NO_INDENT, keepNext: true },
        },
        heading1: {
          next: STYLE.body,
          run: { font: FONT.heading, size: SIZE.body, bold: false, italics: false, color: '000000' },
          paragraph: { spacing: LINE, indent: INDENT_2, keepNext: true, keepLines: true, outlineLevel: 0, alignment: AlignmentType.JUSTIFIED },
        },
        heading2: {
          next: STYLE.body,
          run: { font: FONT.sub, size: SIZE.body, bold: false, italics: false, color: '000000' },
          paragraph: { spacing: LINE, indent: INDENT_2, keepNext: true, keepLines: true, outlineLevel: 1, alignment: AlignmentType.JUSTIFIED },
        },
      },
      paragraphStyles: [
        { id: STYLE.body, name: '报告正文', basedOn: 'Normal', next: STYLE.body, quickFormat: true, paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: LINE, indent: INDENT_2 } },
        { id: STYLE.list, name: '报告列表', basedOn: STYLE.body, next: STYLE.list, quickFormat: true, paragraph: { indent: { left: 640, ...NO_INDENT } } },
        {
          id: STYLE.quote, name: '报告引文', basedOn: STYLE.body, next: STYLE.body, quickFormat: true,
          paragraph: { indent: { left: 640, ...NO_INDENT }, border: { left: { style: BorderStyle.SINGLE, size: 18, color: '999999', space: 8 } } },
        },
        {
          id: STYLE.code, name: '报告代码', basedOn: 'Normal', next: STYLE.body,
          run: { font: FONT.code, size: SIZE.table },
          paragraph: { alignment: AlignmentType.LEFT, spacing: { line: 300, lineRule: 'auto', before: 60, after: 60 }, indent: NO_INDENT },
        },
        {
          id: STYLE.table, name: '表格文字', basedOn: 'Normal', next: STYLE.table, quickFormat: true,
          run: { font: FONT.table, size: SIZE.table },
          paragraph: { spacing: { line: 264, lineRule: 'auto', before: 0, after: 0 }, indent: NO_INDENT },
        },
        { id: STYLE.signature, name: '落款', basedOn: STYLE.body, next: STYLE.signature, quickFormat: true, paragraph: { alignment: AlignmentType.RIGHT, indent: { right: 640, ...NO_INDENT } } },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
          },
        },
        children: children.length ? children : [new Paragraph({ style: STYLE.body, children: [] })],
      },
    ],
  });
}

/** The .docx file of the layout. Writes what it can of an odd layout rather than fail. */
export async function renderDocx(layout: Layout): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [];
  for (const b of Array.isArray(layout?.blocks) ? layout.blocks : []) {
    try {
      children.push(...blockChildren(b));
    } catch {
      // A block the writer can't handle is left out, never the whole document.
    }
  }
  return new Uint8Array(await Packer.toBuffer(wordDocument(layout, children)));
}
