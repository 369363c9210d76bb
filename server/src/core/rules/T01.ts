import type { Rule } from '../types.js';
import { checkProseNumber, fmt, val } from './util.js';

const RES = [
  /(?:收到|新收|受理|接收|接到)(?:和处理|并处理|并办理|及处理)?[^。；;，,、\d]{0,12}?申请(?:共|数量?为?|总数为?|合计)?[ \t]*(\d+)[ \t]*(?:件|次|个|份|宗)/,
  /(?:收到|新收|受理|接收|接到)(?:各类)?[ \t]*(\d+)[ \t]*(?:件|次|个|份|宗)(?:[^。；;\d]{0,10})?(?:政府信息公开|信息公开|依申请公开)申请/,
];

/** T01: prose count of applications received ≠ 表三 一、本年新收 总计. */
export const rule: Rule = {
  id: 'T01',
  name: 'text-requests',
  severity: 'warning',
  description: { zh: '正文中的申请数与表三不符', en: 'Requests received in the text differ from table 3' },
  tags: ['text-and-tables', 'table3'],
  tables: [{ kind: 't3' }],
  docs: 'docs/rules/T01.md',
  check(r, ctx) {
    const cell = val(r.tables.t3, 'new', 'total');
    checkProseNumber(r, RES, cell?.value, (n, span) => {
      ctx.report({
        span,
        message: { zh: `正文称收到申请 ${fmt(n)} 件，表三“一、本年新收”总计为 ${fmt(cell!.value!)}`, en: `The text says ${fmt(n)} requests were received; table 3 row 一 (new) totals ${fmt(cell!.value!)}` },
        related: [{ span: cell!.span, message: { zh: '表三 本年新收 总计', en: 'table 3, new requests, total' } }],
      });
    }, /复议|诉讼|信访|留言|来信|信件/);
  },
};
