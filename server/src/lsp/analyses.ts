/** The analysis of each open report at its current text, with the settings and the language it was made under. */
import type { Analysis, Locale } from '../core/index.js';
import { DocumentCache, isReport } from './documents.js';
import type { Settings, SettingsStore } from './settings.js';
import type { OpenDocument, ReportWorkspace } from './workspace.js';

export interface Current {
  doc: OpenDocument;
  analysis: Analysis;
  settings: Settings;
  locale: Locale;
}

export class Analyses {
  readonly cache = new DocumentCache();

  constructor(private readonly workspace: ReportWorkspace, private readonly settings: SettingsStore) {}

  /** The analysis of the document's current text (cached by version); null when it is not an open report. */
  async current(uri: string): Promise<Current | null> {
    const doc = this.workspace.document(uri);
    if (!doc || !isReport(uri, doc.getText())) return null;
    const settings = await this.settings.get(uri);
    const latest = this.workspace.document(uri);
    if (!latest) return null;
    const locale = this.settings.localeOf(settings);
    const analysis = this.cache.analyze(uri, latest.version, latest.getText(), this.settings.config(settings, locale), locale);
    return { doc: latest, analysis, settings, locale };
  }

  /** The last analysis of a document, whatever its version (undefined before the first or after it closed). */
  last(uri: string): { analysis?: Analysis; version?: number } | undefined {
    return this.cache.get(uri);
  }

  /** A closed document is forgotten: its analysis and its settings. */
  forget(uri: string): void {
    this.cache.delete(uri);
    this.settings.delete(uri);
  }

  /** Drops every analysis (the settings changed). */
  invalidate(): void {
    this.settings.clear();
    this.cache.invalidate();
  }
}
