import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED } from '../tools/gen-assets.js';
import { grammar } from '../../server/src/core/assets.js';
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
