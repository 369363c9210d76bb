/**
 * The report workspace as the language service sees it: the open documents (the editor's text, unsaved edits
 * included), the reports on disk (the workspace index) and the events of both. The LSP implementation is
 * lspWorkspace.ts; tests use an in-memory one (test/unit/in-memory-workspace.ts), as the Markdown language service
 * separates IWorkspace from its server.
 */
import type { Report } from '../core/index.js';

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Disposable;

/** Why the reports on disk changed: a scan of the folders ended, or file events were applied. */
export interface ReportsChanged {
  scan: boolean;
}

export interface ReportWorkspace {
  /**
   * The open document of a URI. The same object while it stays open (a document closed and opened again is another):
   * work that awaited compares it to know whether its document is still the one it started for.
   */
  document(uri: string): OpenDocument | undefined;
  documents(): OpenDocument[];
  /** Reports on disk of an agency (its name or its key) for a year: their URIs, from the index. */
  reportsOf(agency: string, year: number): string[];
  /** The full model of a report on disk, read as an open one would be; undefined when it is gone or unreadable. */
  loadReport(uri: string): Promise<Report | undefined>;

  readonly onDidOpen: Event<OpenDocument>;
  readonly onDidChange: Event<OpenDocument>;
  readonly onDidSave: Event<OpenDocument>;
  readonly onDidClose: Event<OpenDocument>;
  /** Reports on disk were found, created, changed or deleted. */
  readonly onDidChangeReports: Event<ReportsChanged>;
}

/** A list of listeners (an Event with its firing side). */
export class Emitter<T> {
  private listeners = new Set<(e: T) => void>();
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
}
