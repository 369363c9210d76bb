import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockParser, chunkText, splitRow } from '../../server/src/core/parse.js';
import { Analyzer } from '../../server/src/core/index.js';

test('chunks never cut inside front matter, code fences or HTML comments', () => {
  const text = ['---', 'a: 1', '', 'b: 2', '---', '', '```', '', 'x', '', '```', '', '<!--', '', 'y', '-->', '', 'para', ''].join('\n');
  const chunks = chunkText(text);
  assert.equal(chunks.map((c) => c.text).join(''), text, 'chunks cover the text exactly');
  const starts = chunks.map((c) => text.slice(c.start).split('\n')[0]);
  assert.deepEqual(starts, ['---', '```', '<!--', 'para']);
});

test('chunks start at headings even without a blank line', () => {
  const chunks = chunkText('intro\n## 一、总体情况\ntext\n### sub\nmore');
  assert.deepEqual(chunks.map((c) => c.text.split('\n')[0]), ['intro', '## 一、总体情况', '### sub']);
});

test('indented continuation lines stay with their list item', () => {
  const chunks = chunkText('- item\n\n    continued\n\nnext');
  assert.equal(chunks.length, 2);
});

test('table rows are split on unescaped pipes with exact cell spans', () => {
  const line = '| a | b\\|c |  | 12 |';
  const cells = splitRow(line, 0, line.length);
  assert.deepEqual(cells.map((c) => c.text), ['a', 'b\\|c', '', '12']);
  const twelve = cells[3];
  assert.equal(line.slice(twelve.inner.start, twelve.inner.end), '12');
});

test('block offsets are absolute after chunking', () => {
  const text = '# 标题\n\n段落一。\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 3 |\n';
  const blocks = new BlockParser().parse(text);
  const table = blocks.find((b) => b.kind === 'table');
  assert.ok(table && table.kind === 'table');
  const cell = table.rows[0].cells[1];
  assert.equal(text.slice(cell.inner.start, cell.inner.end), '3');
});

test('an edit inside a table body re-splits rows and gives the same blocks as a fresh parse', () => {
  const base = '## 三、收到和处理政府信息公开申请情况\n\n| 申请人情况 | 自然人 | 总计 |\n|---|---|---|\n| 一、本年新收政府信息公开申请数量 | 2 | 2 |\n| 四、结转下年度继续办理 | 0 | 0 |\n';
  const parser = new BlockParser();
  parser.parse(base);
  const edited = base.replace('| 2 | 2 |', '| 1,234 | 2 |');
  const incremental = parser.parse(edited);
  assert.equal(parser.reused, 1, 'the table chunk was re-split, not re-parsed');
  assert.deepEqual(incremental, new BlockParser().parse(edited));
});

test('an edit that breaks the table shape is parsed afresh', () => {
  const base = '| a | b |\n|---|---|\n| 1 | 2 |\n';
  const parser = new BlockParser();
  parser.parse(base);
  const blocks = parser.parse('| a | b |\n|---|---|\n1 | 2 |\n');
  assert.equal(parser.reused, 0);
  assert.equal(blocks[0].kind, 'table');
});

test('a table with 500 columns and a 5 MB paste are analysed without throwing', () => {
  const row = (n: number) => '|' + Array.from({ length: n }, (_, i) => ` ${i} `).join('|') + '|\n';
  const sep = (n: number) => '|' + Array.from({ length: n }, () => '---').join('|') + '|\n';
  const wide = '## 三、收到和处理政府信息公开申请情况\n\n' + row(500) + sep(500) + row(500).repeat(40);
  const a = new Analyzer().analyze(wide);
  assert.ok(Array.isArray(a.findings));
  const big = '一段很长的文字，没有任何结构。'.repeat(350000);
  assert.ok(big.length > 5_000_000 / 3);
  const b = new Analyzer().analyze(big);
  assert.ok(b.findings.some((f) => f.code === 'S01'), 'a paste with no sections reports the missing sections');
});

test('binary junk, empty text and half-typed rows never throw', () => {
  const analyzer = new Analyzer();
  const junk = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
  for (const t of ['', '\u0000\u0001\uFFFF', junk, '| 申请人情况 | 自然人\n|---', '---\n年度: [\n', '# \n## \n### \n|', '\ud800\udc00\ud800']) {
    const a = analyzer.analyze(t);
    assert.ok(Array.isArray(a.findings));
    assert.deepEqual(a.errors, []);
  }
});

test('a parser for texts read once (check DIR) gives every text the blocks and notes an editor\'s parser gives it', async () => {
  const { FIXTURES, doc, textOf, SEED } = await import('./fuzz-corpus.js');
  const fc = (await import('fast-check')).default;
  const once = BlockParser.once();
  const texts = [...FIXTURES.map((f) => f.text), ...fc.sample(doc, { seed: SEED + 18, numRuns: 150 }).map(textOf), `前文\n\n| a | b |\n| - | - |\n${'| 1 | 2 |\n'.repeat(1300)}\n后文\n`, `${'> '.repeat(40)}深\n`];
  for (const text of texts) {
    // One warm parser for all (as a batch's), a fresh editor's parser for each.
    assert.deepEqual(once.parseNoted(text), new BlockParser().parseNoted(text));
    assert.deepEqual(new Analyzer(BlockParser.once()).analyze(text).findings, new Analyzer().analyze(text).findings);
  }
});
