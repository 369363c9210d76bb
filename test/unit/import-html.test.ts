/**
 * Import of a government web page: the report inside the page's layout table, headings as bold
 * paragraphs, page chrome around it, and the form's tables in their official merged layout
 * (rowspan/colspan) — every value must land in its own row and column.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../server/src/core/index.js';
import type { Report } from '../../server/src/core/model.js';
import { exportReport } from '../../server/src/render/export.js';
import { importReport } from '../../server/src/import/index.js';
import { compareReports, cellValues } from '../tools/recovery.js';
import { htmlToBlocks } from '../../server/src/import/fromHtml.js';
import { MARK_START } from '../../server/src/import/map.js';
import { assertFullRecovery, assertValues, gb18030, htmlTable, page, prose, section2Official, table3Official, table4Official } from './import-forms.js';
import { fixturesDir } from './helpers.js';

describe('a government web page with the tables in the official merged layout', () => {
  const s2 = section2Official(2021);
  const t3 = table3Official();
  const t4 = table4Official();
  const html = page(
    [prose.pre, prose.one, prose.two, htmlTable(s2.rows), prose.three, htmlTable(t3.rows), prose.four, htmlTable(t4.rows), prose.five, prose.six, prose.sig].join('\n'),
  );

  test('the merged cells of a table are expanded into a grid, each merged cell once per position it covers', () => {
    const { blocks } = htmlToBlocks(`<table>${htmlTable(t3.rows).replace(/^<table[^>]*>|<\/table>$/g, '')}</table>`);
    const table = blocks.find((b) => b.kind === 'table');
    assert.ok(table && table.kind === 'table');
    assert.equal(table.rows.length, 3 + 25);
    for (const r of table.rows) assert.equal(r.cells.length, 10, 'every row as wide as the form');
    // 三、本年度办理结果 (rowspan 22) stands in the first column of its 22 rows, as one cell.
    const col0 = table.rows.slice(5, 27).map((r) => r.cells[0]);
    assert.ok(col0.every((c) => c.text === '三、本年度办理结果' && c.id === col0[0].id));
    // （三）不予公开 (rowspan 8) in the second column of 1.–8.
    assert.ok(table.rows.slice(7, 15).every((r) => r.cells[1].text === '（三）不予公开'));
    // The corner note covers 3 rows × 3 columns.
    assert.ok(table.rows.slice(0, 3).every((r) => r.cells.slice(0, 3).every((c) => c.id === table.rows[0].cells[0].id)));
  });

  test('every value lands in its own row and column: 表三 (25 rows × 7), 表四 (15 in one row), section 二 (one table, merged value cells)', async () => {
    const r = await importReport({ name: 'nianbao.html', data: html });
    assert.equal(r.shape, 'html');
    const a = analyzeText(r.text);
    assert.deepEqual(a.errors, []);
    assertValues(a.report, t3.values);
    assertValues(a.report, t4.values);
    assertValues(a.report, s2.values);
    assert.equal(r.cells, t3.values.size + t4.values.size + s2.values.size);
    assert.equal(r.cells, 175 + 15 + 10);
    assert.equal(r.blanks, 0);
    assert.deepEqual(r.unplaced, []);
    assert.equal(a.report.tables.t3?.edition, 2021);
  });

  test('title, sections, prose, signature; the page around the report is set aside', async () => {
    const r = await importReport({ name: 'nianbao.html', data: html });
    const a = analyzeText(r.text);
    assert.equal(r.fileName, '江城市自然资源和规划局2022年政府信息公开工作年度报告.report.md');
    assert.equal(a.report.title?.text, '江城市自然资源和规划局2022年政府信息公开工作年度报告');
    assert.equal(a.report.meta.agency, '江城市自然资源和规划局');
    assert.equal(a.report.meta.year, 2022);
    assert.deepEqual(a.report.sections.map((s) => s.no), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(r.sections, [1, 2, 3, 4, 5, 6]);
    assert.ok(a.report.period, 'the 统计期限 sentence is in the preamble');
    assert.equal(a.report.signature?.agency?.text, '江城市自然资源和规划局');
    assert.equal(a.report.meta.published?.month, 1);
    assert.match(r.text, /^2022年，我局全面推进政务公开。$/m, 'a <br> ends a paragraph');
    assert.match(r.text, /^本年度未收取信息处理费。$/m);
    assert.match(r.text, /^\（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）$/m);
    // Breadcrumb, publication line and the share box: in the comment at the top, not in the report.
    const body = r.text.replace(/<!--[^]*?-->/g, '');
    for (const chrome of ['您当前的位置', '发布时间', '扫一扫']) {
      assert.ok(!body.includes(chrome), chrome);
      assert.ok(r.text.includes(chrome), `${chrome} kept in the comment`);
    }
    assert.ok(!r.text.includes('<script') && !body.includes('var x'), 'scripts are not text');
    // Its arithmetic is checked like any report's (the distinct test values do not add up).
    assert.ok(a.findings.some((f) => f.code === 'A01'));
  });

  test('a blank cell stays blank, an illegible one is written unread (?) and listed; the checker asks for each', async () => {
    const t3b = table3Official({ 't3.carried.research': '', 't3.open.legal': '？', 't3.next.total': '—' });
    const r = await importReport({ name: 'gaps.html', data: page([prose.three, htmlTable(t3b.rows)].join('\n')) });
    const a = analyzeText(r.text);
    const cell = (row: string, col: string) => a.report.tables.t3!.byKey.get(row)!.cells.get(col)!;
    assert.equal(cell('carried', 'research').raw, '');
    assert.equal(cell('open', 'legal').raw, '?', 'never guessed');
    assert.equal(cell('next', 'total').raw, '—', 'a dash as published (the form wants 0: C03)');
    const c03 = a.findings.filter((f) => f.code === 'C03').map((f) => a.report.text.slice(f.span.start, f.span.end));
    assert.equal(c03.length, 2, 'the blank and the dash the page shows');
    const c05 = a.findings.filter((f) => f.code === 'C05');
    assert.deepEqual(c05.map((f) => f.span), [cell('open', 'legal').span], 'the illegible cell: C05, on it');
    assert.ok(r.unplaced.some((u) => u.excerpt === '？' && /予以公开.*法律服务机构/.test(u.what)));
    assert.match(r.text, new RegExp(`${MARK_START}\\n\\n？\\n`));
    // Every other cell is still in its place.
    assertValues(a.report, new Map([...t3b.values].filter(([k]) => !['t3.carried.research', 't3.open.legal', 't3.next.total'].includes(k))));
  });

  test('a page in GB2312/GBK (its meta charset) is decoded and imported like the UTF-8 page', async () => {
    const gbkPage = page([prose.pre, prose.one, prose.three, htmlTable(t3.rows)].join('\n'), 'gb2312');
    const r = await importReport({ name: 'gbk.htm', data: gb18030(gbkPage) });
    const u = await importReport({ name: 'gbk.htm', data: Buffer.from(gbkPage, 'utf8') });
    assert.equal(r.shape, 'html');
    assert.equal(r.text, u.text);
    assertValues(analyzeText(r.text).report, t3.values);
  });
});

describe('round trip through the project\'s own HTML export', () => {
  for (const name of ['clean/clean-2021', 'clean/clean-2019', 'seeds/000', 'seeds/004']) {
    test(`${name}: exported as HTML and imported again, every cell in its place`, async () => {
      const ref = analyzeText(readFileSync(join(fixturesDir, `${name}.report.md`), 'utf8')).report;
      const html = await exportReport(ref, 'html');
      const r = await importReport({ name: 'export.html', data: html });
      const rec = compareReports(ref, analyzeText(r.text).report);
      assertFullRecovery(rec);
    });
  }
});
