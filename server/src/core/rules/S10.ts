import type { Rule } from '../types.js';
import { S2_BLOCKS, ITEM_NUMERALS } from '../standard.js';
import { tableName } from './util.js';

/** S10: a row has more or fewer cells than its header, or a section's table cannot be found. */
export const rule: Rule = {
  id: 'S10',
  name: 'table-shape',
  severity: 'error',
  description: { zh: '表格形状错误或缺少表格', en: 'Table shape wrong or table missing' },
  tags: ['structure', 'tables'],
  tables: [{ kind: 's2' }, { kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/S10.md',
  check(r, ctx) {
    for (const t of r.tables.all) {
      const width = t.block.header.cells.length;
      const name = tableName(t);
      for (const row of t.block.rows) {
        if (row.cells.length === width || row.cells.every((c) => c.text === '')) continue;
        const span = row.cells.length > width ? { start: row.cells[width].inner.start, end: row.span.end } : row.span;
        ctx.report({
          span,
          message: { zh: `${name.zh}此行有${row.cells.length}个单元格，表头有${width}个`, en: `This row of ${name.en} has ${row.cells.length} cells; the header has ${width}` },
        });
      }
    }
    const need = (no: number, has: boolean, what: { zh: string; en: string }) => {
      const s = r.section.get(no);
      if (s && !has) ctx.report({ span: s.heading.content, message: { zh: `“${s.heading.text}”下找不到${what.zh}`, en: `No ${what.en} found under "${s.heading.text}"` } });
    };
    need(3, r.tables.t3 !== null, { zh: '收到和处理政府信息公开申请情况表', en: 'table of requests received and handled' });
    need(4, r.tables.t4 !== null, { zh: '行政复议、行政诉讼情况表', en: 'table of administrative reviews and lawsuits' });
    const s2 = r.section.get(2);
    if (s2) {
      const present = new Set(r.tables.s2.map((t) => t.item));
      const editions = new Set(r.tables.s2.map((t) => t.edition ?? r.meta.edition));
      const ed = editions.size === 1 ? [...editions][0] : r.meta.edition;
      for (const b of S2_BLOCKS[ed]) {
        if (present.has(b.item)) continue;
        const h = `第二十条第（${ITEM_NUMERALS[b.item]}）项`;
        ctx.report({ span: s2.heading.content, message: { zh: `“${s2.heading.text}”下缺少“${h}”表`, en: `No table for "${h}" under "${s2.heading.text}"` }, data: { item: b.item } });
      }
    }
  },
};
