/** What A01, A03 and A04 share: a stated total that differs from the sum of its terms (the identities of sums.ts). */
import type { Report } from '../model.js';
import type { RuleContext, Text } from '../types.js';
import { type SumCode, sumValues, sumsOf, termLabel } from '../sums.js';
import { TOO_LARGE, fmt } from './util.js';

/**
 * Reports each identity of `code` whose stated total differs from the sum of its terms, at the total, with the
 * computed value as fix (none past 2^53). Silent when a cell is missing or unreadable.
 */
export function reportTotals(r: Report, ctx: RuleContext, code: SumCode, message: (stated: string, computed: string, line: string) => Text): void {
  for (const s of sumsOf(r, code)) {
    const v = sumValues(s);
    if (!v || v.holds) continue;
    const computed = v.computedText;
    const m = message(fmt(v.stated.value), computed, s.line.label);
    ctx.report({
      span: v.stated.span,
      message: v.big ? { zh: m.zh + TOO_LARGE.zh, en: m.en + TOO_LARGE.en } : m,
      fix: v.big ? undefined : {
        title: { zh: `改为计算值 ${computed}`, en: `Write the computed total ${computed}` },
        edits: [{ span: v.stated.span, newText: computed }],
        values: [{ table: s.table, row: s.stated.row, col: s.stated.col, value: v.computed }],
      },
      data: { computed: v.computed, stated: v.stated.value, terms: v.terms.map((t) => ({ label: termLabel(s, t.cell), value: t.cell.value, span: t.cell.span })) },
    });
  }
}
