/** Reports of one agency across years, and the one key by which they are found. */
import type { FileReport } from './types.js';

/** The agency as a comparable key. */
export function agencyKey(a: string | undefined): string {
  return (a ?? '').normalize('NFKC').replace(/[\s\u3000]/g, '');
}

/**
 * The key of an agency's report for a year: the one key by which a report is found across years, in a set of
 * reports (previousYear), in the workspace index and among the server's open reports. Undefined without an agency
 * or a year (such a report compares with no other).
 */
export function reportKey(agency: string | undefined, year: number | undefined): string | undefined {
  const a = agencyKey(agency);
  return a && year !== undefined ? `${a}\u0000${year}` : undefined;
}

/** The key of the same agency's report one year later: the report that compares itself with this one (X01, X02). */
export function nextYearKey(agency: string | undefined, year: number | undefined): string | undefined {
  return year === undefined ? undefined : reportKey(agency, year + 1);
}

/** Per set of reports, the reports by key (built once per set, so a set of thousands stays linear). */
const bySet = new WeakMap<FileReport[], Map<string, FileReport[]>>();

/** The report of the same agency for year Y−1 among `others`, if any. */
export function previousYear(target: FileReport, others: FileReport[]): FileReport | undefined {
  const y = target.report.meta.year;
  const want = y === undefined ? undefined : reportKey(target.report.meta.agency, y - 1);
  if (!want) return undefined;
  let map = bySet.get(others);
  if (!map) {
    map = new Map();
    for (const o of others) {
      const k = reportKey(o.report.meta.agency, o.report.meta.year);
      if (!k) continue;
      const list = map.get(k);
      if (list) list.push(o);
      else map.set(k, [o]);
    }
    bySet.set(others, map);
  }
  return map.get(want)?.find((o) => o !== target);
}
