import type { Rule } from '../types.js';
import { allProse, blockDates, blockMatches } from './util.js';

const ASCII_DOC_NO = /(?<=[\u4e00-\u9fa5])[\[(（【]\s*([12]\d{3})\s*[\])）】]\s*(\d+)\s*号/;

/** D06: spaces inside a date, ASCII brackets in a 文号. */
export const rule: Rule = {
  id: 'D06',
  name: 'date-style',
  severity: 'information',
  description: { zh: '日期或文号书写不规范', en: 'Date or document number style' },
  tags: ['dates', 'style'],
  fix: 'normalise',
  docs: 'docs/rules/D06.md',
  check(r, ctx) {
    for (const b of allProse(r)) {
      for (const d of blockDates(r, b)) {
        if (!d.spaced) continue;
        const fixed = d.raw.replace(/[ \t\u3000]+/g, '');
        ctx.report({
          span: d.span,
          message: { zh: `日期“${d.raw}”中有空格，应写为“${fixed}”`, en: `Spaces inside the date "${d.raw}"; write "${fixed}"` },
          fix: { title: { zh: `改为“${fixed}”`, en: `Change to "${fixed}"` }, edits: [{ span: d.span, newText: fixed }] },
        });
      }
      for (const m of blockMatches(ASCII_DOC_NO, r, b)) {
        const fixed = `〔${m.groups[0]}〕${m.groups[1]}号`;
        ctx.report({
          span: m.span,
          message: { zh: `文号“${m.text}”应使用六角括号：“${fixed}”`, en: `Document number "${m.text}" should use 〔〕: "${fixed}"` },
          fix: { title: { zh: `改为“${fixed}”`, en: `Change to "${fixed}"` }, edits: [{ span: m.span, newText: fixed }] },
        });
      }
    }
  },
};
