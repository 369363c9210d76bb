import type { Rule } from '../types.js';

/** What is left of a section's text without white space and Markdown's marks is its content. */
const MARKS = /[\s\u3000#>*_`|:-]/g;
const CONTENT = /[^\s\u3000#>*_`|:-]/;

/** S04: a section has no content; for 五 also when it is only 无 or under 10 characters. */
export const rule: Rule = {
  id: 'S04',
  name: 'empty-section',
  severity: 'warning',
  description: { zh: '部分内容为空', en: 'A section is empty' },
  tags: ['structure'],
  docs: 'docs/rules/S04.md',
  wholeDocument: true,
  check(r, ctx) {
    for (const s of r.sections) {
      if (s.no === null || r.section.get(s.no) !== s) continue;
      const content = s.blocks.filter((b) => b.kind !== 'html' || !/^<!--[\s\S]*-->$/.test(b.text.trim()));
      // Only 五's text is needed whole; elsewhere the first character of content settles it (a section can be most of the report).
      const text = s.no === 5 ? content.map((b) => r.text.slice(b.span.start, b.span.end)).join('').replace(MARKS, '') : null;
      const empty = text !== null ? text === '' : !content.some((b) => CONTENT.test(r.text.slice(b.span.start, b.span.end)));
      if (empty) {
        ctx.report({ span: s.heading.content, message: { zh: `“${s.heading.text}”下没有内容`, en: `Section "${s.heading.text}" has no content` } });
      } else if (text !== null && (text === '无' || text.length < 10)) {
        ctx.report({
          span: s.heading.content,
          message: { zh: `“${s.heading.text}”内容过少（“${text}”），应说明存在的问题及改进情况`, en: `Section "${s.heading.text}" says too little ("${text}"); it should state the problems and improvements` },
        });
      }
    }
  },
};
