/**
 * A report workspace in memory (as the Markdown language service tests over its InMemoryWorkspace): open documents
 * that tests open, edit, save and close, and files "on disk" that tests write and delete, with the events the LSP
 * implementation fires for the same acts.
 */
import { Analyzer, isReport, readHead, reportKey } from '../../server/src/core/index.js';
import type { Report } from '../../server/src/core/index.js';
import { Emitter, type OpenDocument, type ReportsChanged, type ReportWorkspace } from '../../server/src/lsp/workspace.js';

export class InMemoryDocument implements OpenDocument {
  constructor(readonly uri: string, public version: number, public text: string) {}
  getText(): string {
    return this.text;
  }
}

export class InMemoryReportWorkspace implements ReportWorkspace {
  private open = new Map<string, InMemoryDocument>();
  private disk = new Map<string, string>();
  private analyzer = new Analyzer();
  /** URIs whose model was loaded from "disk", in order. */
  readonly loads: string[] = [];
  private readonly opened = new Emitter<OpenDocument>();
  private readonly changed = new Emitter<OpenDocument>();
  private readonly saved = new Emitter<OpenDocument>();
  private readonly closed = new Emitter<OpenDocument>();
  private readonly reports = new Emitter<ReportsChanged>();
  readonly onDidOpen = this.opened.event;
  readonly onDidChange = this.changed.event;
  readonly onDidSave = this.saved.event;
  readonly onDidClose = this.closed.event;
  readonly onDidChangeReports = this.reports.event;

  document(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  documents(): OpenDocument[] {
    return [...this.open.values()];
  }

  reportsOf(agency: string, year: number): string[] {
    const want = reportKey(agency, year);
    return [...this.disk].filter(([uri, text]) => {
      if (!isReport(uri, text)) return false;
      const h = readHead(text);
      return !!want && reportKey(h.agency, h.year) === want;
    }).map(([uri]) => uri);
  }

  async loadReport(uri: string): Promise<Report | undefined> {
    const text = this.disk.get(uri);
    if (text === undefined) return undefined;
    this.loads.push(uri);
    return this.analyzer.model(text);
  }

  openDocument(uri: string, text: string, version = 1): InMemoryDocument {
    const d = new InMemoryDocument(uri, version, text);
    this.open.set(uri, d);
    this.opened.fire(d);
    return d;
  }

  /** A new text for an open document: the same document, at the next version. */
  edit(uri: string, text: string): InMemoryDocument {
    const d = this.open.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    d.version++;
    d.text = text;
    this.changed.fire(d);
    return d;
  }

  save(uri: string): void {
    const d = this.open.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    this.disk.set(uri, d.text);
    this.saved.fire(d);
  }

  close(uri: string): void {
    const d = this.open.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    this.open.delete(uri);
    this.closed.fire(d);
  }

  /** A file written on disk (created or changed). */
  writeFile(uri: string, text: string): void {
    this.disk.set(uri, text);
    this.reports.fire({ scan: false });
  }

  deleteFile(uri: string): void {
    this.disk.delete(uri);
    this.reports.fire({ scan: false });
  }
}
