/**
 * When each open report's findings are published: on open, on typing (after the settings' debounce) or on save,
 * once per version, with the findings across years; next year's open report of the agency again when one year's
 * report changes or closes, every open report again when the reports on disk change. What a publication sends is
 * the sink's affair (the LSP layer makes diagnostics of the findings).
 */
import type { Finding } from '../core/index.js';
import type { Analyses } from './analyses.js';
import type { CrossYearService } from './crossYear.js';
import type { Settings } from './settings.js';
import type { Disposable, OpenDocument, ReportWorkspace } from './workspace.js';

/** The findings of a document at a version; none for a document that is not (or no longer) a report, or closed. */
export type DiagnosticsSink = (uri: string, version: number | undefined, findings: Finding[]) => void;

export class DiagnosticsScheduler {
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private republishTimer: ReturnType<typeof setTimeout> | undefined;
  /** Publications under way (awaiting settings or last year's report): none once the server is idle. */
  private publishing = 0;

  constructor(
    private readonly workspace: ReportWorkspace,
    private readonly analyses: Analyses,
    private readonly cross: CrossYearService,
    private readonly settingsOf: (uri: string) => Promise<Pick<Settings, 'run' | 'debounceMs'>>,
    private readonly sink: DiagnosticsSink,
  ) {}

  /** Follows the workspace's documents and reports on disk. */
  listen(): Disposable {
    const ws = this.workspace;
    const subs = [
      ws.onDidOpen((doc) => this.schedule(doc, 0)),
      // The settings may arrive after the document closed (or closed and opened again): then nothing is scheduled for it.
      ws.onDidChange(async (doc) => {
        const s = await this.settingsOf(doc.uri);
        if (s.run === 'onType' && ws.document(doc.uri) === doc) this.schedule(doc, s.debounceMs);
      }),
      ws.onDidSave(async (doc) => {
        const s = await this.settingsOf(doc.uri);
        if (s.run === 'onSave' && ws.document(doc.uri) === doc) this.schedule(doc, 0);
      }),
      ws.onDidClose((doc) => this.close(doc.uri)),
      ws.onDidChangeReports((e) => this.republishOpen(e.scan ? 0 : 50)),
    ];
    return { dispose: () => subs.forEach((s) => s.dispose()) };
  }

  /** Publishes a document's findings after `delay` ms (a newer call replaces it); with `withRelated`, next year's report too. */
  schedule(doc: OpenDocument, delay: number, withRelated = true): void {
    const prev = this.timers.get(doc.uri);
    if (prev) clearTimeout(prev);
    const version = doc.version;
    this.timers.set(
      doc.uri,
      setTimeout(() => {
        this.timers.delete(doc.uri);
        const before = this.cross.readerKeyPublished(doc.uri);
        void this.publish(doc.uri, version).then(() => {
          if (this.workspace.document(doc.uri) !== doc) return; // closed meanwhile: its close cleared its key and told next year's report
          // Editing one year's report updates next year's open report of the agency, under the agency and year it
          // had before the edit and has now; no other report can change.
          const keys = this.cross.published(doc.uri, before);
          if (withRelated) this.republish(keys, doc.uri);
        });
      }, delay),
    );
  }

  /** Publishes a document's findings at this version now (nothing when a newer version is on its way). */
  async publish(uri: string, version: number): Promise<void> {
    this.publishing++;
    try {
      await this.publishNow(uri, version);
    } finally {
      this.publishing--;
    }
  }

  private async publishNow(uri: string, version: number): Promise<void> {
    const cur = await this.analyses.current(uri);
    const doc = this.workspace.document(uri);
    if (!doc || doc.version !== version) return; // a newer version is on its way
    if (!cur) {
      this.sink(uri, version, []);
      return;
    }
    const cross = await this.cross.findings(uri, cur.locale);
    if (this.workspace.document(uri)?.version !== version) return;
    this.sink(uri, version, [...cur.analysis.findings, ...cross]);
  }

  /** Publishes again the open reports, other than `except`, of these agency-year keys. */
  private republish(keys: (string | undefined)[], except: string): void {
    for (const other of this.cross.openReportsOf(keys, except)) void this.publish(other.uri, other.version);
  }

  /** Publishes every open report again, after `delay` ms (last year's report changed on disk, or the index is ready). */
  republishOpen(delay = 50): void {
    if (this.republishTimer) clearTimeout(this.republishTimer);
    this.republishTimer = setTimeout(() => {
      this.republishTimer = undefined;
      for (const d of this.workspace.documents()) if (this.analyses.last(d.uri)?.analysis) void this.publish(d.uri, d.version);
    }, delay);
  }

  /** Every open report analysed again, at once, without its related reports (the settings changed). */
  revalidateAll(): void {
    this.analyses.invalidate();
    for (const d of this.workspace.documents()) this.schedule(d, 0, false);
  }

  /** A document closed: nothing more is published for it, its findings are cleared, next year's report looks again. */
  close(uri: string): void {
    // Its agency and year as last published, and as last analysed (a hover may have analysed a newer text).
    const keys = this.cross.closed(uri);
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.analyses.forget(uri);
    this.sink(uri, undefined, []);
    // Next year's open report of the agency now reads this file from disk (its unsaved edits are gone), or finds
    // none; no other open report compared itself with this one, so no other is published again.
    this.republish(keys, uri);
  }

  /** Timers and publications under way (for the leak test: none once idle and closed). */
  get pending(): { timers: number; publishing: number } {
    return { timers: this.timers.size, publishing: this.publishing };
  }
}
