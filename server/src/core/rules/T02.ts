import type { Rule } from '../types.js';
import { checkProseNumber, fmt, val } from './util.js';

const RES = [
  /结转(?:至|到)?下(?:一)?年度?(?:继续)?(?:办理)?(?:的)?(?:申请)?(?:共|为)?[ \t]*(\d+)[ \t]*(?:件|个)/,
  /(?<!\d)(\d+)[ \t]*件[^。；;，,\d]{0,8}?结转(?:至|到)?下(?:一)?年/,
];

/** T02: prose count carried to next year ≠ 表三 四 总计. */
export const rule: Rule = {
  id: 'T02',
  name: 'text-carried',
  severity: 'warning',
  description: { zh: '正文中的结转数与表三不符', en: 'Carried-over count in the text differs from table 3' },
  tags: ['text-and-tables', 'table3'],
  tables: [{ kind: 't3' }],
  docs: 'docs/rules/T02.md',
  check(r, ctx) {
    const cell = val(r.tables.t3, 'next', 'total');
    checkProseNumber(r, RES, cell?.value, (n, span) => {
      ctx.report({
        span,
        message: { zh: `正文称结转下年度 ${fmt(n)} 件，表三“四、结转下年度继续办理”总计为 ${fmt(cell!.value!)}`, en: `The text says ${fmt(n)} carried to next year; table 3 row 四 totals ${fmt(cell!.value!)}` },
        related: [{ span: cell!.span, message: { zh: '表三 结转下年度 总计', en: 'table 3, carried to next year, total' } }],
      });
    });
  },
};
