import type { Rule } from '../types.js';
import { matches } from './util.js';

/** N02: Y ≤ 2020 and section 六 reports 信息处理费 (the 办法 was not yet in force). */
export const rule: Rule = {
  id: 'N02',
  name: 'fee-before-2021',
  severity: 'information',
  description: { zh: '2021年前的报告提及信息处理费', en: 'Information processing fee mentioned before 2021' },
  tags: ['content'],
  docs: 'docs/rules/N02.md',
  check(r, ctx) {
    const y = r.meta.year;
    const s = r.section.get(6);
    if (y === undefined || y > 2020 || !s) return;
    for (const b of s.blocks) {
      if (b.kind !== 'paragraph' && b.kind !== 'heading') continue;
      for (const m of matches(/信息处理费/, r.text.slice(b.span.start, b.span.end), b.span.start)) {
        ctx.report({
          span: m.span,
          message: { zh: `《政府信息公开信息处理费管理办法》自2021年起施行，${y}年度报告不适用“信息处理费”`, en: `The information processing fee rules apply from 2021; a ${y} report should not report 信息处理费` },
        });
        return;
      }
    }
  },
};
