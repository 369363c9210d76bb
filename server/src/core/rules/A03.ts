import type { Rule } from '../types.js';
import { reportTotals } from './totals.js';

/** A03: per row of 表三, 总计 ≠ the sum of the six applicant columns (the identity is defined in sums.ts). */
export const rule: Rule = {
  id: 'A03',
  name: 'applicant-total',
  severity: 'error',
  description: { zh: '申请人各列之和与总计不符', en: 'Row total differs from the sum of applicant columns' },
  tags: ['sums', 'table3'],
  fix: 'value',
  tables: [{ kind: 't3' }],
  docs: 'docs/rules/A03.md',
  check(r, ctx) {
    reportTotals(r, ctx, 'A03', (stated, computed, label) => ({
      zh: `“${label}”行总计填写 ${stated}，但各类申请人之和为 ${computed}`,
      en: `Row "${label}": total is ${stated}, but the applicant columns add up to ${computed}`,
    }));
  },
};
