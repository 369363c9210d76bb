/**
 * The 勾稽关系 of 表三 and 表四, each defined once, here, as data. Every identity has one stated cell and the terms
 * it must equal (`stated = Σ sign·term`):
 *
 * - A01, per column of 表三: （七）总计 = （一）予以公开 + … + （六）其他处理 (the outcome rows of the edition);
 * - A02, per column of 表三: 四、结转下年度 = 一、本年新收 + 二、上年结转 − （七）总计 (一 + 二 = 三 + 四, as the form prints it);
 * - A03, per row of 表三: 总计 = the six applicant columns;
 * - A04, per row of 表四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
 *
 * Read by the rules A01–A04 (what they check), relations.ts (which quick fixes are withheld), and the language
 * service's hover, inlay hints and code lens (what they explain and count).
 */
import type { NumberCell, Report, RowModel, TableModel } from './model.js';
import { T3_APPLICANTS, T4_COLUMNS, outcomeTerms, type Edition } from './standard.js';
import type { Text } from './types.js';
import { exactSum, fmt, near, unsafe } from './rules/util.js';

export type SumCode = 'A01' | 'A02' | 'A03' | 'A04';

export interface SumTerm {
  /** The key of the term's row (identities along a column) or column (along a row). */
  key: string;
  sign: 1 | -1;
}

/** One 勾稽关系, as the form defines it. */
export interface SumDef {
  /** The rule that checks it. */
  code: SumCode;
  table: 't3' | 't4';
  /** 'column': one identity per column, read down it; 'row': one per (non-group) row, read across it. */
  along: 'column' | 'row';
  /** The key of the stated cell: a row key along a column, a column key along a row. */
  stated: string;
  terms(edition: Edition): SumTerm[];
  /** What must hold, for the message of a withheld fix; `line` is the column's or the row's label. */
  label(line: string): Text;
  /** The heading of its explanation in a hover. */
  title(line: string): string;
}

const plus = (keys: readonly string[]): SumTerm[] => keys.map((key) => ({ key, sign: 1 }));

/** The results of 表四 that add up to its 总计. */
export const T4_RESULTS = T4_COLUMNS.map((c) => c.key).filter((k) => k !== 'total');

export const SUM_DEFS: readonly SumDef[] = [
  {
    code: 'A01',
    table: 't3',
    along: 'column',
    stated: 'total',
    terms: (e) => plus(outcomeTerms(e)),
    label: (c) => ({ zh: `“${c}”列（七）总计与（一）至（六）各项之和相等`, en: `（七）总计 equals the outcomes in column "${c}"` }),
    title: (c) => `（七）总计 · ${c}`,
  },
  {
    code: 'A02',
    table: 't3',
    along: 'column',
    stated: 'next',
    terms: () => [{ key: 'new', sign: 1 }, { key: 'carried', sign: 1 }, { key: 'total', sign: -1 }],
    label: (c) => ({ zh: `“${c}”列的勾稽关系（一加二等于三加四）`, en: `the balance of column "${c}" (一 + 二 = 三 + 四)` }),
    title: (c) => `勾稽关系（一 + 二 = 三 + 四）· ${c}`,
  },
  {
    code: 'A03',
    table: 't3',
    along: 'row',
    stated: 'total',
    terms: () => plus(T3_APPLICANTS),
    label: (r) => ({ zh: `“${r}”行总计与各类申请人之和相等`, en: `the total of row "${r}" equals its applicant columns` }),
    title: (r) => `${r} · 总计`,
  },
  {
    code: 'A04',
    table: 't4',
    along: 'row',
    stated: 'total',
    terms: () => plus(T4_RESULTS),
    label: (r) => ({ zh: `表四“${r}”总计与各项之和相等`, en: `the total of "${r}" in 表四 equals its results` }),
    title: (r) => `${r} · 总计`,
  },
];

/** The codes of the rules that check an identity of SUM_DEFS. */
export const SUM_CODES: ReadonlySet<string> = new Set(SUM_DEFS.map((d) => d.code));

/** A cell of a table by its keys. */
export interface CellKey {
  row: string;
  col: string;
}

/** One identity of one report: a definition applied to one column or one row of its table. */
export interface Sum {
  def: SumDef;
  code: SumCode;
  table: TableModel;
  /** The column (along a column) or the row (along a row) it runs along. */
  line: { key: string; label: string };
  /** Along a row: the row read (a row written twice has an identity per copy). */
  row?: RowModel;
  /** Whether this is the identity of the table's row by its key (not a second copy of a row written twice). */
  primary: boolean;
  stated: CellKey;
  terms: (CellKey & { sign: 1 | -1 })[];
  /** What must hold, for the message of a withheld fix. */
  label: Text;
}

const cache = new WeakMap<Report, Sum[]>();

/**
 * Every identity of the report's 表三 and 表四: per column A01 then A02, then A03 per row of 表三, A04 per row of 表四
 * (document order).
 */
export function sums(r: Report): Sum[] {
  let out = cache.get(r);
  if (out) return out;
  out = [];
  // Down the columns first, each column's identities together (A01 then A02), then across the rows.
  const columnDefs = SUM_DEFS.filter((d) => d.along === 'column');
  for (const kind of new Set(columnDefs.map((d) => d.table))) {
    const table = r.tables[kind];
    if (!table) continue;
    for (const c of table.colDefs) {
      for (const def of columnDefs) {
        if (def.table !== kind) continue;
        out.push({
          def, code: def.code, table, line: { key: c.key, label: c.label }, primary: true,
          stated: { row: def.stated, col: c.key },
          terms: def.terms(table.readAs).map((t) => ({ row: t.key, col: c.key, sign: t.sign })),
          label: def.label(c.label),
        });
      }
    }
  }
  for (const def of SUM_DEFS) {
    const table = r.tables[def.table];
    if (!table || def.along !== 'row') continue;
    const terms = def.terms(table.readAs);
    for (const row of table.rows) {
      const d = row.def;
      if (!d || d.group) continue;
      out.push({
        def, code: def.code, table, line: { key: d.key, label: d.label }, row, primary: table.byKey.get(d.key) === row,
        stated: { row: d.key, col: def.stated },
        terms: terms.map((t) => ({ row: d.key, col: t.key, sign: t.sign })),
        label: def.label(d.label),
      });
    }
  }
  cache.set(r, out);
  return out;
}

/** The identities a rule checks. */
export function sumsOf(r: Report, code: SumCode): Sum[] {
  return sums(r).filter((s) => s.code === code);
}

/** The cell of an identity at `key` (the row it runs along, for an identity along a row). */
export function sumCell(s: Sum, key: CellKey): NumberCell | undefined {
  const row = s.row && s.row.def?.key === key.row ? s.row : s.table.byKey.get(key.row);
  return row?.cells.get(key.col);
}

/** An identity with every cell present and readable. */
export interface SumValues {
  stated: NumberCell & { value: number };
  terms: { cell: NumberCell & { value: number }; sign: 1 | -1 }[];
  /** Σ sign·term, rounded to 1e-6. */
  computed: number;
  /** Whether the computed value is past what a double holds exactly. */
  big: boolean;
  /** The computed value as digits (exact past 2^53). */
  computedText: string;
  holds: boolean;
}

/** The term cells of an identity with their signs, or null when one is missing or unreadable. */
export function sumTerms(s: Sum): SumValues['terms'] | null {
  const terms: SumValues['terms'] = [];
  for (const t of s.terms) {
    const cell = sumCell(s, t);
    if (!cell || cell.value === null) return null;
    terms.push({ cell: cell as NumberCell & { value: number }, sign: t.sign });
  }
  return terms;
}

/** Σ sign·term, rounded to 1e-6. */
export function termTotal(terms: SumValues['terms']): number {
  return Math.round(terms.reduce((a, t) => a + t.sign * t.cell.value, 0) * 1e6) / 1e6;
}

/** The values of an identity, or null when a cell is missing or unreadable (reported elsewhere: no cascade). */
export function sumValues(s: Sum): SumValues | null {
  const stated = sumCell(s, s.stated);
  const terms = sumTerms(s);
  if (!stated || stated.value === null || !terms) return null;
  const computed = termTotal(terms);
  const big = unsafe(computed);
  const computedText = big ? exactSum(terms.map((t) => t.cell.value), terms.map((t) => t.sign)) : fmt(computed);
  return { stated: stated as NumberCell & { value: number }, terms, computed, big, computedText, holds: near(computed, stated.value) };
}

/** A term's label in a message or a hover: its row down a column, its column across a row. */
export function termLabel(s: Sum, cell: { rowLabel: string; colLabel: string }): string {
  return s.def.along === 'column' ? cell.rowLabel : cell.colLabel;
}

/** The identities whose stated cell is `cell` (by its keys, on the table's row by that key). */
export function sumsAt(r: Report, table: TableModel, cell: NumberCell): Sum[] {
  return sums(r).filter((s) => s.primary && s.table === table && s.stated.row === cell.row && s.stated.col === cell.col);
}
