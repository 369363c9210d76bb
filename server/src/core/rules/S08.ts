import type { Rule } from '../types.js';
import { tableName } from './util.js';

/** S08: standard rows present but out of standard order. */
export const rule: Rule = {
  id: 'S08',
  name: 'row-order',
  severity: 'warning',
  description: { zh: '行的顺序与标准不一致', en: 'Rows out of standard order' },
  tags: ['structure', 'tables'],
  tables: [{ kind: 's2' }, { kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/S08.md',
  check(r, ctx) {
    for (const t of r.tables.all) {
      let max = -1;
      let maxLabel = '';
      for (const row of t.rows) {
        if (!row.def) continue;
        const idx = t.rowDefs.indexOf(row.def);
        if (idx < max) {
          const name = tableName(t);
          ctx.report({ span: row.label.inner, message: { zh: `${name.zh}中“${row.def.label}”应排在“${maxLabel}”之前`, en: `In ${name.en}, "${row.def.label}" should come before "${maxLabel}"` } });
        } else {
          max = idx;
          maxLabel = row.def.label;
        }
      }
    }
  },
};
