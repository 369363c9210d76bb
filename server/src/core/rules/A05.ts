import type { Rule } from '../types.js';
import { fmt } from './util.js';

/** A05: 2021 表二（一）: 现行有效件数 < 本年制发件数 − 本年废止件数 for a row. */
export const rule: Rule = {
  id: 'A05',
  name: 'valid-documents',
  severity: 'warning',
  description: { zh: '现行有效件数少于本年制发减废止件数', en: 'Valid documents fewer than issued minus repealed' },
  tags: ['sums', 'table2'],
  tables: [{ kind: 's2', item: 1, edition: 2021 }],
  docs: 'docs/rules/A05.md',
  check(r, ctx) {
    for (const t of r.tables.s2) {
      if (t.item !== 1 || t.readAs !== 2021) continue;
      for (const row of t.rows) {
        const [issued, repealed, valid] = ['issued', 'repealed', 'valid'].map((k) => row.cells.get(k));
        if (!row.def || !issued || !repealed || !valid || issued.value === null || repealed.value === null || valid.value === null) continue;
        const min = issued.value - repealed.value;
        if (valid.value >= min) continue;
        ctx.report({
          span: valid.span,
          message: {
            zh: `“${row.def.label}”现行有效件数 ${fmt(valid.value)} 少于本年制发 ${fmt(issued.value)} 减本年废止 ${fmt(repealed.value)}（${fmt(min)}）`,
            en: `"${row.def.label}": ${fmt(valid.value)} valid documents, fewer than issued ${fmt(issued.value)} − repealed ${fmt(repealed.value)} (${fmt(min)})`,
          },
          data: { computed: min, stated: valid.value },
        });
      }
    }
  },
};
