/**
 * The report workspace over LSP: the open documents are the client's (TextDocuments), the reports on disk are the
 * workspace index, scanned when folders are added (with progress in the client for long runs, cancellable) and kept
 * current by the client's file events, applied in order.
 */
import { FileChangeType, TextDocuments, type Connection, type FileEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Locale, Report } from '../core/index.js';
import type { IndexState, IndexStatus } from '../../../protocol/index.js';
import { WorkspaceIndex, type IndexEntry } from './workspaceIndex.js';
import { Emitter, type Event, type OpenDocument, type ReportsChanged, type ReportWorkspace } from './workspace.js';

/** What a scan says to the user, and how: the LSP layer gives these. */
export interface ScanUi {
  /** Whether the client shows progress items (workDoneProgress). */
  hasProgress(): boolean;
  /** A progress item in the client. */
  createProgress(): Promise<{ begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void; report(message: string): void; done(): void; token: { onCancellationRequested(l: () => void): unknown } }>;
  /** The language of the messages (the first folder's settings). */
  locale(): Promise<Locale>;
  log(message: string): void;
  warn(message: string): void;
  /** The index started or ended a scan, or its count changed. */
  status(s: IndexStatus): void;
}

export interface IndexTotals {
  state: IndexState;
  reports: number;
  files: number;
  ms: number;
}

export class LspReportWorkspace implements ReportWorkspace {
  readonly documentsOfClient = new TextDocuments(TextDocument);
  readonly index = new WorkspaceIndex();
  private indexing: Promise<void> | undefined;
  /** File events being applied to the index, in order. */
  private fileEvents: Promise<void> = Promise.resolve();
  private totals: IndexTotals = { state: 'idle', reports: 0, files: 0, ms: 0 };
  private readonly reportsChanged = new Emitter<ReportsChanged>();

  readonly onDidOpen: Event<OpenDocument>;
  readonly onDidChange: Event<OpenDocument>;
  readonly onDidSave: Event<OpenDocument>;
  readonly onDidClose: Event<OpenDocument>;
  readonly onDidChangeReports = this.reportsChanged.event;

  constructor(private readonly ui: ScanUi) {
    const d = this.documentsOfClient;
    this.onDidOpen = (l) => d.onDidOpen((e) => l(e.document));
    this.onDidChange = (l) => d.onDidChangeContent((e) => l(e.document));
    this.onDidSave = (l) => d.onDidSave((e) => l(e.document));
    this.onDidClose = (l) => d.onDidClose((e) => l(e.document));
  }

  listen(connection: Connection): void {
    this.documentsOfClient.listen(connection);
  }

  document(uri: string): OpenDocument | undefined {
    return this.documentsOfClient.get(uri);
  }

  documents(): OpenDocument[] {
    return this.documentsOfClient.all();
  }

  reportsOf(agency: string, year: number): string[] {
    return this.index.find(agency, year).map((e) => e.uri);
  }

  loadReport(uri: string): Promise<Report | undefined> {
    return this.index.load(uri);
  }

  /** Where the index stands, with the number of reports it holds now. */
  get status(): IndexTotals {
    return { ...this.totals, reports: this.index.size };
  }

  entries(): IndexEntry[] {
    return this.index.all();
  }

  /** Resolves once a running scan and the file events under way are done. */
  async settled(): Promise<void> {
    await this.indexing;
    await this.fileEvents;
  }

  private sendStatus(): void {
    this.ui.status({ state: this.totals.state, reports: this.index.size });
  }

  /** Indexes the reports in the given folders, after any scan under way. */
  scan(uris: string[]): Promise<void> {
    const run = async () => {
      this.totals = { ...this.totals, state: 'indexing' };
      this.sendStatus();
      const en = (await this.ui.locale()) === 'en';
      let cancelled = false;
      let reporter: Awaited<ReturnType<ScanUi['createProgress']>> | undefined;
      let shown = false;
      /** Set when the scan is over: a progress the client grants later is never begun (it would never end). */
      let finished = false;
      const started = Date.now();
      const res = await this.index.scan(uris, {
        cancelled: () => cancelled,
        progressEvery: 50,
        progress: (done, found) => {
          // A progress item only for runs long enough to notice (no flash for a handful of files).
          if (!shown && this.ui.hasProgress() && Date.now() - started > 500) {
            shown = true;
            void this.ui.createProgress().then((r) => {
              if (finished) return;
              reporter = r;
              r.begin('xxgk-report', undefined, en ? `Indexing the annual reports in the workspace (${found})` : `正在索引工作区中的年度报告（${found}）`, true);
              r.token.onCancellationRequested(() => (cancelled = true));
            }, () => undefined);
          }
          reporter?.report(en ? `Indexing the annual reports in the workspace: ${done} file(s) read, ${found} report(s)` : `正在索引工作区中的年度报告：已读 ${done} 个文件，${found} 份报告`);
        },
      });
      finished = true;
      reporter?.done();
      this.totals = { state: res.cancelled ? 'cancelled' : 'ready', reports: this.index.size, files: this.totals.files + res.files, ms: this.totals.ms + res.ms };
      this.sendStatus();
      this.ui.log(`xxgk-report: indexed ${res.reports} report(s) among ${res.files} Markdown file(s) in ${Math.round(res.ms)} ms${res.cancelled ? ' (cancelled)' : ''}`);
      if (this.index.skipped) {
        const n = this.index.size + this.index.skipped;
        this.ui.warn(en
          ? `xxgk-report: the workspace has more than ${n} Markdown files; only the first were indexed, so the cross-year checks may be incomplete.`
          : `xxgk-report: 工作区中的 Markdown 文件超过 ${n} 个，只索引了前面的部分；跨年度检查可能不完整。`);
      }
      this.reportsChanged.fire({ scan: true });
    };
    this.indexing = (this.indexing ?? Promise.resolve()).then(run, run);
    return this.indexing;
  }

  /** Forgets the reports of a workspace folder removed. */
  removeFolder(uri: string): void {
    this.index.removeFolder(uri);
  }

  /**
   * Reports created, changed, renamed (delete + create) or deleted on disk: the index follows. Events are handled in
   * order, one batch after the other; resolves when this batch is applied.
   */
  applyFileEvents(changes: FileEvent[]): Promise<void> {
    const md = changes.filter((c) => /\.md$/i.test(c.uri.split(/[?#]/)[0]));
    if (!md.length) return Promise.resolve();
    const apply = async () => {
      let touched = false;
      for (const c of md) {
        if (c.type === FileChangeType.Deleted) touched = this.index.remove(c.uri) || touched;
        else {
          const before = this.index.get(c.uri);
          this.index.invalidate(c.uri);
          const after = await this.index.update(c.uri);
          touched ||= !!before || !!after;
        }
      }
      if (touched) {
        this.reportsChanged.fire({ scan: false });
        // The language status counts the workspace's reports: a report created or deleted changes the count.
        if (this.totals.state !== 'indexing') this.sendStatus();
      }
    };
    this.fileEvents = this.fileEvents.then(apply, apply);
    return this.fileEvents;
  }
}
