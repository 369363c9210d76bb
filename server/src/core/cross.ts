/** Reports of one agency across years. */
import type { FileReport } from './types.js';

/** The agency as a comparable key. */
export function agencyKey(a: string | undefined): string {
  return (a ?? '').normalize('NFKC').replace(/[\s\u3000]/g, '');
}

/** Per set of reports, the reports by agency key and year (built once per set, so a set of thousands stays linear). */
const bySet = new WeakMap<FileReport[], Map<string, FileReport[]>>();

function keyOf(agency: string, year: number): string {
  return `${agency}\u0000${year}`;
}

/** The report of the same agency for year Y−1 among `others`, if any. */
export function previousYear(target: FileReport, others: FileReport[]): FileReport | undefined {
  const y = target.report.meta.year;
  const a = agencyKey(target.report.meta.agency);
  if (y === undefined || !a) return undefined;
  let map = bySet.get(others);
  if (!map) {
    map = new Map();
    for (const o of others) {
      const oy = o.report.meta.year;
      const oa = agencyKey(o.report.meta.agency);
      if (oy === undefined || !oa) continue;
      const k = keyOf(oa, oy);
      const list = map.get(k);
      if (list) list.push(o);
      else map.set(k, [o]);
    }
    bySet.set(others, map);
  }
  return map.get(keyOf(a, y - 1))?.find((o) => o !== target);
}
