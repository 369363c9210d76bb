import type { Rule } from '../types.js';
import { tableName } from './util.js';
import { brokenBy } from '../relations.js';

/** S07: a standard row or column is missing from a table. */
export const rule: Rule = {
  id: 'S07',
  name: 'missing-row',
  severity: 'error',
  description: { zh: '表格缺少标准行或列', en: 'A standard row or column is missing' },
  tags: ['structure', 'tables'],
  fix: 'value',
  tables: [{ kind: 's2' }, { kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/S07.md',
  check(r, ctx) {
    for (const t of r.tables.all) {
      const name = tableName(t);
      for (const c of t.colDefs) {
        if (t.columns.some((col) => col.def?.key === c.key)) continue;
        ctx.report({ span: t.block.header.span, message: { zh: `${name.zh}缺少列“${c.label}”`, en: `${name.en} has no column "${c.label}"` } });
      }
      const width = t.block.header.cells.length - 1;
      t.rowDefs.forEach((def, i) => {
        if (def.group || t.byKey.has(def.key)) return;
        const after = t.rowDefs.slice(i + 1).map((d) => t.byKey.get(d.key)).find((x) => x);
        const before = t.rowDefs.slice(0, i).reverse().map((d) => t.byKey.get(d.key)).find((x) => x);
        // Zeros where they keep every sum of the table true; otherwise the row's numbers are left
        // for the writer (blank cells, each a C03 to fill in): the totals say the row is not all 0.
        const zeros = t.colDefs.map((c) => ({ table: t, row: def.key, col: c.key, value: 0 }));
        const blank = brokenBy(r, zeros) !== null;
        const line = `| ${def.label} |${(blank ? '  |' : ' 0 |').repeat(Math.max(1, width))}`;
        const anchor = after ?? before ?? null;
        const span = anchor ? anchor.label.inner : t.block.header.span;
        const edit = after
          ? { span: { start: after.span.start, end: after.span.start }, newText: `${line}\n` }
          : before
            ? { span: { start: before.span.end, end: before.span.end }, newText: `\n${line}` }
            : { span: { start: t.block.span.end, end: t.block.span.end }, newText: `\n${line}` };
        ctx.report({
          span,
          message: { zh: `${name.zh}缺少行“${def.label}”`, en: `${name.en} has no row "${def.label}"` },
          fix: {
            title: blank
              ? { zh: `插入“${def.label}”行（数字待填）`, en: `Insert row "${def.label}" (numbers to fill in)` }
              : { zh: `插入“${def.label}”行（填 0）`, en: `Insert row "${def.label}" with zeros` },
            edits: [edit],
            values: blank ? [] : zeros,
          },
          data: { missing: def.key },
        });
      });
    }
  },
};
