import type { Rule } from '../types.js';
import { allCells, cellName } from './util.js';

/** C04: full-width digits, thousands separators or stray spaces in a number. */
export const rule: Rule = {
  id: 'C04',
  name: 'non-ascii-digits',
  severity: 'information',
  description: { zh: '数字写法不规范（全角、千分位或空格）', en: 'Full-width digits, separators or spaces in a number' },
  tags: ['cells', 'style'],
  fix: 'normalise',
  tables: [{ kind: 's2' }, { kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/C04.md',
  check(r, ctx) {
    for (const { cell } of allCells(r)) {
      if (cell.normalised === undefined || cell.normalised === cell.raw) continue;
      const n = cellName(cell);
      ctx.report({
        span: cell.span,
        message: { zh: `${n.zh}的“${cell.raw}”应写为“${cell.normalised}”`, en: `"${cell.raw}" in ${n.en} should be written "${cell.normalised}"` },
        fix: { title: { zh: `规范为“${cell.normalised}”`, en: `Normalise to "${cell.normalised}"` }, edits: [{ span: cell.span, newText: cell.normalised }] },
      });
    }
  },
};
