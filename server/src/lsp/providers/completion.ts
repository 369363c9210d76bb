/**
 * Completion provider: front-matter keys and values, the six section headings, the 第二十条 block headings, the
 * standard row labels missing at this point of a table (and column labels on its header), snippets of the tables.
 */
import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, Position, Range, TextEdit } from 'vscode-languageserver/node';
import { type Locale, type Report, type TableModel, S2_BLOCKS, SECTIONS, ITEM_NUMERALS, T3_COLUMNS, T4_COLUMNS, section2Text, skeleton, table3Text, table4Text, type FrontMatter } from '../../core/index.js';
import { t } from './locale.js';

const FM_KEYS = [
  { key: '机关', doc: '机关全称 (agency)' },
  { key: '年度', doc: '统计年度 (year)' },
  { key: '格式', doc: '2021 | 2019 (template edition)' },
  { key: '报告类型', doc: '部门 | 政府 (kind)' },
  { key: '发布日期', doc: 'YYYY-MM-DD (published)' },
];

/** Where the cursor is: its line, the text before it, its offset. */
interface Cursor {
  pos: Position;
  lineText: string;
  before: string;
  offset: number;
  lineRange: Range;
  year: number;
}

function frontMatterItems(fm: FrontMatter, c: Cursor): CompletionItem[] {
  const kv = /^\s*([^:：\s]+)\s*[:：]\s*(.*)$/.exec(c.before);
  if (kv) {
    const key = kv[1];
    const year = c.year;
    const vals: Record<string, string[]> = {
      格式: ['2021', '2019'], template: ['2021', '2019'],
      报告类型: ['部门', '政府'], kind: ['department', 'government'],
      年度: [String(year)], year: [String(year)],
      发布日期: [`${year + 1}-01-20`], published: [`${year + 1}-01-20`],
    };
    return (vals[key] ?? []).map((v, i) => ({ label: v, kind: CompletionItemKind.Value, sortText: String(i) }));
  }
  const present = new Set(fm.entries.map((e) => e.key));
  return FM_KEYS.filter((k) => !present.has(k.key)).map((k, i) => ({
    label: k.key, kind: CompletionItemKind.Property, detail: k.doc, insertText: `${k.key}: `, sortText: String(i),
  }));
}

function sectionItems(r: Report, c: Cursor, locale: Locale): CompletionItem[] {
  const present = new Set(r.sections.map((s) => s.no));
  return SECTIONS.map((s, i) => ({
    label: s.heading,
    kind: CompletionItemKind.Module,
    detail: present.has(s.no) ? t(locale, '（已有）', '(present)') : undefined,
    sortText: `${present.has(s.no) ? 1 : 0}${i}`,
    textEdit: TextEdit.replace(c.lineRange, `## ${s.heading}`),
  }));
}

function blockItems(r: Report, c: Cursor): CompletionItem[] {
  const present = new Set(r.tables.s2.map((b) => b.item));
  return S2_BLOCKS[r.meta.edition].map((b, i) => ({
    label: `第二十条第（${ITEM_NUMERALS[b.item]}）项`,
    kind: CompletionItemKind.Module,
    sortText: `${present.has(b.item) ? 1 : 0}${i}`,
    textEdit: TextEdit.replace(c.lineRange, `### 第二十条第（${ITEM_NUMERALS[b.item]}）项`),
  }));
}

/** Whether the typed characters stand in the label in order, anywhere (出版 finds 3.要求提供公开出版物). */
function matchesTyped(typed: string, label: string): boolean {
  let at = 0;
  for (const ch of typed) {
    at = label.indexOf(ch, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

/** The standard row labels missing between the standard rows before and after the cursor's line. */
function rowItems(table: TableModel, c: Cursor): CompletionList {
  const { offset, before, lineText, pos } = c;
  const rowIdx = table.block.rows.findIndex((row) => offset >= row.span.start && offset <= row.span.end + 1);
  const present = new Set(table.rows.map((row) => row.def?.key).filter(Boolean));
  const defs = table.rowDefs;
  const modelRows = table.rows;
  const thisRow = rowIdx >= 0 ? table.block.rows[rowIdx] : undefined;
  const prev = modelRows.filter((m) => m.def && (!thisRow || m.span.start < thisRow.span.start) && m.span.start < offset).pop();
  const next = modelRows.find((m) => m.def && m.span.start > offset && (!thisRow || m.span.start > thisRow.span.start));
  const lo = prev?.def ? defs.indexOf(prev.def) : -1;
  const hi = next?.def ? defs.indexOf(next.def) : defs.length;
  const width = Math.max(1, table.block.header.cells.length - 1);
  const rest = lineText.slice(before.length);
  const hasCells = /\|/.test(rest);
  // The edit starts after the row's opening pipe and its spaces, so that what VS Code filters the items by is
  // what was typed of the label itself ('' right after `| `, `保护` after `| 保护`), never the pipe.
  const lead = /^\s*\|?[ \t\u3000]*/.exec(before)![0];
  const space = /\|$/.test(lead) ? ' ' : lead ? '' : '| ';
  // What was typed of the label is matched here, anywhere in the label (VS Code's own filter wants the start of a
  // word, and Chinese has no word breaks); the list is incomplete, so VS Code asks again as the typing goes on, and
  // the filter text starts with what was typed.
  const typed = before.slice(lead.length).replace(/\s+/g, '');
  const items: CompletionItem[] = defs
    .map((d, i) => ({ d, i }))
    .filter(({ d, i }) => !present.has(d.key) && i > lo && i < hi && matchesTyped(typed, d.label))
    .map(({ d, i }) => ({
      label: d.label,
      kind: d.group ? CompletionItemKind.Folder : CompletionItemKind.EnumMember,
      sortText: String(i).padStart(3, '0'),
      filterText: typed && !d.label.startsWith(typed) ? `${typed} ${d.label}` : d.label,
      textEdit: TextEdit.replace(
        { start: { line: pos.line, character: lead.length }, end: { line: pos.line, character: hasCells ? pos.character : lineText.length } },
        hasCells ? `${space}${d.label} ` : `${space}${d.label} |${(d.group ? '  |' : ' 0 |').repeat(width)}`,
      ),
    }));
  return { isIncomplete: true, items };
}

function columnItems(table: TableModel): CompletionItem[] {
  const cols = table.kind === 't3' ? T3_COLUMNS.map((c) => c.label) : table.kind === 't4' ? T4_COLUMNS.map((c) => c.label) : table.colDefs.map((c) => c.label);
  return cols.map((c, i) => ({ label: c, kind: CompletionItemKind.Field, sortText: String(i).padStart(2, '0') }));
}

function snippetItems(r: Report, c: Cursor, locale: Locale): CompletionItem[] {
  const edition = r.meta.edition;
  const items: CompletionItem[] = [
    { label: t(locale, '表三：收到和处理政府信息公开申请情况', 'Table 3: requests received and handled'), detail: `${edition}`, insertText: table3Text(edition) },
    { label: t(locale, '表四：行政复议、行政诉讼情况', 'Table 4: reviews and lawsuits'), insertText: table4Text() },
    { label: t(locale, '第二部分：第二十条各项表格', 'Section 2: the Article 20 tables'), detail: `${edition}`, insertText: section2Text(edition) },
  ].map((x, i) => ({ ...x, kind: CompletionItemKind.Snippet, insertTextFormat: InsertTextFormat.PlainText, sortText: `z${i}`, filterText: x.label }));
  if (r.text.trim().length < 20) {
    items.push({
      label: t(locale, '年度报告全文骨架', 'Whole report skeleton'),
      kind: CompletionItemKind.Snippet,
      insertText: skeleton({ agency: '${1:机关全称}', year: c.year }).replace(/\$\{1:机关全称\}/g, '机关全称'),
      insertTextFormat: InsertTextFormat.PlainText,
      sortText: 'a',
    });
  }
  return items;
}

export function completions(r: Report, pos: Position, locale: Locale): CompletionItem[] | CompletionList {
  const lineStart = r.lines.lineStarts[pos.line] ?? 0;
  const lineText = r.text.slice(lineStart, r.lines.lineEnd(pos.line));
  const before = lineText.slice(0, pos.character);
  const c: Cursor = {
    pos, lineText, before, offset: lineStart + pos.character,
    lineRange: { start: { line: pos.line, character: 0 }, end: { line: pos.line, character: lineText.length } },
    year: r.meta.year ?? new Date().getFullYear() - 1,
  };
  const fm = r.frontMatter;
  if (fm && c.offset > fm.span.start && c.offset < fm.span.end && !/^---/.test(lineText)) return frontMatterItems(fm, c);
  if (/^##\s*$|^##\s+\S*$/.test(before) && !/^###/.test(before)) return sectionItems(r, c, locale);
  if (/^###\s*\S*$/.test(before)) return blockItems(r, c);
  const inTable = r.tables.all.find((tb) => c.offset >= tb.block.span.start && c.offset <= tb.block.span.end + 1);
  if (inTable && /^\s*\|?[^|]*$/.test(before)) {
    const onHeader = c.offset >= inTable.block.header.span.start && c.offset <= inTable.block.header.span.end;
    return onHeader ? columnItems(inTable) : rowItems(inTable, c);
  }
  if (lineText.trim() === '' || /^\s*\S*$/.test(before)) return snippetItems(r, c, locale);
  return [];
}
