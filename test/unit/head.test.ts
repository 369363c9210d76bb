/** The head of a report (agency, year) as the workspace index reads it: the same as the full model says. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeText, headText, readHead } from '../../server/src/core/index.js';
import { WorkspaceIndex } from '../../server/src/lsp/workspaceIndex.js';
import { fixturesDir } from './helpers.js';

const fixtures = ['seeds', 'clean'].flatMap((d) =>
  readdirSync(join(fixturesDir, d)).filter((f) => f.endsWith('.report.md')).map((f) => join(fixturesDir, d, f)));

test('readHead gives the agency and year of the full model for every fixture', () => {
  assert.ok(fixtures.length >= 7);
  for (const f of fixtures) {
    const text = readFileSync(f, 'utf8');
    const meta = analyzeText(text).report.meta;
    const head = readHead(text);
    assert.deepEqual([head.agency, head.year], [meta.agency, meta.year], f);
    assert.ok(headText(text).length < text.length / 2, `${f}: the head is the start, not the whole report`);
  }
});

test('the head stops before the first section, but not at a "## " inside front matter', () => {
  const text = '---\n## a YAML comment\n机关: 某局\n年度: 2023\n---\n\n# 某局2023年政府信息公开工作年度报告\n\n前言。\n\n## 一、总体情况\n\n正文。\n';
  assert.equal(headText(text), text.slice(0, text.indexOf('## 一')));
  assert.deepEqual(readHead(text), { agency: '某局', agencyKey: '某局', year: 2023, edition: 2021 });
  // The year from the title alone; the period sentence alone; nothing at all.
  assert.equal(readHead('# 某县人民政府2019年政府信息公开工作年度报告\n').year, 2019);
  assert.equal(readHead('本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n').year, 2020);
  assert.deepEqual(readHead(''), { agency: undefined, agencyKey: '', year: undefined, edition: 2021 });
  assert.equal(readHead('\u0000\u0001\ufffd'.repeat(50_000)).year, undefined, 'junk: no year, no throw');
});

test('WorkspaceIndex: finds reports by agency and year, stops when cancelled, forgets a removed folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-index-'));
  try {
    const clean = readFileSync(join(fixturesDir, 'clean', 'clean-2021.report.md'), 'utf8');
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, `r${i}.report.md`), clean.replaceAll('2021', String(2000 + i)));
    writeFileSync(join(dir, 'notes.md'), '# notes\n');
    const idx = new WorkspaceIndex();
    const folder = pathToFileURL(dir).href;
    let calls = 0;
    const stopped = await idx.scan([folder], { progressEvery: 5, cancelled: () => calls >= 2, progress: () => calls++ });
    assert.equal(stopped.cancelled, true);
    assert.ok(idx.size < 30 && idx.size >= 5, `stopped part way (${idx.size})`);
    const res = await idx.scan([folder]);
    assert.deepEqual([res.files, res.reports, res.cancelled], [31, 30, false]);
    const agency = readHead(clean).agencyKey;
    const hit = idx.find(agency, 2015);
    assert.equal(hit.length, 1);
    assert.equal(hit[0].uri, pathToFileURL(join(dir, 'r15.report.md')).href);
    const r = await idx.load(hit[0].uri);
    assert.equal(r?.meta.year, 2015);
    assert.equal(r?.tables.t3?.byKey.has('next'), true, 'the full model, tables included');
    assert.equal(idx.removeFolder(folder), 30);
    assert.equal(idx.find(agency, 2015).length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
