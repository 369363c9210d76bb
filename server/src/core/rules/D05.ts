import type { Rule } from '../types.js';
import { allProse, blockDates, blockMatches } from './util.js';

export const MALFORMED_DAY = /(?<![\d年月０-９])(\d{5,8})日/;
const DOC_NO = /〔([^〕\n]{0,12})/;

/** D05: a date that cannot be a date, or a 文号 missing 〕/号. */
export const rule: Rule = {
  id: 'D05',
  name: 'malformed-date',
  severity: 'error',
  description: { zh: '日期或文号格式错误', en: 'Malformed date or document number' },
  tags: ['dates'],
  docs: 'docs/rules/D05.md',
  check(r, ctx) {
    const periodSpan = r.period?.span;
    for (const b of allProse(r)) {
      for (const m of blockMatches(MALFORMED_DAY, r, b)) {
        ctx.report({ span: m.span, message: { zh: `“${m.text}”不是有效日期（缺少“年”“月”）`, en: `"${m.text}" is not a valid date (年/月 missing)` } });
      }
      for (const d of blockDates(r, b)) {
        if (d.month !== undefined && d.day !== undefined && !d.valid) {
          ctx.report({ span: d.span, message: { zh: `“${d.raw}”不是有效日期`, en: `"${d.raw}" is not a real date` } });
        } else if (d.month === undefined && periodSpan && d.span.start >= periodSpan.start && d.span.end <= periodSpan.end) {
          ctx.report({ span: d.span, message: { zh: `统计期限中的“${d.raw}”缺少月、日`, en: `"${d.raw}" in the period sentence has no month and day` } });
        }
      }
      for (const m of blockMatches(DOC_NO, r, b)) {
        const rest = r.text.slice(m.span.start, b.span.end);
        if (/^〔\s*\d{4}\s*〕\s*\d+\s*号/.test(rest)) continue;
        if (!/^〔\s*\d/.test(rest)) continue;
        const len = /^〔[\d\s]*/.exec(rest)![0].length;
        const span = { start: m.span.start, end: m.span.start + len };
        ctx.report({ span, message: { zh: `文号“${rest.slice(0, len)}”不完整（应为“〔年份〕序号号”）`, en: `Document number "${rest.slice(0, len)}" is incomplete (expected 〔year〕number号)` } });
      }
    }
  },
};
