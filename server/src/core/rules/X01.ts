import type { CrossRule } from '../types.js';
import { T3_COLUMNS } from '../standard.js';
import { fmt, near, val } from './util.js';
import { previousYear } from '../cross.js';

/** X01: per column, 表三 二、上年结转 of year Y ≠ 四、结转下年度继续办理 of year Y−1. */
export const rule: CrossRule = {
  id: 'X01',
  name: 'carry-over',
  severity: 'warning',
  description: { zh: '上年结转与上一年度报告的结转下年度不符', en: 'Carried over differs from last year\'s carried to next year' },
  tags: ['cross-year', 'table3'],
  fix: 'value',
  tables: [{ kind: 't3' }],
  docs: 'docs/rules/X01.md',
  check(target, others, ctx) {
    const prev = previousYear(target, others);
    if (!prev) return;
    for (const col of T3_COLUMNS) {
      const here = val(target.report.tables.t3, 'carried', col.key);
      const there = val(prev.report.tables.t3, 'next', col.key);
      if (!here || !there || here.value === null || there.value === null || near(here.value, there.value)) continue;
      ctx.report({
        span: here.span,
        message: {
          zh: `“${col.label}”列上年结转 ${fmt(here.value)}，而${prev.report.meta.year}年度报告结转下年度继续办理为 ${fmt(there.value)}`,
          en: `Column "${col.label}": carried over ${fmt(here.value)}, but the ${prev.report.meta.year} report carried ${fmt(there.value)} to this year`,
        },
        data: { computed: there.value, stated: here.value },
        related: [{ file: prev.file, span: there.span, range: prev.report.lines.range(there.span), message: { zh: `${prev.report.meta.year}年度 结转下年度继续办理（${col.label}）`, en: `${prev.report.meta.year}: carried to next year (${col.label})` } }],
        fix: {
          title: { zh: `改为 ${fmt(there.value)}`, en: `Change to ${fmt(there.value)}` },
          edits: [{ span: here.span, newText: fmt(there.value) }],
          values: [{ table: target.report.tables.t3!, row: 'carried', col: col.key, value: there.value }],
        },
      });
    }
  },
};
