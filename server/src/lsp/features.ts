/** Editor features computed from one analysis: diagnostics, code actions, hover, inlay hints, code lens, completion. */
import {
  CodeAction, CodeActionKind, CodeLens, CompletionItem, CompletionItemKind, CompletionList, Diagnostic, DiagnosticSeverity, Hover, InlayHint,
  InsertTextFormat, MarkupKind, Position, Range, TextEdit,
} from 'vscode-languageserver/node';
import type { Analysis, Finding, Locale, NumberCell, Report, TableModel } from '../core/index.js';
import { S2_BLOCKS, SECTIONS, ITEM_NUMERALS, outcomeTerms, T3_APPLICANTS, T3_COLUMNS, T4_COLUMNS } from '../core/standard.js';
import { section2Text, skeleton, table3Text, table4Text } from '../core/skeleton.js';
import { fmt } from '../core/rules/util.js';
import type { Span } from '../core/text.js';
import { tableAt } from './align.js';

const t = (locale: Locale, zh: string, en: string) => (locale === 'en' ? en : zh);

export interface FixData {
  code: string;
  fix?: { title: string; edits: { range: Range; newText: string }[] };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information };

/** `link(code)`: the address of the rule's page (docs/rules/<ID>.md), or undefined for none. */
export function toDiagnostic(f: Finding, uri: string, link: (code: string) => string | undefined): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    source: 'xxgk',
    message: f.message,
    data: { code: f.code, fix: f.fix && { title: f.fix.title, edits: f.fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } } satisfies FixData,
  };
  const href = link(f.code);
  if (href) d.codeDescription = { href };
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: r.file ?? uri, range: r.range }, message: r.message }));
  }
  return d;
}

/** Codes whose fixes only normalise how something is written: safe for fix-on-save (source.fixAll). */
export const SAFE_FIX_ALL = new Set(['C04', 'D06', 'S03']);

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Non-overlapping edits of the given findings, in document order. */
export function mergeFixes(findings: Finding[]): TextEdit[] {
  const taken: Span[] = [];
  const edits: TextEdit[] = [];
  for (const f of findings) {
    if (!f.fix) continue;
    if (f.fix.edits.some((e) => taken.some((s) => overlaps(s, e.span) || (s.start === e.span.start && e.span.start === e.span.end)))) continue;
    for (const e of f.fix.edits) {
      taken.push(e.span);
      edits.push({ range: e.range, newText: e.newText });
    }
  }
  return edits;
}

export function codeActions(
  uri: string,
  analysis: Analysis,
  range: Range,
  diagnostics: Diagnostic[],
  only: string[] | undefined,
  locale: Locale,
): CodeAction[] {
  const out: CodeAction[] = [];
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
  if (wants(CodeActionKind.QuickFix)) {
    const seenCodes = new Set<string>();
    for (const d of diagnostics) {
      if (d.source !== 'xxgk') continue;
      const data = d.data as FixData | undefined;
      const code = String(d.code ?? data?.code ?? '');
      if (data?.fix) {
        out.push({
          title: data.fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: true,
          edit: { changes: { [uri]: data.fix.edits.map((e) => TextEdit.replace(e.range, e.newText)) } },
        });
      }
      if (code && data?.fix && !seenCodes.has(code)) {
        const same = analysis.findings.filter((f) => f.code === code && f.fix);
        if (same.length > 1) {
          out.push({
            title: t(locale, `修复本文档中所有 ${code} 问题（${same.length} 处）`, `Fix all ${code} problems in this document (${same.length})`),
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            edit: { changes: { [uri]: mergeFixes(same) } },
          });
        }
      }
      if (code) {
        out.push(disableAction(uri, analysis.report, d, code, locale));
      }
      seenCodes.add(code);
    }
  }
  if (wants(CodeActionKind.SourceFixAll) || (only && only.includes('source.fixAll.xxgk'))) {
    const safe = analysis.findings.filter((f) => SAFE_FIX_ALL.has(f.code) && f.fix);
    if (safe.length) {
      out.push({
        title: t(locale, '规范全部数字、日期和标题写法', 'Normalise all numbers, dates and headings'),
        kind: 'source.fixAll.xxgk',
        edit: { changes: { [uri]: mergeFixes(safe) } },
      });
    }
  }
  void range;
  return out;
}

/** "Disable this rule for this line": a next-line comment, or around the table when the line is a table row. */
function disableAction(uri: string, r: Report, d: Diagnostic, code: string, locale: Locale): CodeAction {
  const offset = r.lines.offset(d.range.start);
  const table = tableAt(r, offset);
  const title = t(locale, `在此处停用规则 ${code}`, `Disable ${code} here`);
  if (table) {
    const start = r.lines.position(table.span.start);
    const end = r.lines.position(table.span.end);
    return {
      title: t(locale, `对此表格停用规则 ${code}`, `Disable ${code} for this table`),
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: {
        changes: {
          [uri]: [
            TextEdit.insert({ line: start.line, character: 0 }, `<!-- xxgk-disable ${code} -->\n`),
            TextEdit.insert({ line: end.line, character: r.lines.lineEnd(end.line) - r.lines.lineStarts[end.line] }, `\n<!-- xxgk-enable ${code} -->`),
          ],
        },
      },
    };
  }
  const line = d.range.start.line;
  const indent = /^[ \t]*/.exec(r.text.slice(r.lines.lineStarts[line], r.lines.lineEnd(line)))![0];
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: { changes: { [uri]: [TextEdit.insert({ line, character: 0 }, `${indent}<!-- xxgk-disable-next-line ${code} -->\n`)] } },
  };
}

// ------------------------------------------------------------------ hover and inlay hints

export interface SumExplanation {
  cell: NumberCell;
  label: string;
  terms: { label: string; value: number }[];
  computed: number;
}

function cellAt(r: Report, offset: number): { table: TableModel; cell: NumberCell } | undefined {
  for (const table of r.tables.all) {
    if (offset < table.block.span.start || offset > table.block.span.end) continue;
    for (const row of table.rows) for (const cell of row.cells.values()) if (offset >= cell.outer.start && offset <= cell.outer.end) return { table, cell };
  }
  return undefined;
}

/** The sums a cell is the stated total of (A01 column total, A03 row total, A04 row total). */
export function sumsFor(r: Report, table: TableModel, cell: NumberCell): SumExplanation[] {
  const out: SumExplanation[] = [];
  const row = table.byKey.get(cell.row);
  const add = (label: string, cells: (NumberCell | undefined)[]) => {
    if (cells.some((c) => !c || c.value === null)) return;
    const terms = cells.map((c) => ({ label: c!.row === cell.row ? c!.colLabel : c!.rowLabel, value: c!.value! }));
    out.push({ cell, label, terms, computed: Math.round(terms.reduce((s, x) => s + x.value, 0) * 1e6) / 1e6 });
  };
  if (table.kind === 't3') {
    if (cell.row === 'total') add(`（七）总计 · ${cell.colLabel}`, outcomeTerms(table.readAs).map((k) => table.byKey.get(k)?.cells.get(cell.col)));
    if (cell.col === 'total' && row) add(`${cell.rowLabel} · 总计`, T3_APPLICANTS.map((k) => row.cells.get(k)));
  } else if (table.kind === 't4' && cell.col === 'total' && row) {
    add(`${cell.rowLabel} · 总计`, ['upheld', 'corrected', 'other', 'pending'].map((k) => row.cells.get(k)));
  }
  return out;
}

export function hover(r: Report, pos: Position, locale: Locale): Hover | null {
  const hit = cellAt(r, r.lines.offset(pos));
  if (!hit) return null;
  const sums = sumsFor(r, hit.table, hit.cell);
  if (!sums.length) return null;
  const lines: string[] = [];
  for (const s of sums) {
    const stated = hit.cell.value;
    const ok = stated !== null && Math.abs(stated - s.computed) < 1e-6;
    lines.push(`**${s.label}**`, '');
    lines.push(s.terms.map((x) => `${x.label} ${fmt(x.value)}`).join(' + ') + ` = **${fmt(s.computed)}**`, '');
    lines.push(ok ? t(locale, `✓ 与填写值 ${fmt(stated!)} 一致`, `✓ matches the stated ${fmt(stated!)}`) : t(locale, `✗ 填写值为 ${stated === null ? '（无）' : fmt(stated)}`, `✗ stated ${stated === null ? '(none)' : fmt(stated)}`), '');
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: r.lines.range(hit.cell.span) };
}

export function inlayHints(a: Analysis, range: Range, locale: Locale): InlayHint[] {
  const out: InlayHint[] = [];
  for (const f of a.findings) {
    if (!['A01', 'A03', 'A04'].includes(f.code) || typeof f.data?.computed !== 'number') continue;
    if (f.range.end.line < range.start.line || f.range.start.line > range.end.line) continue;
    out.push({
      position: f.range.end,
      label: t(locale, ` ≠ ${fmt(f.data.computed)}`, ` ≠ ${fmt(f.data.computed)}`),
      paddingLeft: true,
      tooltip: t(locale, `按勾稽关系计算应为 ${fmt(f.data.computed)}`, `The sum of its terms is ${fmt(f.data.computed)}`),
    });
  }
  return out;
}

// ------------------------------------------------------------------ code lens

export function codeLenses(a: Analysis, locale: Locale): CodeLens[] {
  const r = a.report;
  const lenses: CodeLens[] = [];
  for (const table of r.tables.all) {
    const codes = table.kind === 't3' ? ['A01', 'A02', 'A03'] : table.kind === 't4' ? ['A04'] : table.item === 1 && table.readAs === 2021 ? ['A05'] : [];
    if (!codes.length) continue;
    const bad = a.findings.filter((f) => codes.includes(f.code) && f.span.start >= table.block.span.start && f.span.end <= table.block.span.end);
    const title = bad.length === 0 ? t(locale, '勾稽关系 ✓', 'Totals ✓') : t(locale, `${bad.length} 处不一致`, `${bad.length} inconsistenc${bad.length === 1 ? 'y' : 'ies'}`);
    const pos = r.lines.position(table.block.span.start);
    lenses.push({
      range: { start: pos, end: pos },
      command: bad.length
        ? { title, command: 'xxgk.revealRange', arguments: [r.lines.range(bad[0].span)] }
        : { title, command: '' },
    });
  }
  return lenses;
}

// ------------------------------------------------------------------ completion

const FM_KEYS = [
  { key: '机关', doc: '机关全称 (agency)' },
  { key: '年度', doc: '统计年度 (year)' },
  { key: '格式', doc: '2021 | 2019 (template edition)' },
  { key: '报告类型', doc: '部门 | 政府 (kind)' },
  { key: '发布日期', doc: 'YYYY-MM-DD (published)' },
];

export function completions(r: Report, pos: Position, locale: Locale): CompletionItem[] | CompletionList {
  const lineStart = r.lines.lineStarts[pos.line] ?? 0;
  const lineText = r.text.slice(lineStart, r.lines.lineEnd(pos.line));
  const before = lineText.slice(0, pos.character);
  const offset = lineStart + pos.character;
  const lineRange = { start: { line: pos.line, character: 0 }, end: { line: pos.line, character: lineText.length } };
  const year = r.meta.year ?? new Date().getFullYear() - 1;
  const edition = r.meta.edition;

  // Front matter
  const fm = r.frontMatter;
  if (fm && offset > fm.span.start && offset < fm.span.end && !/^---/.test(lineText)) {
    const kv = /^\s*([^:：\s]+)\s*[:：]\s*(.*)$/.exec(before);
    if (kv) {
      const key = kv[1];
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

  // Section headings
  if (/^##\s*$|^##\s+\S*$/.test(before) && !/^###/.test(before)) {
    const present = new Set(r.sections.map((s) => s.no));
    return SECTIONS.map((s, i) => ({
      label: s.heading,
      kind: CompletionItemKind.Module,
      detail: present.has(s.no) ? t(locale, '（已有）', '(present)') : undefined,
      sortText: `${present.has(s.no) ? 1 : 0}${i}`,
      textEdit: TextEdit.replace(lineRange, `## ${s.heading}`),
    }));
  }

  // Article-20 block headings in section 二
  if (/^###\s*\S*$/.test(before)) {
    const present = new Set(r.tables.s2.map((b) => b.item));
    return S2_BLOCKS[edition].map((b, i) => ({
      label: `第二十条第（${ITEM_NUMERALS[b.item]}）项`,
      kind: CompletionItemKind.Module,
      sortText: `${present.has(b.item) ? 1 : 0}${i}`,
      textEdit: TextEdit.replace(lineRange, `### 第二十条第（${ITEM_NUMERALS[b.item]}）项`),
    }));
  }

  // Table rows: the standard labels missing at this point of this table
  const inTable = r.tables.all.find((tb) => offset >= tb.block.span.start && offset <= tb.block.span.end + 1);
  if (inTable && /^\s*\|?[^|]*$/.test(before)) {
    const rowIdx = inTable.block.rows.findIndex((row) => offset >= row.span.start && offset <= row.span.end + 1);
    const onHeader = offset >= inTable.block.header.span.start && offset <= inTable.block.header.span.end;
    if (!onHeader) {
      const present = new Set(inTable.rows.map((row) => row.def?.key).filter(Boolean));
      const defs = inTable.rowDefs;
      // Between the standard rows before and after this line.
      const modelRows = inTable.rows;
      const thisRow = rowIdx >= 0 ? inTable.block.rows[rowIdx] : undefined;
      const prev = modelRows.filter((m) => m.def && (!thisRow || m.span.start < thisRow.span.start) && m.span.start < offset).pop();
      const next = modelRows.find((m) => m.def && m.span.start > offset && (!thisRow || m.span.start > thisRow.span.start));
      const lo = prev?.def ? defs.indexOf(prev.def) : -1;
      const hi = next?.def ? defs.indexOf(next.def) : defs.length;
      const width = Math.max(1, inTable.block.header.cells.length - 1);
      const rest = lineText.slice(before.length);
      const hasCells = /\|/.test(rest);
      // The edit starts after the row's opening pipe and its spaces, so that what VS Code filters the items by is
      // what was typed of the label itself ('' right after `| `, `保护` after `| 保护`), never the pipe.
      const lead = /^\s*\|?[ \t\u3000]*/.exec(before)![0];
      const space = /\|$/.test(lead) ? ' ' : lead ? '' : '| ';
      // What was typed of the label is matched here, anywhere in the label (出版 finds 3.要求提供公开出版物: VS Code's
      // own filter wants the start of a word, and Chinese has no word breaks); the list is incomplete, so VS Code asks
      // again as the typing goes on, and the filter text starts with what was typed.
      const typed = before.slice(lead.length).replace(/\s+/g, '');
      const matchesTyped = (label: string) => {
        let at = 0;
        for (const ch of typed) {
          at = label.indexOf(ch, at) + 1;
          if (at === 0) return false;
        }
        return true;
      };
      const items: CompletionItem[] = defs
        .map((d, i) => ({ d, i }))
        .filter(({ d, i }) => !present.has(d.key) && i > lo && i < hi && matchesTyped(d.label))
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
    const cols = inTable.kind === 't3' ? T3_COLUMNS.map((c) => c.label) : inTable.kind === 't4' ? T4_COLUMNS.map((c) => c.label) : inTable.colDefs.map((c) => c.label);
    return cols.map((c, i) => ({ label: c, kind: CompletionItemKind.Field, sortText: String(i).padStart(2, '0') }));
  }

  // Snippets on an empty line
  if (lineText.trim() === '' || /^\s*\S*$/.test(before)) {
    const items: CompletionItem[] = [
      { label: t(locale, '表三：收到和处理政府信息公开申请情况', 'Table 3: requests received and handled'), detail: `${edition}`, insertText: table3Text(edition) },
      { label: t(locale, '表四：行政复议、行政诉讼情况', 'Table 4: reviews and lawsuits'), insertText: table4Text() },
      { label: t(locale, '第二部分：第二十条各项表格', 'Section 2: the Article 20 tables'), detail: `${edition}`, insertText: section2Text(edition) },
    ].map((x, i) => ({ ...x, kind: CompletionItemKind.Snippet, insertTextFormat: InsertTextFormat.PlainText, sortText: `z${i}`, filterText: x.label }));
    if (r.text.trim().length < 20) {
      items.push({
        label: t(locale, '年度报告全文骨架', 'Whole report skeleton'),
        kind: CompletionItemKind.Snippet,
        insertText: skeleton({ agency: '${1:机关全称}', year }).replace(/\$\{1:机关全称\}/g, '机关全称'),
        insertTextFormat: InsertTextFormat.PlainText,
        sortText: 'a',
      });
    }
    return items;
  }
  return [];
}
