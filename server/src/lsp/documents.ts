/** Which Markdown documents are reports, and the per-document analysis cache. */
import { Analyzer } from '../core/index.js';
import type { Analysis, Config, Locale } from '../core/index.js';

export { isReport } from '../core/index.js';

/**
 * A document is analysed up to this many characters on every edit (a 23 MB document took 24 s to its first diagnostics
 * and 14 s per edit, the server deaf meanwhile): past it, one S13 finding says so and the part up to the limit is
 * checked. A real report has under 100,000.
 */
export const DOCUMENT_LIMIT = 500_000;

export interface DocState {
  uri: string;
  analyzer: Analyzer;
  /** The latest analysis and the document version it is of. */
  analysis?: Analysis;
  version?: number;
  text?: string;
}

export class DocumentCache {
  private docs = new Map<string, DocState>();

  /**
   * The state of a document, if it has been analysed. Reading never creates one: a publication that finishes after
   * its document closed must not bring the closed document back into the cache (only `analyze` adds entries, and the
   * server calls it only for open documents).
   */
  get(uri: string): DocState | undefined {
    return this.docs.get(uri);
  }

  delete(uri: string): void {
    this.docs.delete(uri);
  }

  /** The analysis of exactly this text and version, computing it when stale. */
  analyze(uri: string, version: number, text: string, config: Config, locale: Locale): Analysis {
    let d = this.docs.get(uri);
    if (!d) {
      d = { uri, analyzer: new Analyzer() };
      this.docs.set(uri, d);
    }
    if (d.analysis && d.version === version && d.text === text) return d.analysis;
    d.analysis = d.analyzer.analyze(text, { config, locale, maxChars: DOCUMENT_LIMIT });
    d.version = version;
    d.text = text;
    return d.analysis;
  }

  /** Drops cached analyses (settings changed). */
  invalidate(): void {
    for (const d of this.docs.values()) {
      d.analysis = undefined;
      d.version = undefined;
    }
  }

  get size(): number {
    return this.docs.size;
  }
}
