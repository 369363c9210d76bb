import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED } from '../tools/gen-assets.js';
import { NEXT_YEAR, PREVIOUS_YEAR, grammar, reportSnippet } from '../../server/src/core/assets.js';
import { repoRoot } from './helpers.js';

for (const [file, make] of Object.entries(GENERATED)) {
  test(`${file} is up to date (npm run assets)`, () => {
    assert.equal(readFileSync(join(repoRoot, file), 'utf8'), make());
  });
}

test('the grammar marks labels, numbers and disable comments on real lines', () => {
  const g = grammar() as { repository: Record<string, { match: string }> };
  const re = (k: string) => new RegExp(g.repository[k].match, 'u');
  assert.equal(re('label').exec('| 一、本年新收政府信息公开申请数量 | 5 |')?.[1], '一、本年新收政府信息公开申请数量');
  assert.equal(re('label').exec('| 行政诉讼（复议后起诉） | 0 |')?.[1], '行政诉讼（复议后起诉）');
  assert.equal(re('number').exec('| 规章 | 1698 |')?.[1], '1698');
  assert.equal(re('disable').exec('<!-- xxgk-disable A01,C03 -->')?.[1], 'xxgk-disable');
  assert.equal(re('section').exec('## 三、收到和处理政府信息公开申请情况')?.[1], '三、收到和处理政府信息公开申请情况');
});

/** VS Code's snippet transform as it applies `${N/regex/format/}` (FormatString: `$n` and `${n:+text}`). */
function transform(value: string, t: { regex: string; format: string }): string {
  const m = new RegExp(t.regex).exec(value);
  if (!m) return value;
  return t.format.replace(/\$\{(\d+):\+([^}]*)\}|\$(\d+)/g, (_, n, text, plain) => (n ? (m[Number(n)] ? text : '') : (m[Number(plain)] ?? '')));
}

test('the report snippet: its year transforms add and subtract one with the carry, for every year it can be given', () => {
  for (let y = 2000; y < 2099; y++) {
    assert.equal(transform(String(y), NEXT_YEAR), String(y + 1), `${y} + 1`);
    assert.equal(transform(String(y + 1), PREVIOUS_YEAR), String(y), `${y + 1} − 1`);
  }
  assert.equal(transform('二〇二五', NEXT_YEAR), '二〇二五', 'not four digits: left as typed');
  const body = reportSnippet().join('\n');
  assert.equal(body.match(/\$\{2:/g)?.length, 1, 'one placeholder for the year, the rest mirror it');
  assert.match(body, /^发布日期: \$\{2\/.+\/\}-01-20$/m, 'the publication date follows the year');
  assert.match(body, /^\$\{2\/.+\/\}年1月20日$/m, 'so does the signature date');
  assert.doesNotMatch(body.replace('格式: 2021', ''), /(?<![\d{$+:])20\d\d(?!\d)/, 'no year is written as a fixed figure (格式 is the edition)');
});
