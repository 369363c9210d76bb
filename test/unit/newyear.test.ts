/** Next year's report: generated from this year's, checked by the core, carried values in place. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeAcross, analyzeText } from '../../server/src/core/index.js';
import { nextYearReport } from '../../server/src/core/newyear.js';
import { T3_COLUMNS } from '../../server/src/core/standard.js';
import { fixturesDir, repoRoot } from './helpers.js';
import { baseReport } from './base-report.js';

function codes(text: string): string[] {
  return [...new Set(analyzeText(text).findings.map((f) => `${f.code}:${f.severity}`))];
}

test('clean 2021 report → 2022: 上年结转 = this year\'s 结转下年度, 现行有效件数 carried, only "enter a value" and "replace the prompt" findings', () => {
  const text = readFileSync(join(fixturesDir, 'clean', 'clean-2021.report.md'), 'utf8');
  const now = analyzeText(text).report;
  const next = nextYearReport(now);
  assert.equal(next.year, 2022);
  assert.equal(next.fileName, '江城市自然资源和规划局2022年政府信息公开工作年度报告.report.md');
  const r = analyzeText(next.text).report;
  assert.equal(r.meta.year, 2022);
  assert.equal(r.meta.edition, 2021);
  assert.equal(r.title?.text, '江城市自然资源和规划局2022年政府信息公开工作年度报告');
  assert.match(next.text, /本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止/);
  for (const c of T3_COLUMNS) {
    assert.equal(r.tables.t3!.byKey.get('carried')!.cells.get(c.key)!.value, now.tables.t3!.byKey.get('next')!.cells.get(c.key)!.value, c.label);
  }
  const item1 = r.tables.s2.find((t) => t.item === 1)!;
  assert.equal(item1.byKey.get('normative')!.cells.get('valid')!.value, 46);
  assert.match(next.text, /上年末现行有效件数：规章 0 件，行政规范性文件 46 件/);
  assert.deepEqual(codes(next.text), ['S12:warning', 'C03:warning'], 'only the prompts to replace and the blank cells still to be entered');
  assert.equal(analyzeText(next.text).findings.filter((f) => f.code === 'S12').length, 7, 'the five prompts of 一 and those of 五 and 六');
  assert.equal(r.sections.length, 6);
  // Checked together, the two years agree (X01 carry-over, X02 valid documents).
  const across = analyzeAcross([{ file: 'a', report: now }, { file: 'b', report: r }]);
  assert.deepEqual([...across.values()].flat().map((f) => f.code), []);
});

test('a 2020 report (2019 edition) → 2021: the 2021 edition, 现行有效件数 from 对外公开总数量', () => {
  const now = analyzeText(baseReport(2020)).report;
  const next = nextYearReport(now);
  const r = analyzeText(next.text).report;
  assert.equal(r.meta.edition, 2021);
  assert.ok(r.tables.t3!.byKey.has('other_3'), 'the 2021 rows of （六）其他处理');
  const lastTotal = now.tables.s2.find((t) => t.item === 1)!.byKey.get('normative')!.cells.get('total')!.value;
  assert.equal(r.tables.s2.find((t) => t.item === 1)!.byKey.get('normative')!.cells.get('valid')!.value, lastTotal);
  assert.deepEqual(codes(next.text), ['S12:warning', 'C03:warning']);
});

test('a report without a year says so instead of guessing', () => {
  const n = nextYearReport(analyzeText('# 关于某事的说明\n\n正文。\n').report);
  assert.equal(n.text, '');
  assert.match(n.problem!, /no year/);
});

test('CLI new-year: writes the suggested file beside the report, replaces only with --force', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-newyear-'));
  try {
    const src = join(dir, 'a.report.md');
    writeFileSync(src, readFileSync(join(fixturesDir, 'clean', 'clean-2021.report.md'), 'utf8'));
    const bin = join(repoRoot, 'bin', 'xxgk-report.js');
    const r = spawnSync(process.execPath, [bin, 'new-year', src], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = join(dir, '江城市自然资源和规划局2022年政府信息公开工作年度报告.report.md');
    assert.equal(r.stdout.trim(), out);
    assert.ok(existsSync(out));
    writeFileSync(out, 'edited by hand');
    const again = spawnSync(process.execPath, [bin, 'new-year', src], { encoding: 'utf8' });
    assert.equal(again.status, 2);
    assert.match(again.stderr, /已存在；加 --force 才会替换/);
    assert.equal(readFileSync(out, 'utf8'), 'edited by hand');
    const forced = spawnSync(process.execPath, [bin, 'new-year', src, '-o', out, '--force'], { encoding: 'utf8' });
    assert.equal(forced.status, 0, forced.stderr);
    const check = spawnSync(process.execPath, [bin, 'check', src, out], { encoding: 'utf8' });
    assert.equal(check.status, 0, 'no error findings in either year, checked together');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the suggested file name never makes a path or uses characters file systems refuse', async () => {
  const { reportFileName } = await import('../../server/src/core/newyear.js');
  assert.equal(reportFileName('某局/办公室', 2023), '某局办公室2023年政府信息公开工作年度报告.report.md');
  assert.equal(reportFileName('a:b*c?"<>|', 2023), 'abc2023年政府信息公开工作年度报告.report.md');
  assert.equal(reportFileName('///', 2023, 'x/y/报告.html'), '报告.report.md', 'nothing left of the agency: the source name');
  const n = nextYearReport(analyzeText(baseReport(2022, { agency: '某局/某处' })).report);
  assert.equal(n.fileName, '某局某处2023年政府信息公开工作年度报告.report.md');
});
