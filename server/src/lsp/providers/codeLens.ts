/**
 * Code lens provider: above each table that rules tagged 'sums' read (their `tables` metadata), whether its
 * 勾稽关系 hold, or how many do not (the first revealed on a click).
 */
import { CodeLens } from 'vscode-languageserver/node';
import { type Analysis, type Locale, covers, rulesTagged } from '../../core/index.js';
import { t } from './locale.js';

const SUM_RULES = rulesTagged('sums');

export function codeLenses(a: Analysis, locale: Locale): CodeLens[] {
  const r = a.report;
  const lenses: CodeLens[] = [];
  for (const table of r.tables.all) {
    const codes = new Set(SUM_RULES.filter((rule) => covers(rule, table)).map((rule) => rule.id));
    if (!codes.size) continue;
    const bad = a.findings.filter((f) => codes.has(f.code) && f.span.start >= table.block.span.start && f.span.end <= table.block.span.end);
    const title = bad.length === 0 ? t(locale, '勾稽关系 ✓', 'Totals ✓') : t(locale, `${bad.length} 处不一致`, `${bad.length} inconsistenc${bad.length === 1 ? 'y' : 'ies'}`);
    const pos = r.lines.position(table.block.span.start);
    lenses.push({
      range: { start: pos, end: pos },
      command: bad.length
        ? { title, command: 'xxgk.revealRange', arguments: [r.lines.range(bad[0].span)] }
        : { title, command: '' },
    });
  }
  return lenses;
}
