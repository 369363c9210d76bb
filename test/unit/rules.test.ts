/**
 * Every rule: at least one failing case (a mutation of a clean, realistic report) asserting the
 * code and the exact text under the finding's range — what the user sees squiggled — and a
 * passing case (the clean report, plus targeted near-misses).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer, RULES, CROSS_RULES, analyzeAcross, section2Text, skeleton, table4Text } from '../../server/src/core/index.js';
import type { Config, Finding } from '../../server/src/core/index.js';
import { AGENCY, baseReport } from './base-report.js';

const BASE = baseReport(2022);
const BASE_2019 = baseReport(2020);

function analyze(text: string, config?: Config) {
  return new Analyzer().analyze(text, { config });
}

/** The findings of `code`, as [code, text under range]. */
function seen(text: string, code: string, config?: Config): [string, string][] {
  return analyze(text, config).findings.filter((f) => f.code === code).map((f) => [f.code, text.slice(f.span.start, f.span.end)]);
}

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  assert.notEqual(out, text, `mutation did not apply: ${String(from)}`);
  return out;
}

function row(label: string, cells: (number | string)[]): string {
  return `| ${label} | ${cells.join(' | ')} |`;
}

const T3_OPEN = row('（一）予以公开', [702, 20, 5, 1, 4, 10, 742]);
const T3_TOTAL = row('（七）总计', [1195, 38, 5, 2, 10, 17, 1267]);
const T3_NEXT = row('四、结转下年度继续办理', [25, 1, 0, 0, 0, 1, 27]);

interface Case {
  name: string;
  text: string;
  expect: [string, string][];
  config?: Config;
}

const FAIL: Record<string, Case[]> = {
  S01: [{ name: 'section 五 missing: reported where it should stand', text: replaceOnce(BASE, /## 五、存在的主要问题及改进情况\n\n[^\n]*\n\n/, ''), expect: [['S01', '六、其他需要报告的事项']] }],
  S02: [
    { name: '六 numbered 五', text: replaceOnce(BASE, '## 六、其他需要报告的事项', '## 五、其他需要报告的事项'), expect: [['S02', '五、']] },
    { name: 'a section twice', text: replaceOnce(BASE, '## 六、其他需要报告的事项', '## 一、总体情况\n\n重复。\n\n## 六、其他需要报告的事项'), expect: [['S02', '一、总体情况']] },
    { name: '五 numbered 五一 (no number)', text: replaceOnce(BASE, '## 五、存在', '## 五一、存在'), expect: [['S02', '五一、']] },
  ],
  S03: [
    { name: 'variant wording 改进措施', text: replaceOnce(BASE, '## 五、存在的主要问题及改进情况', '## 五、存在的主要问题及改进措施'), expect: [['S03', '五、存在的主要问题及改进措施']] },
    { name: 'half-width separator', text: replaceOnce(BASE, '## 一、总体情况', '## 一. 总体情况'), expect: [['S03', '一. 总体情况']] },
  ],
  S04: [
    { name: '五 is only 无', text: replaceOnce(BASE, /(## 五、存在的主要问题及改进情况\n\n)[^\n]*/, '$1无'), expect: [['S04', '五、存在的主要问题及改进情况']] },
    { name: '六 has nothing before the signature', text: replaceOnce(BASE, '本机关全年未收取信息处理费。\n\n', ''), expect: [['S04', '六、其他需要报告的事项']] },
  ],
  S05: [{ name: '2019 tables in a 2022 report', text: replaceOnce(BASE, section2Text(2021, { 's2.1.normative.issued': 12, 's2.1.normative.repealed': 3, 's2.1.normative.valid': 145, 's2.5.licensing.decisions': 2680, 's2.6.penalty.decisions': 35, 's2.6.coercion.decisions': 4, 's2.8.fees.amount': '9.139' }), section2Text(2019)), expect: ['本年新制作数量 | 本年新公开数量 | 对外公开总数量', '上一年项目数量 | 本年增/减 | 处理决定数量', '上一年项目数量 | 本年增/减 | 处理决定数量', '上一年项目数量 | 本年增/减', '采购项目数量 | 采购总金额'].map((h) => ['S05', `| 信息内容 | ${h} |`]) }],
  S06: [
    { name: 'a near label: suggestion adopted', text: replaceOnce(BASE, '| 2.重复申请 |', '| 2.重复提交申请 |'), expect: [['S06', '2.重复提交申请']] },
    { name: 'a column header typo', text: replaceOnce(BASE, '| 商业企业 |', '| 商业企 |'), expect: [['S06', '商业企']] },
  ],
  S07: [{ name: 'a missing row, reported at the row that follows it', text: replaceOnce(BASE, /\| 3\.要求提供公开出版物 \|[^\n]*\n/, ''), expect: [['S07', '4.无正当理由大量反复申请']] }],
  S08: [{ name: 'two rows swapped', text: replaceOnce(BASE, /(\| 行政处罚 \| 35 \|)\n(\| 行政强制 \| 4 \|)/, '$2\n$1'), expect: [['S08', '行政处罚']] }],
  S09: [
    { name: 'title without 工作', text: replaceOnce(BASE, '# 某市科学技术局2022年政府信息公开工作年度报告', '# 某市科学技术局2022年政府信息公开年度报告'), expect: [['S09', '某市科学技术局2022年政府信息公开年度报告']] },
    { name: 'title without the agency', text: replaceOnce(BASE, '# 某市科学技术局2022年', '# 市科学技术局2022年'), expect: [['S09', '市科学技术局2022年政府信息公开工作年度报告']] },
  ],
  S10: [
    { name: 'a row with an extra cell', text: replaceOnce(BASE, '| 行政许可 | 2680 |', '| 行政许可 | 2680 | 7 |'), expect: [['S10', '7 |']] },
    { name: 'section 四 without its table', text: replaceOnce(BASE, table4Text({ 't4.review.upheld': 3, 't4.review.corrected': 1, 't4.review.pending': 2, 't4.review.total': 6, 't4.direct.upheld': 1, 't4.direct.other': 1, 't4.direct.pending': 1, 't4.direct.total': 3, 't4.after.pending': 1, 't4.after.total': 1 }), ''), expect: [['S10', '四、政府信息公开行政复议、行政诉讼情况']] },
  ],
  S11: [
    { name: '年度 not a year', text: replaceOnce(BASE, '年度: 2022', '年度: 二〇二二'), expect: [['S11', '二〇二二']] },
    { name: 'unknown key', text: replaceOnce(BASE, '格式: 2021', '格式: 2021\n作者: 张三'), expect: [['S11', '作者']] },
    { name: 'broken YAML', text: replaceOnce(BASE, '机关: 某市科学技术局', '机关: [某市科学技术局'), expect: [['S11', '机关: [某市科学技术局']] },
    { name: 'a key given twice', text: replaceOnce(BASE, '年度: 2022', '年度: 2022\n年度: 2019'), expect: [['S11', '年度']] },
    { name: '年度 and its alias year', text: replaceOnce(BASE, '年度: 2022', '年度: 2022\nyear: 2025'), expect: [['S11', 'year']] },
    { name: 'flow collections nested past the limit (not parsed)', text: replaceOnce(BASE, '格式: 2021', `格式: 2021\nx: ${'[{'.repeat(50)}`), expect: [['S11', `x: ${'[{'.repeat(50)}`]] },
  ],
  S13: [
    { name: 'a line of 40 list markers', text: replaceOnce(BASE, '## 五、存在', `${'- '.repeat(40)}x\n\n## 五、存在`), expect: [['S13', `${'- '.repeat(40)}x`]] },
    { name: '600 lines without a blank line', text: replaceOnce(BASE, '## 五、存在', `${Array.from({ length: 600 }, (_, i) => `第${i}行。`).join('\n')}\n\n## 五、存在`), expect: [['S13', '第0行。']] },
    { name: 'an undecodable character', text: replaceOnce(BASE, '## 五、存在', `乱码\ufffd文字\n\n## 五、存在`), expect: [['S13', '乱码\ufffd文字']] },
  ],
  S12: [
    {
      name: 'a new report: every prompt of 一, 五 and 六',
      text: skeleton({ agency: AGENCY, year: 2022 }),
      expect: ['（请概述本年度主动公开工作。）', '（请概述依申请公开工作。）', '（请概述政府信息管理工作。）', '（请概述政府信息公开平台建设。）', '（请概述监督保障工作。）', '（请说明本年度政府信息公开工作存在的主要问题及改进情况。）', '（请说明本年度信息处理费收取情况及其他需要报告的事项。）'].map((p) => ['S12', p]),
    },
    { name: 'text written before a prompt left in place', text: replaceOnce(BASE, '畅通申请渠道，依法依规答复每一件申请。', '畅通申请渠道。（请概述依申请公开工作。）'), expect: [['S12', '（请概述依申请公开工作。）']] },
    { name: 'a prompt of its own, half-width brackets', text: replaceOnce(BASE, '本机关全年未收取信息处理费。', '本机关全年未收取信息处理费。\n\n(请补充其他需要报告的事项)'), expect: [['S12', '(请补充其他需要报告的事项)']] },
  ],
  C01: [
    { name: 'negative count', text: replaceOnce(BASE, '| 行政处罚 | 35 |', '| 行政处罚 | -35 |'), expect: [['C01', '-35']] },
    { name: 'two numbers in one cell', text: replaceOnce(BASE, '| 行政强制 | 4 |', '| 行政强制 | 4 5 6 |'), expect: [['C01', '4 5 6']] },
    { name: 'an amount with 5 decimals', text: replaceOnce(BASE, '| 9.139 |', '| 9.13912 |'), expect: [['C01', '9.13912']] },
    { name: 'a count past 2^53', text: replaceOnce(BASE, '| 行政处罚 | 35 |', '| 行政处罚 | 9007199254740993 |'), expect: [['C01', '9007199254740993']] },
  ],
  C02: [
    { name: 'unit 件, number still read (no A findings)', text: replaceOnce(BASE, '| 行政许可 | 2680 |', '| 行政许可 | 2680件 |'), expect: [['C02', '2680件']] },
    { name: 'amount in 元', text: replaceOnce(BASE, '| 9.139 |', '| 91390元 |'), expect: [['C02', '91390元']] },
  ],
  C03: [
    { name: 'blank and slash cells', text: replaceOnce(replaceOnce(BASE, '| 行政处罚 | 35 |', '| 行政处罚 |  |'), '| 行政强制 | 4 |', '| 行政强制 | / |'), expect: [['C03', '  '], ['C03', '/']] },
  ],
  C05: [
    {
      name: 'cells import could not read, half- and full-width',
      text: replaceOnce(replaceOnce(BASE, '| 行政处罚 | 35 |', '| 行政处罚 | ? |'), '| 行政强制 | 4 |', '| 行政强制 | ？ |'),
      expect: [['C05', '?'], ['C05', '？']],
    },
  ],
  C04: [
    { name: 'full-width digits and thousands separators', text: replaceOnce(replaceOnce(BASE, '| 行政许可 | 2680 |', '| 行政许可 | 2,680 |'), '| 行政处罚 | 35 |', '| 行政处罚 | ３５ |'), expect: [['C04', '2,680'], ['C04', '３５']] },
  ],
  A01: [{ name: '（七）总计 wrong in one column (A03 for its row too)', text: replaceOnce(BASE, T3_TOTAL, row('（七）总计', [1196, 38, 5, 2, 10, 17, 1267])), expect: [['A01', '1196']] }],
  A02: [{ name: '四 off by one in 自然人 and 总计', text: replaceOnce(BASE, T3_NEXT, row('四、结转下年度继续办理', [26, 1, 0, 0, 0, 1, 28])), expect: [['A02', '26'], ['A02', '28']] }],
  A03: [{ name: 'a row total off (A01 for the 总计 column too)', text: replaceOnce(BASE, T3_OPEN, row('（一）予以公开', [702, 20, 5, 1, 4, 10, 743])), expect: [['A03', '743']] }],
  A04: [{ name: '行政复议 total off', text: replaceOnce(BASE, '| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |'), expect: [['A04', '7']] }],
  A05: [{ name: 'fewer valid documents than issued − repealed', text: replaceOnce(BASE, '| 行政规范性文件 | 12 | 3 | 145 |', '| 行政规范性文件 | 12 | 3 | 8 |'), expect: [['A05', '8']] }],
  T01: [{ name: 'prose count of requests differs', text: replaceOnce(BASE, '收到政府信息公开申请1248件', '收到政府信息公开申请1284件'), expect: [['T01', '1284']] }],
  T02: [{ name: 'prose carried count differs', text: replaceOnce(BASE, '结转下年度继续办理27件', '结转下年度继续办理72件'), expect: [['T02', '72']] }],
  T03: [{ name: 'prose review count differs', text: replaceOnce(BASE, '行政复议6件', '行政复议9件'), expect: [['T03', '9']] }],
  T04: [{ name: 'prose licensing count differs', text: replaceOnce(BASE, '实施行政许可2680件', '实施行政许可2860件'), expect: [['T04', '2860']] }],
  T05: [
    { name: 'says no requests while 表三 has 1248', text: replaceOnce(BASE, '全年共收到政府信息公开申请1248件，', '本年度未收到政府信息公开申请，'), expect: [['T05', '未收到政府信息公开申请']] },
    { name: 'says all completed while 27 carried over', text: replaceOnce(BASE, '结转下年度继续办理27件。', '结转下年度继续办理27件。所有申请全部按时办结。'), expect: [['T05', '全部按时办结']] },
  ],
  D01: [{ name: 'no period sentence', text: replaceOnce(BASE, '本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n\n', ''), expect: [['D01', '某市科学技术局2022年政府信息公开工作年度报告']] }],
  D02: [
    { name: 'wrong end day', text: replaceOnce(BASE, '2022年12月31日止', '2022年12月30日止'), expect: [['D02', '2022年1月1日起至2022年12月30日']] },
    { name: 'wrong year', text: replaceOnce(BASE, '自2022年1月1日起至2022年12月31日止', '自2021年1月1日起至2021年12月31日止'), expect: [['D02', '2021年1月1日起至2021年12月31日']] },
  ],
  D03: [
    { name: 'title year differs from 年度', text: replaceOnce(BASE, '# 某市科学技术局2022年', '# 某市科学技术局2021年'), expect: [['D03', '2021']] },
    { name: "this year's work under another year in 一", text: replaceOnce(BASE, '全年主动公开政府信息3210条', '2021年，我局主动公开政府信息3210条'), expect: [['D03', '2021']] },
  ],
  D04: [
    { name: 'published before the year ended (error)', text: replaceOnce(replaceOnce(BASE, '发布日期: 2023-01-20', '发布日期: 2022-12-20'), '2023年1月20日', '2022年12月20日'), expect: [['D04', '2022-12-20']] },
    { name: 'department report after 31 January (warning)', text: replaceOnce(BASE, '发布日期: 2023-01-20', '发布日期: 2023-02-10'), expect: [['D04', '2023-02-10']] },
    { name: 'no date anywhere: the last line', text: replaceOnce(replaceOnce(BASE, '发布日期: 2023-01-20\n', ''), '\n\n2023年1月20日', ''), expect: [['D04', AGENCY]] },
  ],
  D05: [
    { name: 'scraped date without 年/月', text: replaceOnce(BASE, '严格执行发布前保密审查制度。', '自202311日起严格执行保密审查制度。'), expect: [['D05', '202311日']] },
    { name: '2月30日', text: replaceOnce(BASE, '完成门户网站集约化改造。', '于2022年2月30日完成门户网站集约化改造。'), expect: [['D05', '2022年2月30日']] },
    { name: '文号 missing 〕', text: replaceOnce(BASE, '将政务公开纳入绩效考核。', '根据《通知》（湘政办发〔202311）将政务公开纳入绩效考核。'), expect: [['D05', '〔202311']] },
  ],
  D06: [
    { name: 'spaces inside a date', text: replaceOnce(BASE, '统计期限自2022年1月1日', '统计期限自2022 年 1 月 1 日'), expect: [['D06', '2022 年 1 月 1 日']] },
    { name: 'ASCII brackets in a 文号', text: replaceOnce(BASE, '将政务公开纳入绩效考核。', '按照国办发[2022]8号要求，将政务公开纳入绩效考核。'), expect: [['D06', '[2022]8号']] },
  ],
  N01: [{ name: '2022 report whose 六 says nothing of the fee', text: replaceOnce(BASE, '本机关全年未收取信息处理费。', '无。'), expect: [['N01', '六、其他需要报告的事项']] }],
  N02: [{ name: '2020 report reporting 信息处理费', text: replaceOnce(BASE_2019, '无其他需要报告的事项。', '本年度未收取信息处理费。'), expect: [['N02', '信息处理费']] }],
  N03: [{ name: 'overview without topic sub-headings', text: BASE.replace(/### （[一二三四五]）[^\n]+\n\n/g, ''), expect: [['N03', '一、总体情况']] }],
};

const PASS: Record<string, Case[]> = {
  S12: [{ name: 'a bracketed 请 inside a sentence is prose, not a prompt', text: replaceOnce(BASE, '完成门户网站集约化改造。', '完成门户网站集约化改造（请见门户网站“政务公开”专栏）。'), expect: [] }],
  D04: [{ name: 'a government report may be published until 31 March', text: replaceOnce(replaceOnce(BASE, '报告类型: 部门', '报告类型: 政府'), '发布日期: 2023-01-20', '发布日期: 2023-03-10'), expect: [] }],
  D03: [
    { name: 'next year in 五 plans is fine', text: replaceOnce(BASE, '下一步将加强培训', '2023年，我局将加强培训'), expect: [] },
    { name: 'last year in a comparison is fine', text: replaceOnce(BASE, '全年主动公开政府信息3210条', '全年主动公开政府信息3210条，比2021年增长12%'), expect: [] },
  ],
  T01: [{ name: 'prose that agrees', text: BASE, expect: [] }],
  T05: [{ name: '“no requests, no reviews” with empty tables', text: skeleton({ agency: AGENCY, year: 2022, prose: { 3: '本年度未收到政府信息公开申请。', 4: '本年度未收到政府信息公开行政复议、行政诉讼。' } }), expect: [] }],
  C03: [{ name: '0 is not blank', text: BASE, expect: [] }],
  A01: [{ name: 'a blank term skips the sum (C03 only, no cascade)', text: replaceOnce(BASE, row('1.属于国家秘密', [3, 0, 0, 0, 0, 0, 3]), row('1.属于国家秘密', ['', 0, 0, 0, 0, 0, 3])), expect: [] }],
  A02: [{ name: 'a wrong （七）总计 is A01 only', text: replaceOnce(BASE, T3_TOTAL, row('（七）总计', [1196, 38, 5, 2, 10, 17, 1267])), expect: [] }],
  S07: [{ name: 'group rows may be left out', text: BASE, expect: [] }],
  S06: [{ name: 'labels in other bracket and numbering styles', text: replaceOnce(replaceOnce(BASE, '| （一）予以公开 |', '| (一) 予以公开 |'), '| 3.危及“三安全一稳定” |', '| 3、危及三安全一稳定 |'), expect: [] }],
};

describe('every rule fails on its case and passes on the clean report', () => {
  for (const rule of RULES) {
    test(`${rule.id} ${rule.name}`, () => {
      const cases = FAIL[rule.id];
      assert.ok(cases && cases.length, `${rule.id} has a failing case`);
      for (const c of cases) assert.deepEqual(seen(c.text, rule.id, c.config), c.expect, `${rule.id}: ${c.name}`);
      assert.deepEqual(seen(BASE, rule.id), [], `${rule.id} is silent on the clean 2022 report`);
      assert.deepEqual(seen(BASE_2019, rule.id), [], `${rule.id} is silent on the clean 2020 report`);
      for (const c of PASS[rule.id] ?? []) assert.deepEqual(seen(c.text, rule.id), [], `${rule.id} pass: ${c.name}`);
    });
  }
});

describe('no cascades', () => {
  test('a missing row reports S07 only: no arithmetic on the incomplete column', () => {
    const text = replaceOnce(BASE, /\| 3\.要求提供公开出版物 \|[^\n]*\n/, '');
    const codes = analyze(text).findings.map((f) => f.code);
    assert.deepEqual(codes, ['S07']);
  });
  test('a blank cell reports C03 only', () => {
    const text = replaceOnce(BASE, T3_OPEN, row('（一）予以公开', ['', 20, 5, 1, 4, 10, 742]));
    assert.deepEqual(analyze(text).findings.map((f) => f.code), ['C03']);
  });
  test('a cell import could not read reports C05 only: not C03, and no sum through it', () => {
    const text = replaceOnce(BASE, T3_OPEN, row('（一）予以公开', ['?', 20, 5, 1, 4, 10, 742]));
    const findings = analyze(text).findings;
    assert.deepEqual(findings.map((f) => f.code), ['C05']);
    assert.match(findings[0].message, /导入时未能识别此单元格，请对照原件填写/);
    assert.equal(findings[0].fix, undefined, 'no value is offered for a cell nobody has read');
  });
  test('a unit in a cell is read: C02 only', () => {
    const text = replaceOnce(BASE, T3_OPEN, row('（一）予以公开', ['702件', 20, 5, 1, 4, 10, 742]));
    assert.deepEqual(analyze(text).findings.map((f) => f.code), ['C02']);
  });
});

describe('arithmetic findings carry the computed and stated values and the terms', () => {
  test('A01: computed 1195, stated 1196, 21 terms (2021 edition), fix writes 1195 into the cell', () => {
    const text = replaceOnce(BASE, T3_TOTAL, row('（七）总计', [1196, 38, 5, 2, 10, 17, 1267]));
    const f = analyze(text).findings.find((x) => x.code === 'A01') as Finding;
    assert.equal(f.data?.computed, 1195);
    assert.equal(f.data?.stated, 1196);
    assert.equal(f.data?.terms?.length, 21);
    assert.equal(f.data?.terms?.[0].label, '（一）予以公开');
    assert.equal(f.data?.terms?.[0].value, 702);
    assert.equal(f.fix?.edits.length, 1);
    const e = f.fix!.edits[0];
    const fixed = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    assert.equal(fixed, BASE);
  });
  test('A02 names all four figures and points at the 四 cell', () => {
    const text = replaceOnce(BASE, T3_NEXT, row('四、结转下年度继续办理', [26, 1, 0, 0, 0, 1, 28]));
    const f = analyze(text).findings.find((x) => x.code === 'A02') as Finding;
    for (const n of ['1180', '40', '1195', '26']) assert.match(f.message, new RegExp(n));
    assert.equal(f.related?.length, 3);
    assert.equal(f.fix, undefined);
  });
});

describe('suppression comments, configuration and locale', () => {
  const broken = replaceOnce(BASE, '| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
  test('xxgk-disable … xxgk-enable turns a rule off in between', () => {
    const text = replaceOnce(broken, '| 类别 |', '<!-- xxgk-disable A04 -->\n\n| 类别 |');
    assert.deepEqual(seen(text, 'A04'), []);
    const reenabled = replaceOnce(text, '<!-- xxgk-disable A04 -->', '<!-- xxgk-disable A04 -->\n<!-- xxgk-enable A04 -->');
    assert.equal(seen(reenabled, 'A04').length, 1);
  });
  test('xxgk-disable-next-line applies to one line only', () => {
    const text = replaceOnce(BASE, '全年主动公开政府信息3210条', '\n<!-- xxgk-disable-next-line D03 -->\n2021年，我局主动公开政府信息3210条');
    assert.deepEqual(seen(text, 'D03'), []);
    const other = replaceOnce(text, '<!-- xxgk-disable-next-line D03 -->', '<!-- xxgk-disable-next-line D06 -->');
    assert.equal(seen(other, 'D03').length, 1);
  });
  test('a rule can be turned off or given another severity, by id or name', () => {
    assert.deepEqual(seen(broken, 'A04', { rules: { A04: 'off' } }), []);
    const f = analyze(broken, { rules: { 'review-total': 'warning' } }).findings.find((x) => x.code === 'A04');
    assert.equal(f?.severity, 'warning');
  });
  test('messages in English when asked', () => {
    const f = new Analyzer().analyze(broken, { locale: 'en' }).findings.find((x) => x.code === 'A04');
    assert.match(f!.message, /upheld \+ corrected \+ other \+ pending = 6/);
  });
});

describe('across years (X01, X02)', () => {
  const y2021 = baseReport(2021);
  const y2022 = BASE;
  const model = (t: string) => new Analyzer().model(t);
  test('X01: 上年结转 must equal last year\'s 结转下年度继续办理, per column', () => {
    // Base: 2021 carries 25/1/0/0/0/1/27 over, 2022 says it received 40/3/0/0/1/2/46 from last year.
    const res = analyzeAcross([{ file: '2021.report.md', report: model(y2021) }, { file: '2022.report.md', report: model(y2022) }]);
    const x01 = res.get('2022.report.md')!.filter((f) => f.code === 'X01');
    assert.deepEqual(x01.map((f) => y2022.slice(f.span.start, f.span.end)), ['40', '3', '1', '2', '46']);
    assert.equal(x01[0].related?.[0].file, '2021.report.md');
    assert.equal(y2021.slice(x01[0].related![0].span.start, x01[0].related![0].span.end), '25');
    assert.deepEqual(res.get('2021.report.md'), []);
  });
  test('X01 passes when the carry-over matches', () => {
    const fixed = replaceOnce(y2022, row('二、上年结转政府信息公开申请数量', [40, 3, 0, 0, 1, 2, 46]), row('二、上年结转政府信息公开申请数量', [25, 1, 0, 0, 0, 1, 27]));
    const res = analyzeAcross([{ file: 'a', report: model(y2021) }, { file: 'b', report: model(fixed) }]);
    assert.deepEqual(res.get('b')!.filter((f) => f.code === 'X01'), []);
  });
  test('X02: 现行有效件数 follows from last year', () => {
    // 2021: 145 valid; 2022: 145 + 12 − 3 = 154 expected, 145 stated.
    const res = analyzeAcross([{ file: 'a', report: model(y2021) }, { file: 'b', report: model(y2022) }]);
    const x02 = res.get('b')!.filter((f) => f.code === 'X02');
    assert.deepEqual(x02.map((f) => [y2022.slice(f.span.start, f.span.end), f.data?.computed]), [['145', 154]]);
    const ok = replaceOnce(y2022, '| 行政规范性文件 | 12 | 3 | 145 |', '| 行政规范性文件 | 12 | 3 | 154 |');
    const res2 = analyzeAcross([{ file: 'a', report: model(y2021) }, { file: 'b', report: model(ok) }]);
    assert.deepEqual(res2.get('b')!.filter((f) => f.code === 'X02'), []);
  });
  test('reports of other agencies or non-consecutive years are not compared', () => {
    const other = replaceOnce(replaceOnce(y2021, `机关: ${AGENCY}`, '机关: 另一个局'), `# ${AGENCY}`, '# 另一个局');
    const res = analyzeAcross([{ file: 'a', report: model(other) }, { file: 'b', report: model(y2022) }, { file: 'c', report: model(baseReport(2020)) }]);
    assert.deepEqual(res.get('b'), []);
  });
  test('every cross rule is exercised', () => {
    assert.deepEqual(CROSS_RULES.map((r) => r.id), ['X01', 'X02']);
  });
});

describe('fixes', () => {
  function apply(text: string, f: Finding): string {
    const edits = [...f.fix!.edits].sort((a, b) => b.span.start - a.span.start);
    let out = text;
    for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
    return out;
  }
  for (const [id, cases] of Object.entries(FAIL)) {
    for (const c of cases) {
      const findings = analyze(c.text).findings.filter((f) => f.code === id && f.fix);
      if (!findings.length) continue;
      test(`${id} (${c.name}): each fix removes its finding and touches nothing else`, () => {
        for (const f of findings) {
          const fixed = apply(c.text, f);
          const e = f.fix!.edits[0];
          assert.equal(fixed.slice(0, e.span.start), c.text.slice(0, e.span.start), 'text before the edit unchanged');
          assert.equal(fixed.slice(e.span.start + e.newText.length), c.text.slice(e.span.end), 'text after the edit unchanged');
          const after = analyze(fixed).findings.filter((x) => x.code === id);
          const before = analyze(c.text).findings.filter((x) => x.code === id);
          assert.equal(after.length, before.length - 1, `${id} fix "${f.fix!.title}" removes exactly its finding`);
        }
      });
    }
  }
  test('S07 inserts the missing row with zeros in its standard place', () => {
    const text = replaceOnce(BASE, /\| 4\.无正当理由大量反复申请 \|[^\n]*\n/, '');
    const f = analyze(text).findings.find((x) => x.code === 'S07')!;
    assert.equal(f.fix?.title, '插入“4.无正当理由大量反复申请”行（填 0）');
    const fixed = apply(text, f);
    assert.match(fixed, /\| 3\.要求提供公开出版物 \|[^\n]*\n\| 4\.无正当理由大量反复申请 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \|\n\| 5\.要求行政机关确认/);
    assert.deepEqual(analyze(fixed).findings.filter((x) => x.severity === 'error'), []);
  });

  test('S07: when the totals count the missing row, it is inserted with blank cells to fill in, not zeros that would break 4 sums', () => {
    // 3.要求提供公开出版物 was 5 | 0 | 0 | 0 | 0 | 0 | 5: （七）总计 still counts it.
    const text = replaceOnce(BASE, /\| 3\.要求提供公开出版物 \|[^\n]*\n/, '');
    const f = analyze(text).findings.find((x) => x.code === 'S07')!;
    assert.equal(f.fix?.title, '插入“3.要求提供公开出版物”行（数字待填）');
    const fixed = apply(text, f);
    assert.match(fixed, /\| 2\.重复申请 \|[^\n]*\n\| 3\.要求提供公开出版物 \|  \|  \|  \|  \|  \|  \|  \|\n\| 4\.无正当理由大量反复申请 \|/);
    const after = analyze(fixed).findings;
    assert.deepEqual(after.filter((x) => x.severity === 'error'), [], 'no error appears: the sums are unchecked until the row is filled');
    assert.equal(after.filter((x) => x.code === 'C03').length, 7, 'each blank cell asks to be filled');
    // Filling in the numbers the totals imply makes the report clean again.
    const filled = fixed.replace(/\| 3\.要求提供公开出版物 \|[^\n]*/, '| 3.要求提供公开出版物 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |');
    assert.deepEqual(analyze(filled).findings.filter((x) => x.severity !== 'information'), []);
  });

  test('a total fix that would break another sum is withheld, and the message says which sum', () => {
    // The natural-person cell of 一、本年新收 is wrong (1181 for 1180); the row total is right.
    const text = replaceOnce(BASE, '| 一、本年新收政府信息公开申请数量 | 1180 |', '| 一、本年新收政府信息公开申请数量 | 1181 |');
    const a3 = analyze(text).findings.find((x) => x.code === 'A03')!;
    assert.equal(a3.fix, undefined, 'writing 1249 into the total would break the 总计 column balance');
    assert.match(a3.message, /^“一、本年新收政府信息公开申请数量”行总计填写 1248，但各类申请人之和为 1249（未提供快速修复：“改为计算值 1249”会使“总计”列的勾稽关系（一加二等于三加四）不再成立，请核对数据）$/);
    // Where the total is the wrong number, the fix is offered and leaves no error.
    const typo = replaceOnce(BASE, '| 1180 | 36 | 5 | 2 | 9 | 16 | 1248 |', '| 1180 | 36 | 5 | 2 | 9 | 16 | 1258 |');
    const b = analyze(typo).findings.find((x) => x.code === 'A03')!;
    assert.equal(b.fix?.title, '改为计算值 1248');
    assert.deepEqual(analyze(apply(typo, b)).findings.filter((x) => x.severity === 'error'), []);
  });

  test('C03: 0 is offered for a blank cell only when 0 keeps the sums true', () => {
    const zero = replaceOnce(BASE, /(\| 4\.无正当理由大量反复申请 \| )0/, '$1 ');
    const ok = analyze(zero).findings.find((x) => x.code === 'C03')!;
    assert.equal(ok.fix?.title, '填入 0');
    const missing = replaceOnce(BASE, /(\| 2\.重复申请 \| )22/, '$1');
    const no = analyze(missing).findings.find((x) => x.code === 'C03')!;
    assert.equal(no.fix, undefined);
    assert.match(no.message, /没有数据时应填 0（未提供快速修复：“填入 0”会使/);
  });
});
