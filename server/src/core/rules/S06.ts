import type { Rule } from '../types.js';
import { tableName } from './util.js';

/** S06: a row or column label matches no standard label; suggests the nearest one. */
export const rule: Rule = {
  id: 'S06',
  name: 'unknown-label',
  severity: 'warning',
  description: { zh: '行或列标签不是标准标签', en: 'A row or column label is not a standard label' },
  tags: ['structure', 'tables'],
  fix: 'text',
  tables: [{ kind: 's2' }, { kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/S06.md',
  check(r, ctx) {
    for (const t of r.tables.all) {
      const name = tableName(t);
      const items = [
        ...t.columns.map((c) => ({ kind: { zh: '列', en: 'column' }, cell: c.cell, quality: c.quality, suggestion: c.suggestion })),
        ...t.rows.map((row) => ({ kind: { zh: '行', en: 'row' }, cell: row.label, quality: row.quality, suggestion: row.suggestion })),
      ];
      for (const it of items) {
        if (it.quality !== 'near' && it.quality !== 'none') continue;
        if (it.cell.text.trim() === '') continue;
        const s = it.suggestion;
        ctx.report({
          span: it.cell.inner,
          message: s
            ? { zh: `${name.zh}中的${it.kind.zh}标签“${it.cell.text}”不是标准标签，是否应为“${s.label}”？`, en: `${it.kind.en} label "${it.cell.text}" in ${name.en} is not standard; did you mean "${s.label}"?` }
            : { zh: `${name.zh}中的${it.kind.zh}标签“${it.cell.text}”不是标准标签`, en: `${it.kind.en} label "${it.cell.text}" in ${name.en} is not a standard label` },
          fix: s ? { title: { zh: `改为“${s.label}”`, en: `Change to "${s.label}"` }, edits: [{ span: it.cell.inner, newText: s.label }] } : undefined,
          data: { suggestion: s?.label },
        });
      }
    }
  },
};
