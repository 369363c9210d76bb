/** The language server as an editor meets it: spawned over stdio, spoken to in LSP. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CodeLens, CompletionItem, CompletionList, Diagnostic, Hover, InlayHint } from 'vscode-languageserver-protocol';
import { LspClient, codes } from './lsp-client.js';
import { baseReport } from '../unit/base-report.js';

const BASE = baseReport(2022);
const BROKEN_T4 = BASE.replace('| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

describe('language server over stdio', () => {
  let c: LspClient;
  before(async () => {
    c = new LspClient();
    await c.initialize({ locale: 'zh-cn' });
  });
  after(async () => c.stop());

  test('diagnostics on open: code, source, documentation link, exact range', async () => {
    const uri = 'file:///w/a.report.md';
    await c.open(uri, BROKEN_T4);
    const p = await c.forVersion(uri);
    assert.deepEqual(codes(p.diagnostics), ['T03', 'A04']);
    const a04 = p.diagnostics.find((d) => d.code === 'A04')!;
    assert.equal(a04.source, 'xxgk');
    assert.equal(a04.severity, 1);
    assert.match(a04.codeDescription!.href, /^file:.*\/docs\/rules\/A04\.md$/, 'the rule\'s own page');
    assert.ok(existsSync(fileURLToPath(a04.codeDescription!.href)), 'which exists');
    const line = lineOf(BROKEN_T4, '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
    assert.deepEqual(a04.range, { start: { line, character: 25 }, end: { line, character: 26 } });
    assert.match(String(a04.message), /尚未审结之和为 6/);
  });

  test('a Markdown file that is not a report gets no diagnostics', async () => {
    const uri = 'file:///w/README.md';
    await c.open(uri, '# Notes\n\n| a | b |\n|---|---|\n| 1 | |\n');
    const p = await c.forVersion(uri);
    assert.deepEqual(p.diagnostics, []);
    const completions = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.deepEqual(completions, []);
  });

  test('related information: A02 points at the three other figures', async () => {
    const uri = 'file:///w/a02.report.md';
    const text = BASE.replace('| 四、结转下年度继续办理 | 25 |', '| 四、结转下年度继续办理 | 26 |').replace('| 1 | 0 | 0 | 0 | 1 | 27 |', '| 1 | 0 | 0 | 0 | 1 | 28 |');
    await c.open(uri, text);
    const p = await c.forVersion(uri);
    const a02 = p.diagnostics.filter((d) => d.code === 'A02');
    assert.equal(a02.length, 2);
    assert.equal(a02[0].relatedInformation?.length, 3);
    assert.equal(a02[0].relatedInformation?.[0].location.uri, uri);
    assert.match(a02[0].relatedInformation![0].message, /一、本年新收政府信息公开申请数量：1180/);
  });

  test('each quick fix, applied, removes its diagnostic and changes only its range', async () => {
    const uri = 'file:///w/fix.report.md';
    const text = BASE
      .replace('| 行政许可 | 2680 |', '| 行政许可 | 2,680 |')
      .replace('| 行政处罚 | 35 |', '| 行政处罚 |  |')
      .replace('## 五、存在的主要问题及改进情况', '## 五、存在的主要问题及改进措施')
      .replace('| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
    await c.open(uri, text);
    let p = await c.forVersion(uri);
    for (const code of ['C04', 'C03', 'S03', 'A04']) {
      const d = p.diagnostics.find((x) => x.code === code)!;
      assert.ok(d, `${code} reported`);
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
      const fix = actions.find((a) => a.isPreferred)!;
      assert.ok(fix, `${code} has a preferred quick fix`);
      const before = c.text(uri);
      const edits = fix.edit!.changes![uri];
      const after = c.applyEdits(uri, edits);
      // Outside the edited line, nothing changed.
      const bl = before.split('\n');
      const al = after.split('\n');
      assert.equal(al.length, bl.length);
      assert.deepEqual(al.filter((_, i) => i !== d.range.start.line), bl.filter((_, i) => i !== d.range.start.line));
      await c.change(uri, after);
      p = await c.forVersion(uri);
      assert.ok(!p.diagnostics.some((x) => x.code === code), `${code} gone after its fix`);
    }
    assert.equal(c.text(uri), BASE.replace('| 行政处罚 | 35 |', '| 行政处罚 | 0 |'));
  });

  test('fix all of a kind, source.fixAll, and disable-for-this-line', async () => {
    const uri = 'file:///w/fixall.report.md';
    const text = BASE.replace('| 行政许可 | 2680 |', '| 行政许可 | ２６８０ |').replace('| 行政处罚 | 35 |', '| 行政处罚 | ３５ |').replace('统计期限自2022年1月1日', '统计期限自2022 年1月1日');
    await c.open(uri, text);
    const p = await c.forVersion(uri);
    const c04 = p.diagnostics.find((x) => x.code === 'C04')!;
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: c04.range, context: { diagnostics: [c04] } });
    const all = actions.find((a) => /所有 C04/.test(a.title))!;
    assert.equal(all.edit!.changes![uri].length, 2);
    const disable = actions.find((a) => /停用规则 C04/.test(a.title))!;
    const disabled = c.applyEdits(uri, disable.edit!.changes![uri]);
    assert.match(disabled, /<!-- xxgk-disable C04 -->\n\| 信息内容 \| 本年处理决定数量 \|/);
    await c.change(uri, disabled);
    const p2 = await c.forVersion(uri);
    assert.deepEqual(codes(p2.diagnostics).filter((x) => x === 'C04'), ['C04'], 'the other table still reports');
    const fixAll = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(fixAll.length, 1);
    const fixed = c.applyEdits(uri, fixAll[0].edit!.changes![uri]);
    await c.change(uri, fixed);
    const p3 = await c.forVersion(uri);
    assert.deepEqual(codes(p3.diagnostics), []);
  });

  test('completions: missing standard rows at that point of the table, in order', async () => {
    const uri = 'file:///w/comp.report.md';
    const text = BASE.replace(/\| 2\.重复申请 \|[^\n]*\n\| 3\.要求提供公开出版物 \|[^\n]*\n/, '| \n');
    await c.open(uri, text);
    const line = lineOf(text, '| 1.信访举报投诉类申请 |') + 1;
    const list = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character: 2 } });
    assert.equal(list.isIncomplete, true, 'asked again as the label is typed');
    const items = list.items;
    assert.deepEqual(items.map((i) => i.label), ['2.重复申请', '3.要求提供公开出版物']);
    // VS Code filters by the text from the edit's start to the cursor: here nothing typed of the label yet.
    const edit = items[0].textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
    assert.equal(edit.range.start.character, 2, 'the edit starts after "| "');
    assert.equal(items[0].filterText, '2.重复申请');
    const lineText = text.split('\n')[line];
    assert.equal(lineText.slice(0, edit.range.start.character) + edit.newText + lineText.slice(edit.range.end.character), '| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |');
    // Right after the pipe (no space typed yet), and with part of a label typed: the row is written whole.
    const bare = text.replace(/^\| $/m, '|');
    const u2 = 'file:///w/comp-bare.report.md';
    await c.open(u2, bare);
    const [first] = (await c.request<CompletionList>('textDocument/completion', { textDocument: { uri: u2 }, position: { line, character: 1 } })).items;
    const e2 = first.textEdit as typeof edit;
    assert.equal('|' + e2.newText, '| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |');
    // Part of a label typed, from its middle (Chinese has no word breaks for VS Code's filter): found here.
    const typedText = text.replace(/^\| $/m, '| 出版');
    const u3 = 'file:///w/comp-typed.report.md';
    await c.open(u3, typedText);
    const found = (await c.request<CompletionList>('textDocument/completion', { textDocument: { uri: u3 }, position: { line, character: 4 } })).items;
    assert.deepEqual(found.map((i) => [i.label, i.filterText]), [['3.要求提供公开出版物', '出版 3.要求提供公开出版物']]);
  });

  test('completions: section headings, block headings, front matter keys and values', async () => {
    const uri = 'file:///w/comp2.report.md';
    const text = '---\n年度: 2022\n\n---\n\n# 某局2022年政府信息公开工作年度报告\n\n## \n\n### \n';
    await c.open(uri, text);
    const at = (line: number, character: number) => c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    const headings = await at(7, 3);
    assert.equal(headings.length, 6);
    assert.equal(headings[0].label, '一、总体情况');
    const blocks = await at(9, 4);
    assert.deepEqual(blocks.map((b) => b.label), ['第二十条第（一）项', '第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项']);
    const keys = await at(2, 0);
    assert.deepEqual(keys.map((k) => k.label), ['机关', '格式', '报告类型', '发布日期']);
  });

  test('hover on a total shows the sum term by term', async () => {
    const uri = 'file:///w/hover.report.md';
    await c.open(uri, BROKEN_T4);
    const line = lineOf(BROKEN_T4, '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
    const h = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: 25 } });
    const v = (h.contents as { value: string }).value;
    assert.match(v, /结果维持 3 \+ 结果纠正 1 \+ 其他结果 0 \+ 尚未审结 2 = \*\*6\*\*/);
    assert.match(v, /✗ 填写值为 7/);
  });

  test('inlay hint beside a stated total that disagrees, off by setting', async () => {
    const uri = 'file:///w/inlay.report.md';
    await c.open(uri, BROKEN_T4);
    await c.forVersion(uri);
    const range = { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } };
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range });
    assert.deepEqual(hints.map((h) => h.label), [' ≠ 6']);
    c.configuration = { xxgk: { inlayHints: { enabled: false } } };
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const none = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range });
    assert.deepEqual(none, []);
    c.configuration = { xxgk: {} };
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });

  test('code lens above each table: identities holding or the count that does not', async () => {
    const uri = 'file:///w/lens.report.md';
    await c.open(uri, BROKEN_T4);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => l.command!.title), ['勾稽关系 ✓', '勾稽关系 ✓', '1 处不一致']);
  });

  test('align table: only whitespace changes, pipes line up by display width', async () => {
    const uri = 'file:///w/align.report.md';
    await c.open(uri, BASE);
    const line = lineOf(BASE, '| 行政处罚 | 35 |');
    const res = await c.request<{ applied: boolean; edits: number }>('workspace/executeCommand', { command: 'xxgk.server.alignTable', arguments: [uri, { line, character: 3 }] });
    assert.equal(res.applied, true);
    const aligned = c.text(uri);
    assert.equal(aligned.replace(/[ \t]/g, ''), BASE.replace(/[ \t]/g, ''));
    const rows = aligned.split('\n').slice(line - 2, line + 2);
    assert.deepEqual(rows, [
      '| 信息内容 | 本年处理决定数量 |',
      '| ---      | ---              |',
      '| 行政处罚 | 35               |',
      '| 行政强制 | 4                |',
    ]);
  });

  test('settings: a rule turned off, English messages by locale setting', async () => {
    const uri = 'file:///w/settings.report.md';
    c.configuration = { xxgk: { rules: { T03: 'off' }, locale: 'en' } };
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await c.open(uri, BROKEN_T4);
    const p = await c.forVersion(uri);
    assert.deepEqual(codes(p.diagnostics), ['A04']);
    assert.match(String(p.diagnostics[0].message), /upheld \+ corrected/);
    c.configuration = { xxgk: {} };
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });
});

describe('a burst of 200 rapid edits', () => {
  test('no diagnostics of an older version appear after newer ones; the final ones match the final text', async () => {
    const c = new LspClient();
    await c.initialize();
    const uri = 'file:///w/burst.report.md';
    await c.open(uri, BASE);
    await c.forVersion(uri);
    let text = BASE;
    for (let i = 0; i < 200; i++) {
      text = text.replace(/\| 行政复议 \| 3 \| 1 \| 0 \| 2 \| \d+ \|/, `| 行政复议 | 3 | 1 | 0 | 2 | ${i % 2 ? 6 : 100 + i} |`);
      await c.change(uri, text);
    }
    const final = await c.forVersion(uri, 20000);
    // The last edit wrote 6 (i = 199): the identity holds and the prose agrees.
    assert.deepEqual(codes(final.diagnostics), []);
    const versions = c.published.filter((p) => p.uri === uri).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions never go backwards');
    assert.ok(versions.length < 60, `debounced: ${versions.length} publications for 201 versions`);
    await c.stop();
  });

  test('edit-to-diagnostics latency, median over 200 edits (printed, not asserted)', async () => {
    const c = new LspClient();
    await c.initialize();
    c.configuration = { xxgk: { debounceMs: 0 } };
    const uri = 'file:///w/latency.report.md';
    await c.open(uri, BASE);
    await c.forVersion(uri);
    const times: number[] = [];
    let text = BASE;
    for (let i = 0; i < 200; i++) {
      text = text.replace(/\| 行政复议 \| 3 \| 1 \| 0 \| 2 \| \d+ \|/, `| 行政复议 | 3 | 1 | 0 | 2 | ${i + 7} |`);
      const t0 = performance.now();
      await c.change(uri, text);
      const p = await c.forVersion(uri);
      times.push(performance.now() - t0);
      assert.ok(p.diagnostics.some((d) => d.code === 'A04'));
    }
    console.log(`# edit-to-diagnostics latency (debounce 0): median ${median(times).toFixed(2)} ms, p95 ${[...times].sort((a, b) => a - b)[189].toFixed(2)} ms over 200 edits`);
    await c.stop();
  });
});
