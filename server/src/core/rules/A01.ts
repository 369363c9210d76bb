import type { Rule } from '../types.js';
import type { Report } from '../model.js';
import { sumValues, sumsOf } from '../sums.js';
import { reportTotals } from './totals.js';

/** The A01 identity of one column of 表三 with its values, or null when a term is missing or unreadable. */
export function outcomeSum(r: Report, col: string) {
  const s = sumsOf(r, 'A01').find((x) => x.line.key === col);
  return s ? sumValues(s) : null;
}

/** A01: per column of 表三, （七）总计 ≠ the sum of the outcomes (the identity is defined in sums.ts). */
export const rule: Rule = {
  id: 'A01',
  name: 'outcome-total',
  severity: 'error',
  description: { zh: '办理结果总计与各项之和不符', en: 'Outcome total differs from the sum of outcomes' },
  tags: ['sums', 'table3'],
  fix: 'value',
  tables: [{ kind: 't3' }],
  docs: 'docs/rules/A01.md',
  check(r, ctx) {
    reportTotals(r, ctx, 'A01', (stated, computed, col) => ({
      zh: `（七）总计“${col}”列填写 ${stated}，但（一）至（六）各项之和为 ${computed}`,
      en: `（七）总计 in column "${col}" is ${stated}, but the outcomes （一）–（六） add up to ${computed}`,
    }));
  },
};
