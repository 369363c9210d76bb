/**
 * The checks across years (X01, X02) in the workspace: a report compares itself with the same agency's report of
 * the year before, an open document if there is one, else a report on disk (the index). Reports are found by the
 * core's one key (reportKey in core/cross.ts); this service also remembers, for each open report, under which key it
 * last published, so that an edit of one year's report publishes again next year's open report, and no other.
 */
import { analyzeAcross, nextYearKey, reportKey } from '../core/index.js';
import type { FileReport, Finding, Locale, Report } from '../core/index.js';
import type { Analyses } from './analyses.js';
import type { OpenDocument, ReportWorkspace } from './workspace.js';

export class CrossYearService {
  /** Of each open report as last published: the key of the report that compares itself with it (next year's). */
  private readers = new Map<string, string>();

  constructor(private readonly workspace: ReportWorkspace, private readonly analyses: Analyses) {}

  private lastReport(uri: string): Report | undefined {
    return this.analyses.last(uri)?.analysis?.report;
  }

  /** Last year's report of the same agency: an open document's current model, else the index's model of the file. */
  async previous(uri: string, target: Report): Promise<FileReport | undefined> {
    const year = target.meta.year;
    if (year === undefined) return undefined;
    const want = reportKey(target.meta.agency, year - 1);
    if (!want) return undefined;
    for (const d of this.workspace.documents()) {
      if (d.uri === uri) continue;
      const o = this.analyses.last(d.uri);
      const r = o?.analysis?.report;
      if (r && o.version === d.version && reportKey(r.meta.agency, r.meta.year) === want) return { file: d.uri, report: r };
    }
    for (const other of this.workspace.reportsOf(target.meta.agency ?? '', year - 1)) {
      if (other === uri || this.workspace.document(other)) continue; // an open document speaks for itself (above)
      const r = await this.workspace.loadReport(other);
      if (r && reportKey(r.meta.agency, r.meta.year) === want) return { file: other, report: r };
    }
    return undefined;
  }

  /** Findings across years for an open report at its last analysis (none when it changed meanwhile). */
  async findings(uri: string, locale: Locale): Promise<Finding[]> {
    const target = this.lastReport(uri);
    if (!target) return [];
    const prev = await this.previous(uri, target);
    if (!prev || this.lastReport(uri) !== target) return [];
    return analyzeAcross([{ file: uri, report: target }, prev], { locale }).get(uri) ?? [];
  }

  /** The key that next year's report of this open document has, at its last analysis. */
  private readerKey(uri: string): string | undefined {
    const r = this.lastReport(uri);
    return r ? nextYearKey(r.meta.agency, r.meta.year) : undefined;
  }

  /** The key of next year's report of an open document, as it last published. */
  readerKeyPublished(uri: string): string | undefined {
    return this.readers.get(uri);
  }

  /**
   * After a publication: remembers the document's agency and year, and returns the keys of the reports that compare
   * themselves with it, under the agency and year it had `before` (readerKeyPublished when the publication began)
   * and has now.
   */
  published(uri: string, before = this.readers.get(uri)): (string | undefined)[] {
    const now = this.readerKey(uri);
    if (now) this.readers.set(uri, now);
    else this.readers.delete(uri);
    return [before, now];
  }

  /**
   * A document closed: forgets it, and returns the keys of the reports that compared themselves with it, as last
   * published and as last analysed (a hover may have analysed a newer text). Call before its analysis is forgotten.
   */
  closed(uri: string): (string | undefined)[] {
    const keys = [this.readers.get(uri), this.readerKey(uri)];
    this.readers.delete(uri);
    return keys;
  }

  /** The open reports, other than `except`, whose agency and year is one of `keys` (at their last analysis). */
  openReportsOf(keys: (string | undefined)[], except: string): OpenDocument[] {
    const want = new Set(keys.filter((k): k is string => !!k));
    if (!want.size) return [];
    return this.workspace.documents().filter((d) => {
      if (d.uri === except) return false;
      const r = this.lastReport(d.uri);
      const k = r && reportKey(r.meta.agency, r.meta.year);
      return !!k && want.has(k);
    });
  }

  /** Open reports remembered (for the leak test: back to zero once they close). */
  get size(): number {
    return this.readers.size;
  }
}
