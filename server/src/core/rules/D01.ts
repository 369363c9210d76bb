import type { Rule } from '../types.js';

/** D01: no 统计期限 sentence in the preamble. */
export const rule: Rule = {
  id: 'D01',
  name: 'period-missing',
  severity: 'warning',
  description: { zh: '缺少统计期限说明', en: 'No statement of the statistical period' },
  tags: ['dates'],
  fix: 'text',
  docs: 'docs/rules/D01.md',
  check(r, ctx) {
    if (r.period) return;
    const y = r.meta.year;
    const span = r.title ? r.title.content : { start: 0, end: r.lines.lineEnd(0) };
    const sentence = y ? `本报告所列数据的统计期限自${y}年1月1日起至${y}年12月31日止。` : undefined;
    const at = r.title ? r.title.span.end : 0;
    // The sentence is a paragraph of its own: a blank line after it unless one follows already (otherwise the next
    // line would continue it, and a '---' below would turn it into a heading).
    const blankFollows = /^(\r?\n[ \t]*(\r?\n|$)|$)/.test(r.text.slice(at, at + 200));
    ctx.report({
      span,
      message: {
        zh: `导语中缺少统计期限说明${sentence ? `，如“${sentence}”` : ''}`,
        en: `The preamble does not state the statistical period${sentence ? `, e.g. "${sentence}"` : ''}`,
      },
      fix: sentence ? { title: { zh: '插入统计期限说明', en: 'Insert the period sentence' }, edits: [{ span: { start: at, end: at }, newText: `\n\n${sentence}${blankFollows ? '' : '\n'}` }] } : undefined,
    });
  },
};
