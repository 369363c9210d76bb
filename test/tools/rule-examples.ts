/**
 * One worked example per rule for its page (docs/rules/<ID>.md): a change to the realistic clean report that makes
 * the rule speak. The page generator shows the changed lines before and after and what the checker says about them,
 * and fails when the example stops producing the finding (or the clean report starts to), so the pages cannot drift
 * from the rules.
 */
import { AGENCY, baseReport } from '../unit/base-report.js';

export interface Example {
  /** Report year of the clean report to change (default 2022). */
  year?: number;
  from: string | RegExp;
  to: string;
}

/** Across years: last year's report beside this year's, whose text is wrong as given and right after `fix`. */
export interface CrossExample {
  cross: true;
  from: string;
  to: string;
}

const row = (label: string, cells: number[]) => `| ${label} | ${cells.join(' | ')} |`;

export const EXAMPLES: Record<string, Example | CrossExample> = {
  S01: { from: /## 五、存在的主要问题及改进情况\n\n[^\n]*\n\n/, to: '' },
  S02: { from: '## 六、其他需要报告的事项', to: '## 五、其他需要报告的事项' },
  S03: { from: '## 五、存在的主要问题及改进情况', to: '## 五、存在的主要问题及改进措施' },
  S04: { from: /(## 五、存在的主要问题及改进情况\n\n)[^\n]*/, to: '$1无' },
  S05: { from: '| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |', to: '| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |' },
  S06: { from: '| 2.重复申请 |', to: '| 2.重复提交申请 |' },
  S07: { from: /\| 4\.无正当理由大量反复申请 \|[^\n]*\n/, to: '' },
  S08: { from: /(\| 行政处罚 \| 35 \|)\n(\| 行政强制 \| 4 \|)/, to: '$2\n$1' },
  S09: { from: `# ${AGENCY}2022年政府信息公开工作年度报告`, to: `# ${AGENCY}2022年政府信息公开年度报告` },
  S10: { from: '| 行政许可 | 2680 |', to: '| 行政许可 | 2680 | 7 |' },
  S11: { from: '年度: 2022', to: '年度: 二〇二二' },
  S12: { from: '畅通申请渠道，依法依规答复每一件申请。', to: '（请概述依申请公开工作。）' },
  S13: { from: '畅通申请渠道，依法依规答复每一件申请。', to: `${'> '.repeat(40)}畅通申请渠道，依法依规答复每一件申请。` },
  C01: { from: '| 行政处罚 | 35 |', to: '| 行政处罚 | -35 |' },
  C02: { from: '| 行政许可 | 2680 |', to: '| 行政许可 | 2680件 |' },
  C03: { from: '| 行政处罚 | 35 |', to: '| 行政处罚 |  |' },
  C04: { from: '| 行政许可 | 2680 |', to: '| 行政许可 | 2,680 |' },
  C05: { from: '| 行政处罚 | 35 |', to: '| 行政处罚 | ? |' },
  A01: { from: row('（七）总计', [1195, 38, 5, 2, 10, 17, 1267]), to: row('（七）总计', [1196, 38, 5, 2, 10, 17, 1268]) },
  A02: { from: row('四、结转下年度继续办理', [25, 1, 0, 0, 0, 1, 27]), to: row('四、结转下年度继续办理', [26, 1, 0, 0, 0, 1, 28]) },
  A03: { from: row('（一）予以公开', [702, 20, 5, 1, 4, 10, 742]), to: row('（一）予以公开', [702, 20, 5, 1, 4, 10, 743]) },
  A04: { from: '| 行政复议 | 3 | 1 | 0 | 2 | 6 |', to: '| 行政复议 | 3 | 1 | 0 | 2 | 7 |' },
  A05: { from: '| 行政规范性文件 | 12 | 3 | 145 |', to: '| 行政规范性文件 | 12 | 3 | 8 |' },
  T01: { from: '收到政府信息公开申请1248件', to: '收到政府信息公开申请1284件' },
  T02: { from: '结转下年度继续办理27件', to: '结转下年度继续办理72件' },
  T03: { from: '行政复议6件', to: '行政复议9件' },
  T04: { from: '实施行政许可2680件', to: '实施行政许可2860件' },
  T05: { from: '全年共收到政府信息公开申请1248件，', to: '本年度未收到政府信息公开申请，' },
  D01: { from: '本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n\n', to: '' },
  D02: { from: '2022年12月31日止', to: '2022年12月30日止' },
  D03: { from: `# ${AGENCY}2022年`, to: `# ${AGENCY}2021年` },
  D04: { from: '发布日期: 2023-01-20', to: '发布日期: 2023-02-10' },
  D05: { from: '完成门户网站集约化改造。', to: '于2022年2月30日完成门户网站集约化改造。' },
  D06: { from: '统计期限自2022年1月1日', to: '统计期限自2022 年 1 月 1 日' },
  N01: { from: '本机关全年未收取信息处理费。', to: '无。' },
  N02: { year: 2020, from: '无其他需要报告的事项。', to: '本年度未收取信息处理费。' },
  N03: { from: /### （[一二三四五]）[^\n]+\n\n/g, to: '' },
  // The clean reports of 2021 and 2022 disagree across the years; "right" is 2022 made to agree with 2021.
  X01: { cross: true, from: row('二、上年结转政府信息公开申请数量', [40, 3, 0, 0, 1, 2, 46]), to: row('二、上年结转政府信息公开申请数量', [25, 1, 0, 0, 0, 1, 27]) },
  X02: { cross: true, from: '| 行政规范性文件 | 12 | 3 | 145 |', to: '| 行政规范性文件 | 12 | 3 | 154 |' },
};

/** The clean report an example changes, and the changed text ("wrong"). */
export function exampleTexts(id: string): { right: string; wrong: string; lastYear?: string } {
  const e = EXAMPLES[id];
  if (!e) throw new Error(`${id} has no example in test/tools/rule-examples.ts`);
  if ('cross' in e) {
    const wrong = baseReport(2022);
    const right = wrong.replace(e.from, e.to);
    if (right === wrong) throw new Error(`${id}: the example's change does not apply`);
    return { right, wrong, lastYear: baseReport(2021) };
  }
  const right = baseReport(e.year ?? 2022);
  const wrong = right.replace(e.from, e.to);
  if (right === wrong) throw new Error(`${id}: the example's change does not apply`);
  return { right, wrong };
}
