/**
 * The language service's providers (server/src/lsp/providers/), one suite each, over in-memory documents: each takes
 * an analysis or a report and returns LSP types, without a connection.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionList, Diagnostic } from 'vscode-languageserver/node';
import { RULES } from '../../server/src/core/index.js';
import { toDiagnostic } from '../../server/src/lsp/providers/diagnostics.js';
import { codeActions, mergeFixes } from '../../server/src/lsp/providers/codeActions.js';
import { hover, sumsFor, cellAt } from '../../server/src/lsp/providers/hover.js';
import { inlayHints } from '../../server/src/lsp/providers/inlayHints.js';
import { codeLenses } from '../../server/src/lsp/providers/codeLens.js';
import { completions } from '../../server/src/lsp/providers/completion.js';
import { baseReport } from './base-report.js';
import { InMemoryDocuments } from './memory-documents.js';

const BASE = baseReport(2022);
const T4_ROW = '| 行政复议 | 3 | 1 | 0 | 2 | 6 |';
const docs = new InMemoryDocuments({
  'mem:/clean.report.md': BASE,
  'mem:/t4.report.md': BASE.replace(T4_ROW, '| 行政复议 | 3 | 1 | 0 | 2 | 7 |'),
  'mem:/style.report.md': BASE.replace('| 行政许可 | 2680 |', '| 行政许可 | ２６８０ |').replace('| 行政处罚 | 35 |', '| 行政处罚 | ３５ |').replace('统计期限自2022年1月1日', '统计期限自2022 年1月1日'),
  'mem:/empty.report.md': '',
});
const ALL = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };
const diagnostics = (uri: string): Diagnostic[] => docs.analysis(uri).findings.map((f) => toDiagnostic(f, uri, (c) => `docs:${c}`));
const md = (h: ReturnType<typeof hover>) => (h?.contents as { value: string } | undefined)?.value ?? '';

describe('diagnostics provider', () => {
  test('a finding as a diagnostic: code, source, its rule page, its fix in data', () => {
    const uri = 'mem:/t4.report.md';
    const [d] = diagnostics(uri).filter((x) => x.code === 'A04');
    assert.equal(d.source, 'xxgk');
    assert.equal(d.codeDescription?.href, 'docs:A04');
    assert.deepEqual(d.range, docs.analysis(uri).findings.find((f) => f.code === 'A04')!.range);
    assert.equal((d.data as { fix: { title: string } }).fix.title, '改为计算值 6');
  });

  test('no link when the linker has none; related places in the same document', () => {
    const text = BASE.replace('| 四、结转下年度继续办理 | 25 |', '| 四、结转下年度继续办理 | 26 |');
    const uri = 'mem:/a02.report.md';
    docs.set(uri, text);
    const f = docs.analysis(uri).findings.find((x) => x.code === 'A02')!;
    const d = toDiagnostic(f, uri, () => undefined);
    assert.equal(d.codeDescription, undefined);
    assert.equal(d.relatedInformation?.length, 3);
    assert.ok(d.relatedInformation!.every((r) => r.location.uri === uri));
  });
});

describe('code actions provider', () => {
  const uri = 'mem:/style.report.md';
  test('the quick fix, fix all of its rule, and disable for the table', () => {
    const c04 = diagnostics(uri).find((x) => x.code === 'C04')!;
    const actions = codeActions(uri, docs.analysis(uri), c04.range, [c04], undefined, 'zh-CN');
    // With no kind asked for, source.fixAll comes last.
    assert.deepEqual(actions.map((a) => a.title).slice(1), ['修复本文档中所有 C04 问题（2 处）', '对此表格停用规则 C04', '规范全部数字、日期和标题写法']);
    assert.equal(actions[0].isPreferred, true);
    const disabled = docs.apply(uri, actions[2].edit!.changes![uri]);
    assert.match(disabled, /<!-- xxgk-disable C04 -->\n\| 信息内容 \| 本年处理决定数量 \|/);
    assert.match(disabled, /\n<!-- xxgk-enable C04 -->/);
  });

  test('outside a table, disable is a next-line comment with the line\'s indent', () => {
    const d06 = diagnostics(uri).find((x) => x.code === 'D06')!;
    const actions = codeActions(uri, docs.analysis(uri), d06.range, [d06], ['quickfix'], 'en');
    const off = actions.find((a) => a.title === 'Disable D06 here')!;
    assert.match(docs.apply(uri, off.edit!.changes![uri]), /<!-- xxgk-disable-next-line D06 -->\n[^\n]*统计期限自2022 年/);
  });

  test('source.fixAll applies only the fixes of rules whose fix normalises, and leaves the report clean', () => {
    const a = docs.analysis(uri);
    const [all] = codeActions(uri, a, ALL, [], ['source.fixAll'], 'zh-CN');
    assert.equal(all.kind, 'source.fixAll.xxgk');
    const normalising = new Set(RULES.filter((r) => r.fix === 'normalise').map((r) => r.id));
    assert.equal(all.edit!.changes![uri].length, a.findings.filter((f) => f.fix && normalising.has(f.code)).length);
    const fixed = 'mem:/style-fixed.report.md';
    docs.set(fixed, docs.apply(uri, all.edit!.changes![uri]));
    assert.deepEqual(docs.analysis(fixed).findings.map((f) => f.code), []);
    // A value fix (A04's computed total) is never applied on save.
    assert.deepEqual(codeActions('mem:/t4.report.md', docs.analysis('mem:/t4.report.md'), ALL, [], ['source.fixAll'], 'zh-CN'), []);
  });

  test('mergeFixes keeps the first of two fixes of one place', () => {
    const a = docs.analysis(uri);
    const f = a.findings.find((x) => x.code === 'C04')!;
    assert.equal(mergeFixes([f, f]).length, f.fix!.edits.length);
  });

  test('diagnostics of another source are passed over', () => {
    const d: Diagnostic = { range: ALL, message: 'x', source: 'other', code: 'C04' };
    assert.deepEqual(codeActions(uri, docs.analysis(uri), ALL, [d], ['quickfix'], 'zh-CN'), []);
  });
});

describe('hover provider', () => {
  test('on a 表四 total: its terms, the sum, and that the stated value differs', () => {
    const uri = 'mem:/t4.report.md';
    const h = hover(docs.analysis(uri).report, docs.position(uri, '| 行政复议 | 3 | 1 | 0 | 2 | 7 |', 25), 'zh-CN');
    assert.match(md(h), /^\*\*行政复议 · 总计\*\*/);
    assert.match(md(h), /结果维持 3 \+ 结果纠正 1 \+ 其他结果 0 \+ 尚未审结 2 = \*\*6\*\*/);
    assert.match(md(h), /✗ 填写值为 7/);
    assert.equal(docs.text(uri).slice(...[h!.range!.start, h!.range!.end].map((p) => docs.analysis(uri).report.lines.offset(p)) as [number, number]), '7');
  });

  test('on （七）总计 · 总计: both its column sum (A01) and its row sum (A03), in English wording of the verdict', () => {
    const uri = 'mem:/clean.report.md';
    const r = docs.analysis(uri).report;
    const total = r.tables.t3!.byKey.get('total')!.cells.get('total')!;
    const h = hover(r, r.lines.position(total.span.start), 'en');
    assert.deepEqual(sumsFor(r, r.tables.t3!, total).map((s) => s.code), ['A01', 'A03']);
    assert.equal(md(h).match(/✓ matches the stated/g)?.length, 2);
  });

  test('none on a cell that is no stated total, nor outside the tables', () => {
    const uri = 'mem:/clean.report.md';
    const r = docs.analysis(uri).report;
    assert.equal(hover(r, docs.position(uri, '| 行政复议 | 3 |', 12), 'zh-CN'), null);
    assert.equal(hover(r, { line: 0, character: 0 }, 'zh-CN'), null);
    assert.equal(cellAt(r, 0), undefined);
  });
});

describe('inlay hints provider', () => {
  const uri = 'mem:/t4.report.md';
  test('beside the total that disagrees, the computed value; none outside the range asked for', () => {
    const hints = inlayHints(docs.analysis(uri), ALL, 'zh-CN');
    assert.deepEqual(hints.map((h) => h.label), [' ≠ 6']);
    assert.equal(hints[0].position.line, docs.position(uri, '| 行政复议 | 3 | 1 | 0 | 2 | 7 |').line);
    assert.deepEqual(inlayHints(docs.analysis(uri), { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, 'zh-CN'), []);
    assert.deepEqual(inlayHints(docs.analysis('mem:/clean.report.md'), ALL, 'zh-CN'), []);
  });
});

describe('code lens provider', () => {
  test('one lens per table a sums rule reads: ✓, or the count, revealing the first', () => {
    const uri = 'mem:/t4.report.md';
    const lenses = codeLenses(docs.analysis(uri), 'en');
    assert.deepEqual(lenses.map((l) => l.command!.title), ['Totals ✓', 'Totals ✓', '1 inconsistency']);
    assert.equal(lenses[2].command!.command, 'xxgk.revealRange');
    assert.equal(lenses[2].command!.arguments![0].start.line, docs.position(uri, '| 行政复议 | 3 | 1 | 0 | 2 | 7 |').line);
    assert.deepEqual(codeLenses(docs.analysis('mem:/empty.report.md'), 'en'), []);
  });
});

describe('completion provider', () => {
  test('section headings after ##, marked when present', () => {
    const uri = 'mem:/clean.report.md';
    const items = completions(docs.analysis(uri).report, { line: 0, character: 0 }, 'zh-CN');
    assert.ok(Array.isArray(items));
    const text = BASE + '\n## ';
    docs.set('mem:/heading.report.md', text);
    const r = docs.analysis('mem:/heading.report.md').report;
    const heads = completions(r, r.lines.position(text.length), 'zh-CN') as { label: string; detail?: string }[];
    assert.equal(heads.length, 6);
    assert.ok(heads.every((h) => h.detail === '（已有）'));
  });

  test('in a table: the standard rows missing at that point, in order', () => {
    const text = BASE.replace(/\| 2\.重复申请 \|[^\n]*\n\| 3\.要求提供公开出版物 \|[^\n]*\n/, '| \n');
    const uri = 'mem:/rows.report.md';
    docs.set(uri, text);
    const pos = docs.position(uri, '| \n', 2);
    const list = completions(docs.analysis(uri).report, pos, 'zh-CN') as CompletionList;
    assert.equal(list.isIncomplete, true);
    assert.deepEqual(list.items.map((i) => i.label), ['2.重复申请', '3.要求提供公开出版物']);
  });

  test('on an empty document: the table snippets and the whole skeleton', () => {
    const items = completions(docs.analysis('mem:/empty.report.md').report, { line: 0, character: 0 }, 'en') as { label: string }[];
    assert.deepEqual(items.map((i) => i.label), ['Table 3: requests received and handled', 'Table 4: reviews and lawsuits', 'Section 2: the Article 20 tables', 'Whole report skeleton']);
  });
});
