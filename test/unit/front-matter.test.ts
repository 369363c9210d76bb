/**
 * The front matter's fast path (core/model/frontMatter.ts simpleEntries) reads what the YAML parser reads, or leaves
 * the text to it: keys, values (numbers as numbers) and their places, on every fixture and on lines made to trip it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleEntries, yamlEntries } from '../../server/src/core/model/frontMatter.js';
import { Analyzer } from '../../server/src/core/index.js';
import { fixturesDir } from './helpers.js';
import { generateReports } from '../server/many-reports.js';

function reports(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const d of ['clean', 'seeds']) {
    for (const f of readdirSync(join(fixturesDir, d))) if (f.endsWith('.md')) out.push({ name: `${d}/${f}`, text: readFileSync(join(fixturesDir, d, f), 'utf8') });
  }
  for (const r of generateReports(40, 'fm')) out.push({ name: r.uri, text: r.text });
  return out;
}

function frontMatterOf(text: string): string | null {
  const m = /^---\n([\s\S]*?)\n?---\n/.exec(text);
  return m ? m[1] : null;
}

test('on every fixture and generated report: the fast path reads the front matter as the YAML parser does', () => {
  let fast = 0;
  for (const r of reports()) {
    const fm = frontMatterOf(r.text);
    if (fm === null) continue;
    for (const yaml of [fm, `${fm}\n`]) {
      const s = simpleEntries(yaml);
      if (!s) continue;
      fast++;
      assert.deepEqual(s, yamlEntries(yaml), r.name);
    }
  }
  assert.ok(fast >= 40, `the fast path read ${fast} front matters`);
});

const KEYS = ['机关', '年度', 'year', 'agency', 'True', 'NULL', 'null', 'false', 'Yes', 'on', 'e5', 'a_b', '报告类型'];
const VALUES = [
  '2018', '02018', '0', '7', '2018.0', '1e5', '0x1F', '0o17', '+5', '-5', '999999999999999', '9999999999999999',
  '2019-01-11', '2019-1-11', '2019-01-11T00:00', '平谷区民政局', '平谷区民政局（本级）', '中文·点', '中文、顿号', '第2分局',
  '中文: 冒号', '中文 #注释', '中文#号', '"引号"', "'单引号'", '~', 'null', 'true', 'TRUE', '.inf', '.NaN', 'A中文', '中文 ',
  '[列表]', '{映射}', '&锚', '*别名', '!标签', '|', '>', '中文,逗号', '%', '@', '`', '中文 - 横线',
];

test('on lines made to trip it: the same reading as the parser, or none', () => {
  let fast = 0;
  let left = 0;
  for (const k of KEYS) {
    for (const v of VALUES) {
      for (const sep of [': ', ':  ', ':\t', ':']) {
        const yaml = `${k}${sep}${v}\n年度: 2020`;
        const s = simpleEntries(yaml);
        if (!s) {
          left++;
          continue;
        }
        fast++;
        assert.deepEqual(s, yamlEntries(yaml), JSON.stringify(yaml));
      }
    }
  }
  // Duplicates, blank lines, indentation, a comment line, no final line: the parser's.
  for (const yaml of ['机关: 甲\n机关: 乙', '机关: 甲\n\n年度: 2020', ' 机关: 甲', '# 注释\n机关: 甲', '机关: 甲\n  年度: 2020', '']) {
    const s = simpleEntries(yaml);
    if (s) assert.deepEqual(s, yamlEntries(yaml), JSON.stringify(yaml));
  }
  assert.ok(fast > 100 && left > 100, `fast ${fast}, left to the parser ${left}`);
});

test('a report reads the same with its front matter on either path: its findings', () => {
  // 发布日期 quoted goes to the parser; unquoted, the fast path: the same value, the same findings but for the places.
  const base = reports().find((r) => r.name === 'clean/' + readdirSync(join(fixturesDir, 'clean')).find((f) => f.endsWith('.md')))!.text;
  const quoted = base.replace(/^(年度|year):\s*(\d+)$/m, (_m, k, y) => `${k}: "${y}"`);
  assert.notEqual(quoted, base);
  const a = new Analyzer().analyze(base);
  assert.equal(typeof a.report.frontMatter?.entries.find((e) => e.canonical === 'year')?.value, 'number');
  assert.deepEqual(a.report.frontMatter?.entries.map((e) => [e.key, e.valueText]), new Analyzer().analyze(base.replace(/^(机关|agency):\s*(.+)$/m, '$1: "$2"')).report.frontMatter?.entries.map((e) => [e.key, e.valueText.replace(/"/g, '')]));
});
