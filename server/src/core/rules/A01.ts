import type { Rule } from '../types.js';
import { T3_COLUMNS, outcomeTerms } from '../standard.js';
import { TOO_LARGE, exactSum, fmt, near, sumCells, unsafe, val } from './util.js';
import type { Report } from '../model.js';

/** The A01 sum for one column of 表三, or null when a term is missing or unreadable. */
export function outcomeSum(r: Report, col: string) {
  const t = r.tables.t3;
  if (!t) return null;
  const keys = outcomeTerms(t.readAs);
  const cells = keys.map((k) => val(t, k, col));
  const total = val(t, 'total', col);
  const sum = sumCells(cells);
  if (sum === null || !total || total.value === null) return null;
  return { sum, total, cells: cells.map((c) => c!) };
}

/** A01: per column of 表三, （七）总计 ≠ the sum of the outcomes. */
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
    for (const col of T3_COLUMNS) {
      const s = outcomeSum(r, col.key);
      if (!s || near(s.sum, s.total.value!)) continue;
      const big = unsafe(s.sum);
      const computed = big ? exactSum(s.cells.map((c) => c.value!)) : fmt(s.sum);
      const more = big ? TOO_LARGE : { zh: '', en: '' };
      ctx.report({
        span: s.total.span,
        message: {
          zh: `（七）总计“${col.label}”列填写 ${fmt(s.total.value!)}，但（一）至（六）各项之和为 ${computed}${more.zh}`,
          en: `（七）总计 in column "${col.label}" is ${fmt(s.total.value!)}, but the outcomes （一）–（六） add up to ${computed}${more.en}`,
        },
        fix: big ? undefined : {
          title: { zh: `改为计算值 ${computed}`, en: `Write the computed total ${computed}` },
          edits: [{ span: s.total.span, newText: computed }],
          values: [{ table: r.tables.t3!, row: 'total', col: col.key, value: s.sum }],
        },
        data: { computed: s.sum, stated: s.total.value!, terms: s.cells.map((c) => ({ label: c.rowLabel, value: c.value!, span: c.span })) },
      });
    }
  },
};
