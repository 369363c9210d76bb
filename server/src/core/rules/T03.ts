import type { Rule } from '../types.js';
import { checkProseNumber, fmt, val } from './util.js';

const REVIEW = [/(?:行政复议|复议)(?:案件|申请)?(?:共|为)?[ \t]*(\d+)[ \t]*(?:件|起|宗|次)/];
const SUIT = [/(?:行政诉讼|诉讼)(?:案件)?(?:共|为)?[ \t]*(\d+)[ \t]*(?:件|起|宗|次)/];

/** T03: prose count of 行政复议 / 行政诉讼 ≠ 表四 totals (诉讼 = 直接起诉 + 复议后起诉). */
export const rule: Rule = {
  id: 'T03',
  name: 'text-review',
  severity: 'warning',
  description: { zh: '正文中的复议、诉讼数与表四不符', en: 'Review/lawsuit counts in the text differ from table 4' },
  tags: ['text-and-tables', 'table4'],
  tables: [{ kind: 't4' }],
  docs: 'docs/rules/T03.md',
  check(r, ctx) {
    const t = r.tables.t4;
    const review = val(t, 'review', 'total');
    checkProseNumber(r, REVIEW, review?.value, (n, span) =>
      ctx.report({ span, message: { zh: `正文称行政复议 ${fmt(n)} 件，表四行政复议总计为 ${fmt(review!.value!)}`, en: `The text says ${fmt(n)} administrative reviews; table 4 says ${fmt(review!.value!)}` } }),
      /复议后起诉/,
    );
    const d = val(t, 'direct', 'total');
    const a = val(t, 'after', 'total');
    const suits = d?.value != null && a?.value != null ? d.value + a.value : null;
    checkProseNumber(r, SUIT, suits, (n, span) =>
      ctx.report({ span, message: { zh: `正文称行政诉讼 ${fmt(n)} 件，表四行政诉讼总计为 ${fmt(suits!)}`, en: `The text says ${fmt(n)} lawsuits; table 4 says ${fmt(suits!)}` } }),
    );
  },
};
