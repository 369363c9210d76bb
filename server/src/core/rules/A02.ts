import type { Rule } from '../types.js';
import { exactSum, fmt, near, unsafe } from './util.js';
import { outcomeSum } from './A01.js';
import { sumValues, sumsOf } from '../sums.js';

/** A02: per column of 表三, 一 + 二 ≠ （七）总计 + 四 (the 勾稽关系 printed on the form; the identity is in sums.ts). */
export const rule: Rule = {
  id: 'A02',
  name: 'request-balance',
  severity: 'error',
  description: { zh: '勾稽关系不成立：第一项加第二项之和不等于第三项加第四项之和', en: 'Requests do not balance: 一 + 二 ≠ 三（七） + 四' },
  tags: ['sums', 'table3'],
  tables: [{ kind: 't3' }],
  docs: 'docs/rules/A02.md',
  check(r, ctx) {
    for (const s of sumsOf(r, 'A02')) {
      const v = sumValues(s);
      if (!v) continue;
      // The identity is 四 = 一 + 二 − 三: its added terms are the left side of the form's 一 + 二 = 三 + 四.
      const [a, b, c] = v.terms.map((t) => t.cell);
      const d = v.stated;
      const left = a.value + b.value;
      const right = c.value + d.value;
      // Past 2^53 the doubles may round two different sums to one number (or one sum to two): compare them exactly.
      const big = unsafe(left) || unsafe(right);
      const leftText = big ? exactSum([a.value, b.value]) : fmt(left);
      const rightText = big ? exactSum([c.value, d.value]) : fmt(right);
      if (big ? leftText === rightText : near(left, right)) continue;
      // A wrong （七）总计 is A01's finding; stay silent when the balance holds with the computed total.
      const o = outcomeSum(r, s.line.key);
      if (o && !near(o.computed, c.value) && near(left, o.computed + d.value)) continue;
      const col = s.line;
      ctx.report({
        span: d.span,
        message: {
          zh: `“${col.label}”列勾稽关系不成立：一、本年新收 ${fmt(a.value)} + 二、上年结转 ${fmt(b.value)} = ${leftText}，而（七）总计 ${fmt(c.value)} + 四、结转下年度继续办理 ${fmt(d.value)} = ${rightText}`,
          en: `Column "${col.label}" does not balance: new ${fmt(a.value)} + carried over ${fmt(b.value)} = ${leftText}, but total handled ${fmt(c.value)} + carried to next year ${fmt(d.value)} = ${rightText}`,
        },
        data: { computed: left - c.value, stated: d.value, terms: [a, b, c].map((x) => ({ label: x.rowLabel, value: x.value, span: x.span })) },
        related: [a, b, c].map((x) => ({ span: x.span, message: { zh: `${x.rowLabel}：${fmt(x.value)}`, en: `${x.rowLabel}: ${fmt(x.value)}` } })),
      });
    }
  },
};
