import type { Rule } from '../types.js';
import { fmEntry } from '../model.js';

/** S05: the tables are of the other edition than the year calls for, or they mix editions. */
export const rule: Rule = {
  id: 'S05',
  name: 'template-mismatch',
  severity: 'error',
  description: { zh: '表格格式版本与年度不符', en: 'Tables of the wrong template edition' },
  tags: ['structure', 'tables'],
  fix: 'text',
  tables: [{ kind: 's2' }, { kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/S05.md',
  check(r, ctx) {
    const expected = r.meta.edition;
    const tpl = fmEntry(r, 'template');
    if (tpl && r.meta.editionSource === 'year') {
      const v = Number(String(tpl.value));
      if ((v === 2019 || v === 2021) && v !== expected) {
        ctx.report({
          span: tpl.valueSpan,
          message: { zh: `${r.meta.year}年度报告应使用${expected}版格式，而不是${v}版`, en: `A ${r.meta.year} report must use the ${expected} edition, not ${v}` },
          fix: { title: { zh: `改为${expected}`, en: `Change to ${expected}` }, edits: [{ span: tpl.valueSpan, newText: String(expected) }] },
        });
      }
    }
    const why = r.meta.editionSource === 'year' ? { zh: `${r.meta.year}年度应使用`, en: `year ${r.meta.year} calls for` } : { zh: '其他表格为', en: 'the other tables are' };
    for (const t of r.tables.all) {
      if (t.edition === null || t.edition === expected) continue;
      ctx.report({
        span: t.block.header.span,
        message: {
          zh: `此表为${t.edition}版格式（国办公开办函〔${t.edition === 2019 ? '2019〕60号' : '2021〕30号'}），${why.zh}${expected}版格式`,
          en: `This table is of the ${t.edition} edition; ${why.en} the ${expected} edition`,
        },
        data: { found: t.edition, expected },
      });
    }
  },
};
