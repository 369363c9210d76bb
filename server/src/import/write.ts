/**
 * Stage 5 of the mapping: the report in the dialect. Front matter (机关, 年度, 报告类型, 发布日期 when
 * the page or a date under the title gives it), a comment naming the source, the page's chrome in one
 * comment, the title, the preamble and the six sections with the form's tables in their standard rows
 * and columns, the signature last. A cell is written with the text read from the source, blank where
 * the source shows it blank, and `?` (dialect §7: unread, C05) where the import could not read it —
 * never with a number that was not read.
 */
import { Edition, ITEM_NUMERALS, S2_BLOCKS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_ROWS, UNREAD, tableText, normLabel } from '../core/index.js';
import type { Content, Piece, TableKind } from './content.js';
import { markedPiece } from './content.js';
import type { Metadata } from './meta.js';
import { commentText } from './patterns.js';
import { proseText } from './prose.js';
import type { Lost, PlacedRow, S2Block, T3Read, T4Read } from './tables.js';
import type { Tok } from './tokens.js';
import type { ImportShape, Unplaced } from './types.js';

export interface WriteInput {
  name: string;
  shape: ImportShape;
  meta: Metadata;
  titleFrom: 'document' | 'page' | 'none';
  chromeText: string[];
  content: Content;
  s2Edition: Edition;
  t3Edition: Edition;
}

export interface Written {
  text: string;
  /** Cells written with a value read from the source, by `t3.<row>.<col>` / `s2.<item>.<row>.<col>`. */
  placed: Map<string, string>;
  /** Cells of the form written `?`: not read from the source. */
  unread: number;
  /** Cells the source shows blank. */
  blanks: number;
  lost: Unplaced[];
}

const SHAPE_WORDS: Record<ImportShape, string> = { text: '纯文本', html: 'HTML 网页', docx: 'Word 文档', pdf: 'PDF 文件', crawl: '网页抓取文本' };

function labelText(s: string): string {
  return s.replace(/[\s\u3000]+/g, ' ').trim().replace(/\|/g, '\\|');
}

const loose = (s: string) => normLabel(s).replace(/[、,，;；:：·.]/g, '');

function punctuationOnly(printed: string, std: string): boolean {
  return normLabel(printed) !== normLabel(std) && loose(printed) === loose(std);
}

function yamlScalar(s: string): string {
  return /^[\p{L}\p{N}（）()·]+$/u.test(s) ? s : JSON.stringify(s);
}

/** Writes the report; `standard` names rows and columns whose printed labels must give way to the standard wording. */
export function writeReport(input: WriteInput, standard: Set<string>): Written {
  const { meta, content } = input;
  const placed = new Map<string, string>();
  const tableLost: Unplaced[] = [];
  let unread = 0;
  let blanks = 0;
  /** The text of a cell: what was read, blank where the source is blank, `?` where nothing was read. */
  const cell = (key: string, t: Tok | null | undefined): string => {
    if (!t || t.kind === 'unread') {
      unread++;
      return UNREAD;
    }
    if (t.kind === 'empty') {
      blanks++;
      return '';
    }
    const v = t.text.replace(/[\s\u3000]+/g, ' ').trim().replace(/\|/g, '\\|');
    placed.set(key, v);
    return v;
  };
  /** The label as printed, unless it differs from the standard one only in punctuation (OCR's `,` for `、`) or is a near match. */
  const rowLabel = (key: string, r: PlacedRow | undefined, std: string) =>
    r && !standard.has(key) && r.printed && !r.near && !punctuationOnly(r.printed, std) ? labelText(r.printed) : std;
  const s2Text = (): string => {
    const blocks: S2Block[] = content.s2;
    const items = [...new Set([...S2_BLOCKS[input.s2Edition].map((b) => b.item), ...blocks.map((b) => b.item)])].sort((a, b) => a - b);
    return items
      .map((item) => {
        const found = blocks.find((b) => b.item === item);
        const def = found?.def ?? S2_BLOCKS[input.s2Edition].find((b) => b.item === item)!;
        const header = ['信息内容', ...def.columns.map((c, i) => (found?.headers[i] && !standard.has(`s2.${item}.col.${c.key}`) ? labelText(found.headers[i]!) : c.label))];
        const rows = def.rows.map((r) => {
          const pr = found?.rows.get(r.key);
          return [rowLabel(`s2.${item}.row.${r.key}`, pr, r.label), ...def.columns.map((c, ci) => cell(`s2.${item}.${r.key}.${c.key}`, pr?.values[ci]))];
        });
        return `### 第二十条第（${ITEM_NUMERALS[item]}）项\n\n${tableText(header, rows)}`;
      })
      .join('\n\n');
  };
  const t3Text = (t3: T3Read | null): string => {
    const rows = T3_ROWS[input.t3Edition]
      .filter((r) => !r.group)
      .map((r) => {
        const pr = t3?.rows.get(r.key);
        return [rowLabel(`t3.row.${r.key}`, pr, r.label), ...T3_COLUMNS.map((c, ci) => cell(`t3.${r.key}.${c.key}`, pr?.values[ci]))];
      });
    const text = tableText(['申请人情况', ...T3_COLUMNS.map((c) => c.label)], rows);
    return t3?.note ? `${proseText(t3.note.text)}\n\n${text}` : text;
  };
  const t4Text = (t4: T4Read | null): string => {
    const rows = T4_ROWS.map((r) => {
      const pr = t4?.rows.get(r.key);
      return [r.label, ...T4_COLUMNS.map((c, ci) => cell(`t4.${r.key}.${c.key}`, pr?.values[ci]))];
    });
    return tableText(['类别', ...T4_COLUMNS.map((c) => c.label)], rows);
  };
  // Rows of the other edition's 表三 that were read but have no place in the edition written.
  const extraLost: Lost[] = [];
  if (content.t3) {
    const keys = new Set(T3_ROWS[input.t3Edition].map((r) => r.key));
    for (const [k, r] of content.t3.rows) {
      if (!keys.has(k) && r.values.some((v) => v && v.kind !== 'empty')) {
        extraLost.push({ what: `表三中不属于${input.t3Edition}版格式的一行“${r.def.label}”`, line: r.line, excerpt: r.values.map((v) => v?.text ?? '').join(' ') });
      }
    }
  }
  const tableFor = (kind: TableKind) => (kind === 's2' ? s2Text() : kind === 't3' ? t3Text(content.t3) : t4Text(content.t4));
  const out: string[] = [];
  const fm: string[] = [];
  if (meta.agency) fm.push(`机关: ${yamlScalar(meta.agency)}`);
  if (meta.year !== undefined) fm.push(`年度: ${meta.year}`);
  if (meta.kind && (meta.agency || meta.titleAgency)) fm.push(`报告类型: ${meta.kind === 'government' ? '政府' : '部门'}`);
  if (meta.published && meta.published.from !== 'signature') fm.push(`发布日期: ${meta.published.date}`);
  if (fm.length) out.push(['---', ...fm, '---'].join('\n'));
  const from = meta.published?.from === 'page' ? `；发布日期取自网页的发布时间` : meta.published?.from === 'title' ? '；发布日期取自标题下的日期' : '';
  out.push(
    `<!-- xxgk-import: 由“${commentText(input.name)}”导入（${SHAPE_WORDS[input.shape]}）。表格按标准行列写出，原文中空白的单元格留空，未能读出的写作 ?；请与原文核对${from}。 -->`,
  );
  if (input.chromeText.length) out.push(`<!-- xxgk-import: 网页页面内容（不属于报告正文），未写入报告：\n${input.chromeText.map(commentText).join('\n')}\n-->`);
  if (meta.title) {
    if (input.titleFrom === 'page') out.push('<!-- xxgk-import: 原文正文中没有标题，标题取自网页 -->');
    out.push(`# ${proseText(meta.title)}`);
  } else out.push('<!-- xxgk-import: 原文中未找到标题 -->');
  const used = new Set<TableKind>();
  const emit = (ps: Piece[]) => {
    for (const p of ps) {
      if (p.table) {
        used.add(p.table);
        out.push(tableFor(p.table));
        const lost = [...(p.lost ?? []), ...(p.table === 't3' ? extraLost : [])];
        if (lost.length) {
          const list: Unplaced[] = lost.map((l) => ({ what: l.what, line: l.line, excerpt: l.excerpt }));
          for (const x of list) tableLost.push(x);
          out.push(markedPiece(list).text);
        }
      } else if (p.text) out.push(p.text);
    }
  };
  emit(content.preamble);
  for (const s of content.sections) {
    out.push(`## ${proseText(s.heading)}`);
    emit(s.pieces);
    const kind: TableKind | null = s.no === 2 ? 's2' : s.no === 3 ? 't3' : s.no === 4 ? 't4' : null;
    if (kind && !used.has(kind)) {
      used.add(kind);
      out.push('<!-- xxgk-import: 原文中未找到此表，数值写作 ?，请对照原件填写 -->');
      out.push(tableFor(kind));
    }
  }
  for (const kind of ['s2', 't3', 't4'] as const) {
    const have = kind === 's2' ? content.s2.length > 0 : kind === 't3' ? content.t3 !== null : content.t4 !== null;
    if (!used.has(kind) && have) out.push(tableFor(kind));
  }
  const sig = meta.signature;
  if (sig) {
    if (sig.agency) out.push(proseText(sig.agency.text));
    if (sig.date) out.push(proseText(sig.date.text));
  }
  return { text: out.join('\n\n') + '\n', placed, unread, blanks, lost: tableLost };
}
