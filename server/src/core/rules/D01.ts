import type { Rule } from '../types.js';

/** D01: no 统计期限 sentence in the preamble. */
export const rule: Rule = {
  id: 'D01',
  name: 'period-missing',
  severity: 'warning',
  description: { zh: '缺少统计期限说明', en: 'No statement of the statistical period' },
  check(r, ctx) {
    if (r.period) return;
    const y = r.meta.year;
    const span = r.title ? r.title.content : { start: 0, end: r.lines.lineEnd(0) };
    const sentence = y ? `本报告所列数据的统计期限自${y}年1月1日起至${y}年12月31日止。` : undefined;
    const at = r.title ? r.title.span.end : 0;
    ctx.report({
      span,
      message: {
        zh: `导语中缺少统计期限说明${sentence ? `，如“${sentence}”` : ''}`,
        en: `The preamble does not state the statistical period${sentence ? `, e.g. "${sentence}"` : ''}`,
      },
      fix: sentence ? { title: { zh: '插入统计期限说明', en: 'Insert the period sentence' }, edits: [{ span: { start: at, end: at }, newText: `\n\n${sentence}` }] } : undefined,
    });
  },
};
