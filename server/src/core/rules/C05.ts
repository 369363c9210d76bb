import type { Rule } from '../types.js';
import { allCells, cellName } from './util.js';

/**
 * C05: a cell that import could not read from the published source (written `?`, dialect §7). Not the
 * author's blank (C03): the value exists in the original and has to be copied from it. Counted as
 * missing, never as 0, so every sum through it is skipped.
 */
export const rule: Rule = {
  id: 'C05',
  name: 'import-unread',
  severity: 'warning',
  description: { zh: '导入时未能识别的单元格', en: 'A cell import could not read' },
  tags: ['cells', 'import'],
  tables: [{ kind: 's2' }, { kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/C05.md',
  check(r, ctx) {
    for (const { cell } of allCells(r)) {
      if (cell.status !== 'unread') continue;
      const n = cellName(cell);
      ctx.report({
        span: cell.span,
        message: {
          zh: `${n.zh}：导入时未能识别此单元格，请对照原件填写`,
          en: `${n.en}: import could not read this cell; copy its value from the original`,
        },
      });
    }
  },
};
