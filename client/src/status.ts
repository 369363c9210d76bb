/**
 * The language status item of a report (the `{}` beside "Markdown" in the status bar): the report year and the
 * edition it is checked against, its errors and warnings, and the state of the workspace index. Shown only on
 * reports (its selector lists the open reports), as language extensions show their server's state.
 */
import * as vscode from 'vscode';
import { t } from './l10n.js';

export interface IndexStatus {
  state: 'idle' | 'indexing' | 'ready' | 'cancelled';
  reports: number;
}

export interface ReportMeta {
  agency?: string;
  year?: number;
  edition: 2019 | 2021;
  kind: 'department' | 'government';
}

export class ReportStatus implements vscode.Disposable {
  readonly item = vscode.languages.createLanguageStatusItem('xxgk.report', []);
  private index: IndexStatus = { state: 'idle', reports: 0 };
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly isReport: (doc: vscode.TextDocument) => boolean,
    private readonly meta: (uri: vscode.Uri) => Promise<ReportMeta | null>,
  ) {
    this.item.name = t('Annual report checker');
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.schedule();
      }),
      vscode.workspace.onDidCloseTextDocument(() => this.schedule()),
    );
    this.schedule();
  }

  setIndex(s: IndexStatus): void {
    this.index = s;
    this.schedule();
  }

  /** Recomputes soon (typing sends many events). */
  schedule(delay = 100): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  /** Now; resolves when the item shows the active report (for tests). */
  async update(): Promise<void> {
    this.timer = undefined;
    // Exact paths: a selector's string pattern equal to a document's fsPath selects that document.
    const reports = vscode.workspace.textDocuments.filter((d) => this.isReport(d));
    this.item.selector = reports.map((d) => ({ language: 'markdown', scheme: d.uri.scheme, pattern: d.uri.fsPath }));
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !this.isReport(doc)) return;
    const m = await this.meta(doc.uri).catch(() => null);
    const ds = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'xxgk');
    const errors = ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const year = m?.year ? t('{0} report', m.year) : t('year unknown');
    const edition = m ? (m.edition === 2021 ? t('2021 edition of the format') : t('2019 edition of the format')) : '';
    this.item.text = `${errors ? '$(error)' : warnings ? '$(warning)' : '$(check)'} ${year}${edition ? ` · ${edition}` : ''}`;
    const counts = errors || warnings ? t('{0} error(s), {1} warning(s)', errors, warnings) : t('No errors or warnings');
    const index =
      this.index.state === 'indexing' ? t('indexing the workspace…')
      : this.index.state === 'ready' ? t('{0} report(s) in the workspace', this.index.reports)
      : this.index.state === 'cancelled' ? t('workspace index cancelled')
      : '';
    this.item.detail = [counts, index].filter(Boolean).join(' · ');
    this.item.busy = this.index.state === 'indexing';
    this.item.severity = errors ? vscode.LanguageStatusSeverity.Error : warnings ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    this.item.command = { title: t('Show problems'), command: 'workbench.actions.view.problems' };
    this.item.accessibilityInformation = { label: `${t('Annual report checker')}: ${year} ${edition}, ${counts}` };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.item.dispose();
  }
}
