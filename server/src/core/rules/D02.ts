import type { Rule } from '../types.js';
import { MALFORMED_DAY } from './D05.js';

/** D02: the 统计期限 is not Y-01-01 to Y-12-31. */
export const rule: Rule = {
  id: 'D02',
  name: 'period-range',
  severity: 'error',
  description: { zh: '统计期限不是本年度1月1日至12月31日', en: 'Statistical period is not 1 January to 31 December of the year' },
  tags: ['dates'],
  fix: 'text',
  docs: 'docs/rules/D02.md',
  check(r, ctx) {
    const p = r.period;
    const y = r.meta.year;
    if (!p || y === undefined) return;
    const full = p.dates.filter((d) => d.month !== undefined && d.day !== undefined);
    // Malformed or partial dates are D05's; without two readable dates there is no range to check.
    if (full.length < 2 || full.some((d) => !d.valid) || p.dates.length !== full.length || MALFORMED_DAY.test(p.text)) return;
    const [a, b] = [full[0], full[full.length - 1]];
    const ok = a.year === y && a.month === 1 && a.day === 1 && b.year === y && b.month === 12 && b.day === 31;
    if (ok) return;
    const right = `本报告所列数据的统计期限自${y}年1月1日起至${y}年12月31日止。`;
    const what = a.year !== y || b.year !== y ? { zh: '年度不符', en: 'wrong year' } : { zh: '起止日期不对', en: 'wrong start or end day' };
    ctx.report({
      span: { start: a.span.start, end: b.span.end },
      message: {
        zh: `统计期限应为${y}年1月1日至${y}年12月31日（${what.zh}）：“${a.raw}”至“${b.raw}”`,
        en: `The period must run from ${y}-01-01 to ${y}-12-31 (${what.en}): "${a.raw}" to "${b.raw}"`,
      },
      fix: { title: { zh: '改为标准统计期限说明', en: 'Use the standard period sentence' }, edits: [{ span: p.span, newText: right }] },
    });
  },
};
