import type { Rule } from '../types.js';

export const FEE = /信息处理费|处理费/;

/** N01: Y ≥ 2021 and section 六 does not state the 信息处理费 charged. */
export const rule: Rule = {
  id: 'N01',
  name: 'fee-statement',
  severity: 'warning',
  description: { zh: '未说明信息处理费收取情况', en: 'Information processing fees not stated' },
  tags: ['content'],
  docs: 'docs/rules/N01.md',
  wholeDocument: true,
  check(r, ctx) {
    const y = r.meta.year;
    const s = r.section.get(6);
    if (y === undefined || y < 2021 || !s) return;
    const text = s.blocks.map((b) => r.text.slice(b.span.start, b.span.end)).join('\n');
    if (FEE.test(text)) return;
    ctx.report({
      span: s.heading.content,
      message: {
        zh: '第六部分应说明本年度收取信息处理费的情况（《政府信息公开信息处理费管理办法》），未收取也应写明',
        en: 'Section 六 must state the information processing fees charged (政府信息公开信息处理费管理办法), or that none were charged',
      },
    });
  },
};
