import type { Rule } from '../types.js';
import { fmt, near, sumCells } from './util.js';

/** A04: 表四, per row: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 ≠ 总计. */
export const rule: Rule = {
  id: 'A04',
  name: 'review-total',
  severity: 'error',
  description: { zh: '行政复议、诉讼总计与各项之和不符', en: 'Review/lawsuit total differs from the sum of results' },
  check(r, ctx) {
    const t = r.tables.t4;
    if (!t) return;
    for (const row of t.rows) {
      if (!row.def) continue;
      const total = row.cells.get('total');
      const cells = ['upheld', 'corrected', 'other', 'pending'].map((k) => row.cells.get(k));
      const sum = sumCells(cells);
      if (sum === null || !total || total.value === null || near(sum, total.value)) continue;
      const computed = fmt(sum);
      ctx.report({
        span: total.span,
        message: {
          zh: `“${row.def.label}”总计填写 ${fmt(total.value)}，但结果维持、结果纠正、其他结果、尚未审结之和为 ${computed}`,
          en: `"${row.def.label}": total is ${fmt(total.value)}, but upheld + corrected + other + pending = ${computed}`,
        },
        fix: { title: { zh: `改为计算值 ${computed}`, en: `Write the computed total ${computed}` }, edits: [{ span: total.span, newText: computed }] },
        data: { computed: sum, stated: total.value, terms: cells.map((c) => ({ label: c!.colLabel, value: c!.value!, span: c!.span })) },
      });
    }
  },
};
