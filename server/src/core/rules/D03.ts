import type { Rule } from '../types.js';
import { fmEntry } from '../model.js';
import { blockMatches, proseBlocks } from './util.js';

const LEAD_YEAR = /(?:^|[。；！？!?]\s*)([12]\d{3})[ \t\u3000]*年(?![ \t\u3000]*\d{1,2}[ \t\u3000]*月)(?!以来|至今|起|以前|之前|同比|相比|比|底|末|初)/;

/** D03: the title year and 年度 disagree, or prose in 一–四 reports this year's work under another year. */
export const rule: Rule = {
  id: 'D03',
  name: 'year-mismatch',
  severity: 'error',
  description: { zh: '年度不一致', en: 'Years disagree' },
  tags: ['dates'],
  fix: 'text',
  docs: 'docs/rules/D03.md',
  check(r, ctx) {
    const y = r.meta.year;
    if (y === undefined) return;
    const fy = fmEntry(r, 'year');
    if (fy && r.meta.yearSource === 'frontmatter' && r.title?.year !== undefined && r.title.year !== y && r.title.yearSpan) {
      ctx.report({
        span: r.title.yearSpan,
        message: { zh: `标题年度 ${r.title.year} 与元数据“年度: ${y}”不一致`, en: `Title year ${r.title.year} disagrees with front matter year ${y}` },
        fix: { title: { zh: `改为 ${y}`, en: `Change to ${y}` }, edits: [{ span: r.title.yearSpan, newText: String(y) }] },
      });
    }
    for (const no of [1, 2, 3, 4]) {
      for (const b of proseBlocks(r.section.get(no))) {
        for (const m of blockMatches(LEAD_YEAR, r, b)) {
          const year = Number(m.groups[0]);
          if (year === y) continue;
          const i = m.text.indexOf(m.groups[0]!);
          const span = { start: m.span.start + i, end: m.span.start + i + 4 };
          ctx.report({
            span,
            message: { zh: `这里写的是${year}年，本报告是${y}年度报告`, en: `This says ${year}; the report is for ${y}` },
            fix: { title: { zh: `改为 ${y}`, en: `Change to ${y}` }, edits: [{ span, newText: String(y) }] },
          });
        }
      }
    }
  },
};
