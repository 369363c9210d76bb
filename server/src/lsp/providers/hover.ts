/** Hover provider: on a stated cell of a 勾稽关系 (core/sums.ts), the identity term by term and whether it holds. */
import { Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import { type Locale, type NumberCell, type Report, type TableModel, type SumCode, sumCell, sumTerms, sumsAt, termLabel, termTotal, fmt } from '../../core/index.js';
import { t } from './locale.js';

export interface SumExplanation {
  /** The rule that checks the identity. */
  code: SumCode;
  cell: NumberCell;
  label: string;
  /** The terms; `sign` -1 for one taken away (A02: 四 = 一 + 二 − 三). */
  terms: { label: string; value: number; sign: 1 | -1 }[];
  computed: number;
}

/** The table cell at an offset (the space between its pipes counts). */
export function cellAt(r: Report, offset: number): { table: TableModel; cell: NumberCell } | undefined {
  for (const table of r.tables.all) {
    if (offset < table.block.span.start || offset > table.block.span.end) continue;
    for (const row of table.rows) for (const cell of row.cells.values()) if (offset >= cell.outer.start && offset <= cell.outer.end) return { table, cell };
  }
  return undefined;
}

/** The identities a cell is the stated side of (A01, A02, A03, A04), with the terms read; none with a term missing. */
export function sumsFor(r: Report, table: TableModel, cell: NumberCell): SumExplanation[] {
  const out: SumExplanation[] = [];
  for (const s of sumsAt(r, table, cell)) {
    const terms = sumTerms(s);
    const stated = sumCell(s, s.stated);
    if (!terms || !stated) continue;
    out.push({
      code: s.code,
      cell: stated,
      label: s.def.title(s.line.label),
      terms: terms.map((x) => ({ label: termLabel(s, x.cell), value: x.cell.value, sign: x.sign })),
      computed: termTotal(terms),
    });
  }
  return out;
}

/** `a 1 + b 2 − c 3 = **0**` */
function termLine(s: SumExplanation): string {
  const parts = s.terms.map((x, i) => `${i === 0 ? (x.sign < 0 ? '− ' : '') : x.sign < 0 ? ' − ' : ' + '}${x.label} ${fmt(x.value)}`);
  return parts.join('') + ` = **${fmt(s.computed)}**`;
}

export function hover(r: Report, pos: Position, locale: Locale): Hover | null {
  const hit = cellAt(r, r.lines.offset(pos));
  if (!hit) return null;
  const sums = sumsFor(r, hit.table, hit.cell);
  if (!sums.length) return null;
  const lines: string[] = [];
  for (const s of sums) {
    const stated = hit.cell.value;
    const ok = stated !== null && Math.abs(stated - s.computed) < 1e-6;
    lines.push(`**${s.label}**`, '');
    lines.push(termLine(s), '');
    lines.push(ok ? t(locale, `✓ 与填写值 ${fmt(stated!)} 一致`, `✓ matches the stated ${fmt(stated!)}`) : t(locale, `✗ 填写值为 ${stated === null ? '（无）' : fmt(stated)}`, `✗ stated ${stated === null ? '(none)' : fmt(stated)}`), '');
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: r.lines.range(hit.cell.span) };
}
