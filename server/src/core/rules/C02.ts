import type { Rule } from '../types.js';
import { allCells, cellName, fmt } from './util.js';

/** C02: a number cell carries text such as 元, 件, 批; the number is still read. */
export const rule: Rule = {
  id: 'C02',
  name: 'unit-in-cell',
  severity: 'warning',
  description: { zh: '数字单元格中含有单位或文字', en: 'Unit or text in a number cell' },
  tags: ['cells'],
  fix: 'text',
  tables: [{ kind: 's2' }, { kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/C02.md',
  check(r, ctx) {
    for (const { cell } of allCells(r)) {
      if (cell.status !== 'ok' || !cell.unit || cell.value === null) continue;
      const n = cellName(cell);
      const value = fmt(cell.value);
      const yuan = cell.wanYuan !== undefined;
      ctx.report({
        span: cell.span,
        message: yuan
          ? { zh: `${n.zh}的“${cell.raw}”以元为单位，本表单位为万元，应填 ${value}`, en: `"${cell.raw}" in ${n.en} is in 元; the table is in 万元: ${value}` }
          : { zh: `${n.zh}的“${cell.raw}”含有文字“${cell.unit}”，只应填写数字 ${value}`, en: `"${cell.raw}" in ${n.en} carries "${cell.unit}"; write the number ${value} only` },
        fix: { title: { zh: `改为 ${value}`, en: `Change to ${value}` }, edits: [{ span: cell.span, newText: value }] },
        data: { value: cell.value },
      });
    }
  },
};
