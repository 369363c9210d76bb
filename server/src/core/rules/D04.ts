import type { Rule } from '../types.js';
import { cmpDate, fmtDate } from '../dates.js';
import { lastLine } from './util.js';

/** D04: publication date on or before Y-12-31 (E), after the legal deadline (W), or missing (W). */
export const rule: Rule = {
  id: 'D04',
  name: 'publish-date',
  severity: 'error',
  description: { zh: '发布日期有误', en: 'Publication date problem' },
  tags: ['dates'],
  docs: 'docs/rules/D04.md',
  wholeDocument: true,
  check(r, ctx) {
    const y = r.meta.year;
    if (y === undefined) return;
    const p = r.meta.published;
    const gov = r.meta.kind === 'government';
    const deadline = { year: y + 1, month: gov ? 3 : 1, day: gov ? 31 : 31 };
    const dl = `${y + 1}年${deadline.month}月${deadline.day}日`;
    if (!p) {
      ctx.report({
        span: lastLine(r),
        severity: 'warning',
        message: { zh: `缺少落款日期（或元数据“发布日期”），应不晚于${dl}`, en: `No signature date (or front matter published date); it must be no later than ${y + 1}-0${deadline.month}-31` },
      });
      return;
    }
    if (!p.valid) return; // D05's
    if (cmpDate(p, { year: y, month: 12, day: 31 }) <= 0) {
      ctx.report({
        span: p.span,
        message: { zh: `发布日期${fmtDate(p)}不晚于统计年度结束（${y}年12月31日）`, en: `Publication date ${fmtDate(p)} is not after the end of the report year (${y}-12-31)` },
      });
    } else if (cmpDate(p, deadline) > 0) {
      ctx.report({
        span: p.span,
        severity: 'warning',
        message: {
          zh: `发布日期${fmtDate(p)}晚于法定期限${dl}（条例第四十九条，${gov ? '政府' : '部门'}报告）`,
          en: `Publication date ${fmtDate(p)} is after the legal deadline ${dl} (Regulations art. 49, ${gov ? 'government' : 'department'} report)`,
        },
      });
    }
  },
};
