/**
 * Export commands: HTML, PDF and Word from the preview's toolbar or the command palette. The
 * language server renders the bytes; the extension asks where to write them and writes only there.
 */
import * as vscode from 'vscode';
import { t as l10n } from './l10n.js';
import type { LanguageClient } from 'vscode-languageclient/node';
import { confirmReplace, exists, toUri } from './files.js';
import { browserPath } from './trust.js';

export type Format = 'html' | 'pdf' | 'docx';
const EXT: Record<Format, string> = { html: 'html', pdf: 'pdf', docx: 'docx' };
const FILTER: Record<Format, Record<string, string[]>> = { html: { HTML: ['html', 'htm'] }, pdf: { PDF: ['pdf'] }, docx: { 'Word': ['docx'] } };

export interface ExportArgs {
  format?: Format;
  /** The report; default: the active editor's. */
  uri?: vscode.Uri | string;
  /** Where to write; default: asked with a save dialog. */
  target?: vscode.Uri | string;
  /** For a target given programmatically that already exists: replace without asking. */
  overwrite?: boolean;
  /** Skip the question about error findings. */
  ignoreErrors?: boolean;
}

function defaultTarget(source: vscode.Uri, format: Format): vscode.Uri {
  const base = source.path.replace(/\.report\.md$|\.md$|\.markdown$/i, '');
  return source.with({ path: `${base}.${EXT[format]}` });
}

/** Runs an export; resolves to the written file, or undefined when the user cancelled or it failed (with a message shown). */
export async function exportReport(client: () => Promise<LanguageClient>, args: ExportArgs = {}): Promise<vscode.Uri | undefined> {
  const t = l10n;
  const source = toUri(args.uri) ?? vscode.window.activeTextEditor?.document.uri;
  if (!source) {
    void vscode.window.showInformationMessage(t('Open an annual report (*.report.md) to export it.'));
    return undefined;
  }
  let format = args.format;
  if (!format) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'HTML', description: t('one self-contained file'), format: 'html' as const },
        { label: 'PDF', description: t('printed by Chrome, Edge or Chromium'), format: 'pdf' as const },
        { label: 'Word (.docx)', description: t('editable in Word or WPS'), format: 'docx' as const },
      ],
      { placeHolder: t('Export the report as…') },
    );
    if (!pick) return undefined;
    format = pick.format;
  }
  const config = vscode.workspace.getConfiguration('xxgk', source);
  const errors = vscode.languages.getDiagnostics(source).filter((d) => d.source === 'xxgk' && d.severity === vscode.DiagnosticSeverity.Error).length;
  if (errors > 0 && !args.ignoreErrors && config.get<boolean>('export.confirmOnErrors', true)) {
    const go = t('Export anyway');
    const answer = await vscode.window.showWarningMessage(t('The report has {0} error(s). Export it anyway?', errors), { modal: true }, go);
    if (answer !== go) return undefined;
  }
  let target = toUri(args.target);
  if (!target) {
    // The save dialog itself asks before replacing an existing file.
    target = await vscode.window.showSaveDialog({ defaultUri: defaultTarget(source, format), filters: FILTER[format], saveLabel: t('Export') });
    if (!target) return undefined;
  } else if (!args.overwrite && (await exists(target)) && !(await confirmReplace(target, false))) {
    return undefined;
  }
  if (target.toString() === source.toString()) {
    void vscode.window.showErrorMessage(t('Export never writes over the report itself; choose another file.'));
    return undefined;
  }
  try {
    const c = await client();
    await vscode.workspace.openTextDocument(source); // the server renders open documents, with their unsaved edits
    const res = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Exporting {0}…', format.toUpperCase()) },
      () => c.sendRequest<{ data: string }>('xxgk/export', { uri: source.toString(), format, browserPath: browserPath(config) }),
    );
    await vscode.workspace.fs.writeFile(target, Buffer.from(res.data, 'base64'));
  } catch (e) {
    const err = e as { code?: number; message?: string };
    if (err.code === 1001) {
      const open = t('Open Settings');
      void vscode.window.showErrorMessage(err.message ?? String(e), open).then((a) => {
        if (a === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'xxgk.export.browserPath');
      });
    } else {
      void vscode.window.showErrorMessage(t('Export failed: {0}', err.message ?? String(e)));
    }
    if (args.target) throw e; // called with a target (API, tests): the caller sees the failure too
    return undefined;
  }
  if (!args.target) {
    const reveal = t('Open');
    void vscode.window.showInformationMessage(t('Exported to {0}', target.fsPath), reveal).then((a) => {
      if (a === reveal) void vscode.env.openExternal(target!);
    });
  }
  return target;
}
