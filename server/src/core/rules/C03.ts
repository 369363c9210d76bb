import type { Rule } from '../types.js';
import { allCells, cellName } from './util.js';

/** C03: a data cell is blank, `/`, `-` or `—`; the form expects 0. */
export const rule: Rule = {
  id: 'C03',
  name: 'blank-cell',
  severity: 'warning',
  description: { zh: '数据单元格为空', en: 'Blank data cell' },
  tags: ['cells'],
  fix: 'value',
  tables: [{ kind: 's2' }, { kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/C03.md',
  check(r, ctx) {
    for (const { t, cell } of allCells(r)) {
      if (cell.status !== 'blank') continue;
      const n = cellName(cell);
      const what = cell.raw === '' ? { zh: '为空', en: 'is blank' } : { zh: `填写为“${cell.raw}”`, en: `reads "${cell.raw}"` };
      const span = cell.raw === '' ? cell.outer : cell.span;
      ctx.report({
        span,
        message: { zh: `${n.zh}${what.zh}，没有数据时应填 0`, en: `${n.en} ${what.en}; write 0 when there is nothing to report` },
        fix: { title: { zh: '填入 0', en: 'Fill in 0' }, edits: [{ span, newText: cell.raw === '' ? ' 0 ' : '0' }], values: [{ table: t, row: cell.row, col: cell.col, value: 0 }] },
      });
    }
  },
};
