import type { Rule } from '../types.js';
import { allCells, cellName } from './util.js';

const WHY = {
  negative: { zh: '不能为负数', en: 'cannot be negative' },
  decimal: { zh: '件数应为整数', en: 'a count must be a whole number' },
  places: { zh: '金额最多保留4位小数', en: 'an amount has at most 4 decimal places' },
  text: { zh: '不是数字', en: 'is not a number' },
  several: { zh: '含有多个数字', en: 'holds more than one number' },
  'too-large': { zh: '超过 9007199254740991，不能作为件数或金额精确计算', en: 'exceeds 9007199254740991, too large to count or add exactly' },
};

/** C01: a count cell is not a non-negative integer, or an amount not a decimal with ≤ 4 places. */
export const rule: Rule = {
  id: 'C01',
  name: 'not-a-number',
  severity: 'error',
  description: { zh: '单元格不是有效数字', en: 'Cell is not a valid number' },
  tags: ['cells'],
  tables: [{ kind: 's2' }, { kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/C01.md',
  check(r, ctx) {
    for (const { cell } of allCells(r)) {
      if (cell.status !== 'invalid') continue;
      const why = WHY[cell.problem ?? 'text'];
      const n = cellName(cell);
      ctx.report({ span: cell.span, message: { zh: `${n.zh}的“${cell.raw}”${why.zh}`, en: `"${cell.raw}" in ${n.en} ${why.en}` } });
    }
  },
};
