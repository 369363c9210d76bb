/** The model's reader of the prose's inline structure (core/model/prose.ts), which the published layout reads. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from '../../server/src/core/index.js';
import { proseOf, readProse } from '../../server/src/core/model.js';
import { layoutReport } from '../../server/src/render/layout.js';

describe('prose in the model', () => {
  test('runs with their emphasis and link addresses, list items with marker and level, exact sources', () => {
    const text = '前言 **加粗** *斜体* ~~删除~~ `代码` [链接](javascript:alert(1)) [网站](https://example.org)\n\n1. 第一项\n   - 嵌套项\n\n> 引用\n';
    const ps = readProse(text, 100);
    assert.deepEqual(ps.map((p) => [p.style, p.marker, p.level]), [['body', undefined, undefined], ['list', '1.', 0], ['list', '•', 1], ['quote', undefined, undefined]]);
    const runs = ps[0].runs;
    assert.deepEqual(runs.find((r) => r.text === '加粗'), { bold: true, text: '加粗' });
    assert.deepEqual(runs.find((r) => r.text === '斜体'), { italic: true, text: '斜体' });
    assert.deepEqual(runs.find((r) => r.text === '删除'), { strike: true, text: '删除' });
    assert.deepEqual(runs.find((r) => r.text === '代码'), { code: true, text: '代码' });
    assert.equal(runs.find((r) => r.text === '链接')?.url, 'javascript:alert(1)');
    assert.equal(ps[0].source.start, 100);
    // A quote's paragraph is its text inside the marker.
    assert.equal(text.slice(ps[3].source.start - 100, ps[3].source.end - 100), '引用');
  });

  test('the layout shows the model\'s prose and follows only http(s) and mailto links', () => {
    const text = '# 某局2022年政府信息公开工作年度报告\n\n## 一、总体情况\n\n见 [链接](javascript:alert(1)) 与 [网站](https://example.org)。\n';
    const report = new Analyzer().model(text);
    const para = layoutReport(report).blocks.find((b) => b.kind === 'paragraph' && b.runs.some((r) => r.text === '网站'));
    assert.ok(para && para.kind === 'paragraph');
    assert.equal(para.runs.find((r) => r.text === '网站')?.href, 'https://example.org');
    assert.equal('href' in para.runs.find((r) => r.text === '链接')!, false);
    // Read once a report: the same stretch gives the same paragraphs.
    const span = { start: text.indexOf('见'), end: text.length };
    assert.equal(proseOf(report, span), proseOf(report, span));
  });
});
