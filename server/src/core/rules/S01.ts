import type { Rule } from '../types.js';
import { SECTIONS } from '../standard.js';
import { lastLine } from './util.js';

/** S01: one of the six sections is absent. */
export const rule: Rule = {
  id: 'S01',
  name: 'missing-section',
  severity: 'error',
  description: { zh: '缺少六个部分之一', en: 'One of the six sections is missing' },
  tags: ['structure'],
  fix: 'text',
  docs: 'docs/rules/S01.md',
  wholeDocument: true,
  check(r, ctx) {
    for (const def of SECTIONS) {
      if (r.section.has(def.no)) continue;
      const next = r.sections.find((s) => s.no !== null && s.no > def.no);
      const span = next ? next.heading.content : lastLine(r);
      const before = next ? next.heading.span.start : r.text.length;
      const insert = next ? `## ${def.heading}\n\n` : `${r.text.endsWith('\n') ? '\n' : '\n\n'}## ${def.heading}\n`;
      ctx.report({
        span,
        message: { zh: `缺少第${def.heading.slice(0, 1)}部分“${def.heading}”`, en: `Section ${def.no} "${def.heading}" is missing` },
        fix: { title: { zh: `插入“${def.heading}”`, en: `Insert "${def.heading}"` }, edits: [{ span: { start: before, end: before }, newText: insert }] },
      });
    }
  },
};
