import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './helpers.js';
import { baseReport } from './base-report.js';

const bin = join(repoRoot, 'bin', 'xxgk-report.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot });
const dir = mkdtempSync(join(tmpdir(), 'xxgk-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const REPORT = `---
机关: 某市科学技术局
年度: 2022
发布日期: 2023-01-15
---

# 某市科学技术局2022年政府信息公开工作年度报告

本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。

## 四、政府信息公开行政复议、行政诉讼情况

| 类别 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|---|
| 行政复议 | 1 | 2 | 0 | 0 | 4 |
| 行政诉讼（未经复议直接起诉） | 0 | 0 | 0 | 0 | 0 |
| 行政诉讼（复议后起诉） | 0 | 0 | 0 | 0 | 0 |
`;
const file = join(dir, 'a.report.md');
// Where the stated total "4" of 行政复议 stands: line 15, and its 1-based UTF-16 column.
const totalColumn = REPORT.split('\n')[14].lastIndexOf('4') + 1;
writeFileSync(file, REPORT);

test('text output: one line per finding, file:line:column severity code message; exit 1 on errors', () => {
  const r = run('check', file);
  assert.equal(r.status, 1);
  const line = r.stdout.split('\n').find((l) => l.includes(' A04 '));
  assert.ok(line, r.stdout);
  assert.equal(totalColumn, 26);
  assert.equal(line, `${file}:15:${totalColumn} error A04 “行政复议”总计填写 4，但结果维持、结果纠正、其他结果、尚未审结之和为 3`);
});

test('json output is exactly one object with 1-based positions and UTF-16 columns', () => {
  const r = run('check', '--format', 'json', '--locale', 'en', file);
  assert.equal(r.status, 1);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(json), ['files']);
  assert.equal(json.files[0].file, file);
  const a04 = json.files[0].findings.find((f: { code: string }) => f.code === 'A04');
  assert.deepEqual(
    { code: a04.code, name: a04.name, severity: a04.severity, line: a04.line, column: a04.column, endLine: a04.endLine, endColumn: a04.endColumn },
    { code: 'A04', name: 'review-total', severity: 'error', line: 15, column: totalColumn, endLine: 15, endColumn: totalColumn + 1 },
  );
  assert.match(a04.message, /upheld \+ corrected \+ other \+ pending = 3/);
  assert.deepEqual(a04.fix.edits, [{ line: 15, column: totalColumn, endLine: 15, endColumn: totalColumn + 1, newText: '3' }]);
});

test('a missing file is a clear message and exit 2, not a stack trace', () => {
  const r = run('check', join(dir, 'nope.report.md'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /nope\.report\.md：文件不存在/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  assert.match(run('check', '--locale', 'en', join(dir, 'nope.report.md')).stderr, /nope\.report\.md: no such file/);
});

test('an empty directory, an unknown option and no file are usage/I/O errors (exit 2)', () => {
  const sub = join(dir, 'sub');
  mkdirSync(sub, { recursive: true });
  const empty = run('check', sub);
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /sub：此文件夹中没有报告（\*\.report\.md）/);
  assert.match(run('check', '--locale=en', sub).stderr, /sub: no reports \(\*\.report\.md\) in this folder/);
  const bad = run('check', '--frobnicate', file);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown option --frobnicate/);
  assert.equal(run('check').status, 2);
  assert.equal(run('check', '--format', 'xml', file).status, 2);
  assert.equal(run('bogus').status, 2);
});

test('exit 0 when there are only warnings', () => {
  const ok = join(dir, 'w.report.md');
  writeFileSync(ok, REPORT.replace('| 1 | 2 | 0 | 0 | 4 |', '| 1 | 2 | 0 | 0 | 3 |').replace(/## 四[\s\S]*$/, ''));
  const r = run('check', '--format', 'json', ok);
  const findings = JSON.parse(r.stdout).files[0].findings as { severity: string }[];
  assert.ok(findings.every((f) => f.severity !== 'error') ? r.status === 0 : r.status === 1);
});

test('a directory stands for the reports under it: checked together (across years), in a stable order, with progress', () => {
  const ws = join(dir, 'ws');
  mkdirSync(join(ws, '2021'), { recursive: true });
  mkdirSync(join(ws, 'node_modules', 'pkg'), { recursive: true });
  mkdirSync(join(ws, '.history'), { recursive: true });
  const y2021 = join(ws, '2021', 'last.report.md');
  const y2022 = join(ws, 'this.md'); // a report by its content, not its name
  writeFileSync(y2021, baseReport(2021));
  writeFileSync(y2022, baseReport(2022));
  writeFileSync(join(ws, 'README.md'), '# 说明\n');
  writeFileSync(join(ws, 'node_modules', 'pkg', 'x.report.md'), REPORT);
  writeFileSync(join(ws, '.history', 'old.report.md'), REPORT);
  const r = run('check', '--progress', ws);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  // The 2022 report against 2021's, found in the folder: five X01 on the 上年结转 row and one X02.
  const x = lines.filter((l) => / X0[12] /.test(l));
  assert.equal(x.length, 6, r.stdout);
  assert.ok(x.every((l) => l.startsWith(`${y2022}:`)));
  assert.ok(x.some((l) => /:\d+:\d+ warning X01 /.test(l)) && x.some((l) => /:\d+:\d+ warning X02 /.test(l)));
  assert.ok(!r.stdout.includes('node_modules') && !r.stdout.includes('.history') && !r.stdout.includes('README'));
  assert.match(r.stderr, /checked 2\/2/);
  assert.match(r.stderr, /2 个文件/);
});

test('severity "info" in text output (what problem matchers understand), "information" in JSON', () => {
  const info = join(dir, 'info.report.md');
  // A thousands separator in a number: C04, severity information.
  writeFileSync(info, baseReport(2022).replace('| 行政许可 | 2680 |', '| 行政许可 | 2,680 |'));
  const text = run('check', info);
  const json = JSON.parse(run('check', '--format', 'json', info).stdout).files[0].findings as { severity: string; code: string }[];
  const infos = json.filter((f) => f.severity === 'information');
  assert.deepEqual(infos.map((f) => f.code), ['C04']);
  for (const f of infos) assert.match(text.stdout, new RegExp(` info ${f.code} `));
  assert.doesNotMatch(text.stdout, / information /);
});

test('check starts from the code cache the build made for it (its own bundle); the other commands still run', () => {
  const env = { ...process.env, XXGK_CODE_CACHE_DEBUG: '1' };
  const r = spawnSync(process.execPath, [bin, 'check', file], { encoding: 'utf8', cwd: repoRoot, env });
  assert.equal(r.status, 1, r.stderr);
  // A cache whose flags the run's no longer match at its start (young.ts sets one in `check`) would be rejected.
  assert.match(r.stderr, /^code cache: used$/m);
  assert.match(r.stdout, /:15:\d+ error A04 /);
  const next = join(dir, 'next.report.md');
  const other = spawnSync(process.execPath, [bin, 'new-year', file, '-o', next, '--force'], { encoding: 'utf8', cwd: repoRoot, env });
  assert.equal(other.status, 0, other.stderr);
  assert.equal(other.stdout.trim(), next);
});
