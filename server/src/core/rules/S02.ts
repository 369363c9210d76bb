import type { Rule } from '../types.js';
import { CN_NUMERALS } from '../text.js';

/** S02: sections out of order, duplicated, or misnumbered. */
export const rule: Rule = {
  id: 'S02',
  name: 'section-order',
  severity: 'error',
  description: { zh: '部分顺序错乱、重复或编号错误', en: 'Sections out of order, duplicated or misnumbered' },
  tags: ['structure'],
  fix: 'text',
  docs: 'docs/rules/S02.md',
  check(r, ctx) {
    let maxNo = 0;
    const seen = new Set<number>();
    for (const s of r.sections) {
      if (s.no === null) continue;
      const heading = s.def!.heading;
      if (seen.has(s.no)) {
        ctx.report({ span: s.heading.content, message: { zh: `第${CN_NUMERALS[s.no]}部分重复出现：“${s.heading.text}”`, en: `Section ${s.no} appears twice: "${s.heading.text}"` } });
        continue;
      }
      seen.add(s.no);
      if (s.no < maxNo) {
        ctx.report({ span: s.heading.content, message: { zh: `“${heading}”应在第${CN_NUMERALS[maxNo]}部分之前`, en: `"${heading}" should come before section ${maxNo}` } });
      } else if (s.numeral !== undefined && s.numeral !== s.no) {
        ctx.report({
          span: s.numeralSpan ?? s.heading.content,
          message: { zh: `“${s.heading.text}”的编号应为“${CN_NUMERALS[s.no]}、”`, en: `"${s.heading.text}" should be numbered ${CN_NUMERALS[s.no]}、 (section ${s.no})` },
          fix: { title: { zh: `改为“${CN_NUMERALS[s.no]}、”`, en: `Number it ${CN_NUMERALS[s.no]}、` }, edits: [{ span: s.numeralSpan!, newText: `${CN_NUMERALS[s.no]}、` }] },
        });
      }
      maxNo = Math.max(maxNo, s.no);
    }
  },
};
