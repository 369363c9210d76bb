import type { Rule } from '../types.js';
import { reportTotals } from './totals.js';

/** A04: 表四, per row: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 ≠ 总计 (the identity is defined in sums.ts). */
export const rule: Rule = {
  id: 'A04',
  name: 'review-total',
  severity: 'error',
  description: { zh: '行政复议、诉讼总计与各项之和不符', en: 'Review/lawsuit total differs from the sum of results' },
  tags: ['sums', 'table4'],
  fix: 'value',
  tables: [{ kind: 't4' }],
  docs: 'docs/rules/A04.md',
  check(r, ctx) {
    reportTotals(r, ctx, 'A04', (stated, computed, label) => ({
      zh: `“${label}”总计填写 ${stated}，但结果维持、结果纠正、其他结果、尚未审结之和为 ${computed}`,
      en: `"${label}": total is ${stated}, but upheld + corrected + other + pending = ${computed}`,
    }));
  },
};
