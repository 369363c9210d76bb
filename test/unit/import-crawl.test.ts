/**
 * Crawled text: the crawler's header lines, then the whole article on one line with the tables'
 * cells run together. Made here from a known table, so that what must be read, and what must be left
 * unread because its digits split in two ways the form's sums cannot tell apart, is known.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/index.js';
import { importReport } from '../../server/src/import/index.js';
import { T3_ROWS, T3_COLUMNS } from '../../server/src/core/standard.js';
import { settleTable3, splits, table3RowSplits, table4Splits } from '../../server/src/import/split.js';

/** 表三's rows (2021) with values; two rows are swapped copies that only their digits separate. */
function table3(): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const r of T3_ROWS[2021]) if (!r.group) rows.set(r.key, [0, 0, 0, 0, 0, 0, 0]);
  rows.set('open', [80, 1, 0, 0, 0, 0, 81]);
  rows.set('refuse_1', [1, 10, 0, 0, 0, 0, 11]);
  rows.set('refuse_2', [11, 0, 0, 0, 0, 0, 11]);
  rows.set('unable_1', [31, 0, 0, 0, 0, 0, 31]);
  const total = [0, 0, 0, 0, 0, 0, 0];
  for (const r of T3_ROWS[2021]) {
    if (r.group || !r.parent || r.key === 'total') continue;
    rows.get(r.key)!.forEach((v, i) => (total[i] += v));
  }
  rows.set('total', total);
  rows.set('new', total);
  return rows;
}

function crawled(rows: Map<string, number[]>, spaced: Set<string> = new Set()): string {
  const groups: Record<string, string> = { refuse_1: '（三）不予公开', unable_1: '（四）无法提供', noprocess_1: '（五）不予处理', other_1: '（六）其他处理', open: '三、本年度办理结果' };
  const t3 = T3_ROWS[2021]
    .filter((r) => !r.group)
    .map((r) => `${groups[r.key] ?? ''}${r.label}${rows.get(r.key)!.join(spaced.has(r.key) ? ' ' : '')}`)
    .join('');
  const body = [
    '本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。',
    '一、总体情况2023年，我区全面推进政务公开。（一）主动公开方面全年主动公开政府信息120条。',
    '二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件77132470',
    '第二十条第（五）项信息内容本年处理决定数量行政许可2629第二十条第（六）项信息内容本年处理决定数量行政处罚1330行政强制54',
    '第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费5949.0886',
    `三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他${t3}`,
    '四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计110024001510102',
    '五、存在的主要问题及改进情况一是公开内容不够全面。二是解读形式单一。六、其他需要报告的事项2023年，无收取信息处理费情况。',
  ].join('');
  return ['标题: 某区2023年政府信息公开工作年度报告', '发布时间: 2024-01-30 10:00', '栏目: 政府信息公开年报', '==================== 正文 ====================', body, ''].join('\n');
}

describe('crawled text', () => {
  test('splitting digits: only the splits the form allows, spaces kept as boundaries', () => {
    assert.deepEqual(table3RowSplits('801000081'), [[80, 1, 0, 0, 0, 0, 81]]);
    assert.deepEqual(table3RowSplits('80 1 0 0 0 0 81'), [[80, 1, 0, 0, 0, 0, 81]]);
    assert.deepEqual(table3RowSplits('0000000'), [[0, 0, 0, 0, 0, 0, 0]]);
    assert.equal(table3RowSplits('110000011').length, 2, '1+10 = 11 and 11+0 = 11');
    assert.deepEqual(table3RowSplits('1 10 0 0 0 0 11'), [[1, 10, 0, 0, 0, 0, 11]], 'spaces settle it');
    assert.deepEqual(table3RowSplits('12345'), [], 'too few digits for seven cells');
    assert.deepEqual(table4Splits('110024001510102'), [[1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]]);
    assert.deepEqual(splits('000', ['count', 'count', 'count'], () => true, 5), [['0', '0', '0']]);
    assert.equal(splits('77132470', ['count', 'count', 'count'], () => true, 5).length, 5, 'no identity: many splits');
    // The column sums settle a row that splits two ways when only one choice adds up.
    const rows = new Map<string, number[][]>([
      ['new', [[12, 10, 0, 0, 0, 0, 22]]],
      ['carried', [[0, 0, 0, 0, 0, 0, 0]]],
      ['next', [[0, 0, 0, 0, 0, 0, 0]]],
      ['total', [[12, 10, 0, 0, 0, 0, 22]]],
      ['open', [[11, 0, 0, 0, 0, 0, 11]]],
      ['refuse_1', table3RowSplits('110000011')],
    ]);
    assert.deepEqual(settleTable3(rows, ['open', 'refuse_1']).get('refuse_1'), [1, 10, 0, 0, 0, 0, 11]);
  });

  test('the article on one line: sections, prose, every table read; rows that split two ways left unread and listed', async () => {
    const rows = table3();
    const r = await importReport({ name: 'page.txt', data: crawled(rows, new Set(['unable_1'])) });
    assert.equal(r.shape, 'crawl');
    const a = analyzeText(r.text);
    assert.deepEqual(a.report.sections.map((s) => s.no), [1, 2, 3, 4, 5, 6]);
    assert.equal(a.report.title?.text, '某区2023年政府信息公开工作年度报告', 'the crawler\'s 标题');
    assert.equal(a.report.meta.published?.day, 30, 'the crawler\'s 发布时间');
    assert.ok(a.report.period, 'the 统计期限 sentence in the preamble');
    const t3 = a.report.tables.t3!;
    const cell = (row: string, col: string) => t3.byKey.get(row)!.cells.get(col)!;
    // Every row that splits one way only is read, as printed.
    for (const [key, values] of rows) {
      if (key === 'refuse_1' || key === 'refuse_2') continue;
      T3_COLUMNS.forEach((c, i) => assert.equal(cell(key, c.key).value, values[i], `${key}.${c.key}`));
    }
    // 1.属于国家秘密 and 2.其他法律行政法规禁止公开 are "110000011" both: 1+10 or 11+0, and either way the
    // sums hold. Nothing is guessed: their cells are unread (C05), the digits kept in the report and listed.
    for (const key of ['refuse_1', 'refuse_2']) for (const c of T3_COLUMNS) assert.equal(cell(key, c.key).raw, '?', `${key}.${c.key}`);
    const c05 = a.findings.filter((f) => f.code === 'C05');
    assert.equal(c05.length, 14 + 3, 'two rows of 表三, and 表二\'s 行政规范性文件 (77132470 splits many ways)');
    assert.deepEqual(a.findings.filter((f) => f.code === 'C03'), [], 'not the author\'s blanks');
    assert.deepEqual(a.findings.filter((f) => /^A0/.test(f.code)), [], 'no sum through a cell that was not read');
    for (const label of ['属于国家秘密', '其他法律行政法规禁止公开', '行政规范性文件']) {
      const u = r.unplaced.find((x) => x.what.includes(label));
      assert.ok(u && /可拆成多种单元格组合/.test(u.what), label);
      assert.ok(u.reportLine, `${label} kept in the report`);
    }
    assert.match(r.text, /^\d?\.?(（三）不予公开)?1\.属于国家秘密110000011$/m);
    // 表四 and 表二's single values.
    assert.deepEqual([...a.report.tables.t4!.byKey.get('direct')!.cells.values()].map((c) => c.value), [4, 0, 0, 1, 5]);
    const s2 = (item: number, row: string, col: string) => a.report.tables.s2.find((t) => t.item === item)?.byKey.get(row)?.cells.get(col)?.raw;
    assert.equal(s2(1, 'rules', 'issued'), '0');
    assert.equal(s2(5, 'licensing', 'decisions'), '2629');
    assert.equal(s2(8, 'fees', 'amount'), '5949.0886');
    // The crawler's header lines are page chrome, not the report.
    assert.match(r.text, /<!-- xxgk-import: 网页页面内容[^]*栏目: 政府信息公开年报[^]*-->/);
    assert.ok(!/^栏目/m.test(r.text.replace(/<!--[^]*?-->/g, '')));
  });
});
