/** Reports of one agency across years. */
import type { FileReport } from './types.js';

/** The agency as a comparable key. */
export function agencyKey(a: string | undefined): string {
  return (a ?? '').normalize('NFKC').replace(/[\s\u3000]/g, '');
}

/** The report of the same agency for year Y−1 among `others`, if any. */
export function previousYear(target: FileReport, others: FileReport[]): FileReport | undefined {
  const y = target.report.meta.year;
  const a = agencyKey(target.report.meta.agency);
  if (y === undefined || !a) return undefined;
  return others.find((o) => o !== target && o.report.meta.year === y - 1 && agencyKey(o.report.meta.agency) === a);
}
