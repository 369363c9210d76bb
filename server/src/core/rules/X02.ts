import type { CrossRule } from '../types.js';
import { exactSum, fmt, near, unsafe } from './util.js';
import { previousYear } from '../cross.js';

/** X02: 表二（一） 现行有效件数(Y) ≠ 现行有效件数(Y−1) + 本年制发件数(Y) − 本年废止件数(Y), both 2021 edition. */
export const rule: CrossRule = {
  id: 'X02',
  name: 'valid-continuity',
  severity: 'warning',
  description: { zh: '现行有效件数与上一年度不衔接', en: 'Valid documents do not follow from last year' },
  tags: ['cross-year', 'table2'],
  tables: [{ kind: 's2', item: 1, edition: 2021 }],
  docs: 'docs/rules/X02.md',
  check(target, others, ctx) {
    const prev = previousYear(target, others);
    if (!prev) return;
    const here = target.report.tables.s2.find((t) => t.item === 1 && t.readAs === 2021);
    const there = prev.report.tables.s2.find((t) => t.item === 1 && t.readAs === 2021);
    if (!here || !there) return;
    for (const row of here.rows) {
      if (!row.def) continue;
      const [issued, repealed, valid] = ['issued', 'repealed', 'valid'].map((k) => row.cells.get(k));
      const last = there.byKey.get(row.def.key)?.cells.get('valid');
      if (!issued || !repealed || !valid || !last || [issued, repealed, valid, last].some((c) => c.value === null)) continue;
      const expected = last.value! + issued.value! - repealed.value!;
      const big = unsafe(last.value! + issued.value!);
      const expectedText = big ? exactSum([last.value!, issued.value!, repealed.value!], [1, 1, -1]) : fmt(expected);
      if (big ? expectedText === exactSum([valid.value!]) : near(expected, valid.value!)) continue;
      ctx.report({
        span: valid.span,
        message: {
          zh: `“${row.def.label}”现行有效件数 ${fmt(valid.value!)}，按上年 ${fmt(last.value!)} + 本年制发 ${fmt(issued.value!)} − 本年废止 ${fmt(repealed.value!)} 应为 ${expectedText}`,
          en: `"${row.def.label}": ${fmt(valid.value!)} valid, but last year's ${fmt(last.value!)} + issued ${fmt(issued.value!)} − repealed ${fmt(repealed.value!)} = ${expectedText}`,
        },
        data: { computed: expected, stated: valid.value! },
        related: [{ file: prev.file, span: last.span, range: prev.report.lines.range(last.span), message: { zh: `${prev.report.meta.year}年度 现行有效件数`, en: `${prev.report.meta.year}: valid documents` } }],
      });
    }
  },
};
