import type { Rule } from '../types.js';
import { T3_APPLICANTS } from '../standard.js';
import { fmt, near, sumCells } from './util.js';

/** A03: per row of 表三, 总计 ≠ the sum of the six applicant columns. */
export const rule: Rule = {
  id: 'A03',
  name: 'applicant-total',
  severity: 'error',
  description: { zh: '申请人各列之和与总计不符', en: 'Row total differs from the sum of applicant columns' },
  check(r, ctx) {
    const t = r.tables.t3;
    if (!t) return;
    for (const row of t.rows) {
      if (!row.def || row.def.group) continue;
      const total = row.cells.get('total');
      const cells = T3_APPLICANTS.map((k) => row.cells.get(k));
      const sum = sumCells(cells);
      if (sum === null || !total || total.value === null || near(sum, total.value)) continue;
      const computed = fmt(sum);
      ctx.report({
        span: total.span,
        message: {
          zh: `“${row.def.label}”行总计填写 ${fmt(total.value)}，但各类申请人之和为 ${computed}`,
          en: `Row "${row.def.label}": total is ${fmt(total.value)}, but the applicant columns add up to ${computed}`,
        },
        fix: { title: { zh: `改为计算值 ${computed}`, en: `Write the computed total ${computed}` }, edits: [{ span: total.span, newText: computed }] },
        data: { computed: sum, stated: total.value, terms: cells.map((c) => ({ label: c!.colLabel, value: c!.value!, span: c!.span })) },
      });
    }
  },
};
