/** A realistic clean report with non-trivial numbers, for rule tests to mutate. */
import { skeleton } from '../../server/src/core/index.js';
import { T3_APPLICANTS, T3_ROWS, outcomeTerms } from '../../server/src/core/standard.js';

/** Applicant columns per row (natural, commercial, research, nonprofit, legal, other). */
const T3: Record<string, number[]> = {
  new: [1180, 36, 5, 2, 9, 16],
  carried: [40, 3, 0, 0, 1, 2],
  open: [702, 20, 5, 1, 4, 10],
  partial: [98, 5, 0, 0, 2, 0],
  refuse_1: [3, 0, 0, 0, 0, 0],
  refuse_4: [12, 0, 0, 0, 1, 0],
  refuse_5: [20, 0, 0, 0, 0, 0],
  refuse_6: [8, 0, 0, 0, 0, 0],
  unable_1: [210, 10, 0, 1, 3, 5],
  unable_2: [41, 0, 0, 0, 0, 0],
  unable_3: [17, 0, 0, 0, 0, 0],
  noprocess_1: [30, 0, 0, 0, 0, 0],
  noprocess_2: [22, 3, 0, 0, 0, 0],
  noprocess_3: [5, 0, 0, 0, 0, 0],
  noprocess_5: [2, 0, 0, 0, 0, 0],
  other_1: [20, 0, 0, 0, 0, 0],
  other_3: [5, 0, 0, 0, 0, 2],
  next: [25, 1, 0, 0, 0, 1],
};

export function t3Values(edition: 2019 | 2021 = 2021): Record<string, number> {
  const v: Record<string, number> = {};
  const rows = { ...T3 };
  if (edition === 2019) rows.other = [25, 0, 0, 0, 0, 2];
  for (const [row, cells] of Object.entries(rows)) T3_APPLICANTS.forEach((c, i) => (v[`t3.${row}.${c}`] = cells[i]));
  for (const c of T3_APPLICANTS) v[`t3.total.${c}`] = outcomeTerms(edition).reduce((s, k) => s + (v[`t3.${k}.${c}`] ?? 0), 0);
  for (const r of T3_ROWS[edition]) v[`t3.${r.key}.total`] = T3_APPLICANTS.reduce((s, c) => s + (v[`t3.${r.key}.${c}`] ?? 0), 0);
  return v;
}

export const T4 = {
  't4.review.upheld': 3, 't4.review.corrected': 1, 't4.review.other': 0, 't4.review.pending': 2, 't4.review.total': 6,
  't4.direct.upheld': 1, 't4.direct.corrected': 0, 't4.direct.other': 1, 't4.direct.pending': 1, 't4.direct.total': 3,
  't4.after.upheld': 0, 't4.after.corrected': 0, 't4.after.other': 0, 't4.after.pending': 1, 't4.after.total': 1,
};

export const S2_2021 = {
  's2.1.normative.issued': 12, 's2.1.normative.repealed': 3, 's2.1.normative.valid': 145,
  's2.5.licensing.decisions': 2680, 's2.6.penalty.decisions': 35, 's2.6.coercion.decisions': 4, 's2.8.fees.amount': '9.139',
};

export const AGENCY = '某市科学技术局';

/** Section 一 with its five blocks; `items` is the count of information published. */
export function overview(items: number): string {
  return [
    '### （一）主动公开', '', `全年主动公开政府信息${items}条，及时发布政策解读。`, '',
    '### （二）依申请公开', '', '畅通申请渠道，依法依规答复每一件申请。', '',
    '### （三）政府信息管理', '', '严格执行发布前保密审查制度。', '',
    '### （四）平台建设', '', '完成门户网站集约化改造。', '',
    '### （五）监督保障', '', '将政务公开纳入绩效考核。',
  ].join('\n');
}

/** Sections 五 and 六 of a report of `year`. */
export function closingProse(year: number): { 5: string; 6: string } {
  return {
    5: '一是公开内容还需进一步细化；二是解读形式较为单一。下一步将加强培训，丰富解读形式。',
    6: year >= 2021 ? '本机关全年未收取信息处理费。' : '无其他需要报告的事项。',
  };
}

export function baseReport(year = 2022, over: Partial<Parameters<typeof skeleton>[0]> = {}): string {
  const edition = year >= 2021 ? 2021 : 2019;
  const v = t3Values(edition);
  return skeleton({
    agency: AGENCY,
    year,
    values: { ...v, ...T4, ...(edition === 2021 ? S2_2021 : {}) },
    prose: {
      1: overview(3210),
      2: edition === 2021 ? '本年制发行政规范性文件12件，实施行政许可2680件，行政事业性收费9.139万元。' : '本年度主动公开工作有序开展。',
      3: `全年共收到政府信息公开申请${v['t3.new.total']}件，结转下年度继续办理${v['t3.next.total']}件。`,
      4: '本年度被申请行政复议6件，被提起行政诉讼4件。',
      ...closingProse(year),
    },
    ...over,
  });
}

/**
 * A city-level report with five- and six-digit figures in every cell of every table (table 三's totals reach six and
 * seven digits), every sum holding: what PDF export must print without wrapping a figure (issue 13, bug 9).
 */
export function bigFiguresReport(year = 2022): string {
  const edition = year >= 2021 ? 2021 : 2019;
  const v: Record<string, number | string> = {};
  const outcomes = outcomeTerms(edition);
  T3_APPLICANTS.forEach((c, j) => {
    outcomes.forEach((k, i) => (v[`t3.${k}.${c}`] = 10000 + ((i * 7919 + j * 3571) % 89999)));
    v[`t3.${outcomes[0]}.natural`] = 13364; // the figure that printed as 1336 over 4
    v[`t3.carried.${c}`] = 20000 + j * 1111;
    v[`t3.next.${c}`] = 30000 + j * 2222;
    v[`t3.total.${c}`] = outcomes.reduce((s, k) => s + Number(v[`t3.${k}.${c}`]), 0);
    v[`t3.new.${c}`] = Number(v[`t3.total.${c}`]) + Number(v[`t3.next.${c}`]) - Number(v[`t3.carried.${c}`]);
  });
  for (const r of T3_ROWS[edition]) if (!r.group) v[`t3.${r.key}.total`] = T3_APPLICANTS.reduce((s, c) => s + Number(v[`t3.${r.key}.${c}`]), 0);
  const parts = ['upheld', 'corrected', 'other', 'pending'];
  ['review', 'direct', 'after'].forEach((row, i) => {
    parts.forEach((p, j) => (v[`t4.${row}.${p}`] = 10000 + i * 31337 + j * 21001));
    v[`t4.${row}.total`] = parts.reduce((s, p) => s + Number(v[`t4.${row}.${p}`]), 0);
  });
  Object.assign(v, { 's2.1.rules.issued': 12345, 's2.1.rules.repealed': 10234, 's2.1.rules.valid': 234567, 's2.1.normative.issued': 54321, 's2.1.normative.repealed': 12345, 's2.1.normative.valid': 987654, 's2.5.licensing.decisions': 456789, 's2.6.penalty.decisions': 123456, 's2.6.coercion.decisions': 65432, 's2.8.fees.amount': '12345.6789' });
  return skeleton({
    agency: '某市人民政府',
    year,
    kind: '政府',
    published: `${year + 1}-03-20`,
    values: v,
    prose: {
      1: overview(123456),
      2: '本年度主动公开工作有序开展。',
      3: `全年共收到政府信息公开申请${v['t3.new.total']}件，结转下年度继续办理${v['t3.next.total']}件。`,
      4: '本年度行政复议、行政诉讼情况见下表。',
      ...closingProse(year),
    },
  });
}
