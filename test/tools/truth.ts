/**
 * Real published reports against their truth (../shared/real/truth/<file>.json, see its README):
 * an import of each is read back by the core and compared cell by cell (表三 and 表四), with its
 * metadata, and its findings split into true (listed in `true_findings`) and false ones. Used by
 * `npm run import:recovery` and by the tests of import on real reports.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../server/src/core/model.js';
import type { Finding } from '../../server/src/core/types.js';
import { T3_COLUMNS, T4_COLUMNS, T4_ROWS } from '../../server/src/core/standard.js';

export interface Truth {
  file: string;
  agency: string;
  year: number;
  edition: 2019 | 2021;
  kind: '政府' | '部门';
  published: string | null;
  shape: string;
  table3: Record<string, (number | null)[]>;
  table4: (number | null)[];
  table4_cells: string[];
  real_errors: { rule: string; group?: string; row?: string; column?: string; computed: number; stated: number }[];
  true_findings: Record<string, string>;
  notes?: string;
}

/** The real reports and their truth, when ../shared/real is there (it is outside the repository). */
export function realDir(root: string): string | null {
  const d = join(root, '..', 'shared', 'real');
  return existsSync(join(d, 'truth')) ? d : null;
}

export function loadTruths(dir: string): Truth[] {
  return readdirSync(join(dir, 'truth'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, 'truth', f), 'utf8')) as Truth);
}

/** The row key of the core's 表三 for a row name of the truth files. */
export function truthRowKey(name: string): string | null {
  if (name.startsWith('一、')) return 'new';
  if (name.startsWith('二、')) return 'carried';
  if (name.startsWith('四、')) return 'next';
  if (name.startsWith('（一）')) return 'open';
  if (name.startsWith('（二）')) return 'partial';
  if (name.startsWith('（七）')) return 'total';
  if (name === '（六）其他处理（单行）') return 'other';
  const m = /^（([三四五六])）(\d)\./.exec(name);
  if (!m) return null;
  const group = { 三: 'refuse', 四: 'unable', 五: 'noprocess', 六: 'other' }[m[1]];
  return `${group}_${m[2]}`;
}

/** Every 表三/表四 cell of the truth: `t3.new.natural` → 2 (null where the published cell is blank). */
export function truthCells(t: Truth): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const [name, values] of Object.entries(t.table3)) {
    const row = truthRowKey(name);
    if (!row) throw new Error(`${t.file}: unknown 表三 row ${name}`);
    values.forEach((v, i) => out.set(`t3.${row}.${T3_COLUMNS[i].key}`, v));
  }
  t.table4.forEach((v, i) => out.set(`t4.${T4_ROWS[Math.floor(i / 5)].key}.${T4_COLUMNS[i % 5].key}`, v));
  return out;
}

export interface CellResult {
  key: string;
  expected: number | null;
  got: string | null;
}

export interface TruthComparison {
  cells: number;
  right: number;
  wrong: CellResult[];
  /** Cells the import left unread (`?`) or blank, or that are not there at all. */
  unread: CellResult[];
  sections: number;
  agency: { got?: string; right: boolean };
  year: { got?: number; right: boolean };
  kind: { got: string; right: boolean };
  published: { got: string | null; right: boolean };
  edition: { got: number; right: boolean };
  title?: string;
  trueFindings: Finding[];
  falseFindings: Finding[];
  /** Real arithmetic errors of the report that no finding reports. */
  missedErrors: Truth['real_errors'];
}

/** The value a cell of the imported report holds (its number, or its text when it is not a number), null when none. */
function importedCell(r: Report, key: string): string | null {
  const [table, row, col] = key.split('.');
  const t = table === 't3' ? r.tables.t3 : r.tables.t4;
  const c = t?.byKey.get(row)?.cells.get(col);
  if (!c || c.status === 'blank' || c.status === 'unread') return null;
  return c.value !== null ? String(c.value) : c.raw.normalize('NFKC').trim();
}

const squash = (s: string | undefined) => (s ?? '').normalize('NFKC').replace(/[\s\u3000]+/g, '');

/** The agency names the truth accepts: `平潭综合实验区（管委会）` with or without the part in brackets; `沭阳县人民政府 (OCR: 沐阳)` also as OCR-ed. */
export function agencyNames(truth: string): string[] {
  const m = /^(.*?)\s*[（(]\s*(.*?)\s*[)）]$/.exec(truth);
  if (!m) return [squash(truth)];
  const base = squash(m[1]);
  const ocr = /^OCR\s*[:：]\s*(.+)$/.exec(m[2]);
  if (ocr) return [base, squash(ocr[1] + base.slice(ocr[1].length))];
  return [base, base + squash(m[2])];
}

export function compareWithTruth(truth: Truth, report: Report, findings: Finding[]): TruthComparison {
  const want = truthCells(truth);
  const wrong: CellResult[] = [];
  const unread: CellResult[] = [];
  let right = 0;
  for (const [key, expected] of want) {
    const got = importedCell(report, key);
    if (expected === null ? got === null : got === String(expected)) right++;
    else if (got === null) unread.push({ key, expected, got });
    else wrong.push({ key, expected, got });
  }
  const pub = report.meta.published;
  const published = pub ? `${pub.year}-${String(pub.month).padStart(2, '0')}-${String(pub.day).padStart(2, '0')}` : null;
  const kind = report.meta.kind === 'government' ? '政府' : '部门';
  const isTrue = (f: Finding) => Object.prototype.hasOwnProperty.call(truth.true_findings, f.code);
  const missedErrors = truth.real_errors.filter(
    (e) => !findings.some((f) => f.code === e.rule && f.data?.computed === e.computed && f.data?.stated === e.stated),
  );
  return {
    cells: want.size,
    right,
    wrong,
    unread,
    sections: new Set(report.sections.map((s) => s.no).filter((n) => n !== null)).size,
    agency: { got: report.meta.agency, right: agencyNames(truth.agency).includes(squash(report.meta.agency)) },
    year: { got: report.meta.year, right: report.meta.year === truth.year },
    kind: { got: kind, right: kind === truth.kind },
    published: { got: published, right: published === truth.published },
    edition: { got: report.meta.edition, right: report.meta.edition === truth.edition },
    title: report.title?.text,
    trueFindings: findings.filter(isTrue),
    falseFindings: findings.filter((f) => !isTrue(f)),
    missedErrors,
  };
}
