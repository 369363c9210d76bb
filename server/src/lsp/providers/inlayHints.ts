/** Inlay hints provider: beside a stated cell of a 勾稽关系 (core/sums.ts) that disagrees, the value its terms give. */
import { InlayHint, Range } from 'vscode-languageserver/node';
import { type Analysis, type Locale, SUM_CODES, fmt } from '../../core/index.js';
import { t } from './locale.js';

export function inlayHints(a: Analysis, range: Range, locale: Locale): InlayHint[] {
  const out: InlayHint[] = [];
  for (const f of a.findings) {
    if (!SUM_CODES.has(f.code) || typeof f.data?.computed !== 'number') continue;
    if (f.range.end.line < range.start.line || f.range.start.line > range.end.line) continue;
    out.push({
      position: f.range.end,
      label: t(locale, ` ≠ ${fmt(f.data.computed)}`, ` ≠ ${fmt(f.data.computed)}`),
      paddingLeft: true,
      tooltip: t(locale, `按勾稽关系计算应为 ${fmt(f.data.computed)}`, `The sum of its terms is ${fmt(f.data.computed)}`),
    });
  }
  return out;
}
