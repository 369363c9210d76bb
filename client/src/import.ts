/** "导入已发布的年度报告": a published report (PDF, web page, crawled text, Word, text) read by the server and written as a report in the dialect. */
import * as vscode from 'vscode';
import { t as l10n } from './l10n.js';
import type { LanguageClient } from 'vscode-languageclient/node';
import { homedir } from 'node:os';
import { confirmReplace, exists, toUri } from './files.js';

export interface ImportArgs {
  /** The published report; default: asked with an open dialog. */
  source?: vscode.Uri | string;
  /** Where to write; default: asked with a save dialog, suggesting `{机关}{年度}年…report.md` beside the source. */
  target?: vscode.Uri | string;
  /** An existing target is replaced without asking (API, tests). */
  overwrite?: boolean;
  /** Open the written report (default true). */
  open?: boolean;
}

export interface ImportOutcome {
  target: vscode.Uri;
  shape: string;
  cells: number;
  blanks: number;
  /** Cells written `?`: not read from the source (the checker's C05). */
  unread: number;
  unplaced: { what: string; line?: number; reportLine?: number; excerpt: string }[];
  warnings: string[];
}

interface ImportResult extends Omit<ImportOutcome, 'target'> {
  text: string;
  fileName: string;
}

/** Larger files are refused before they are sent to the server. */
const MAX_BYTES = 20 * 1024 * 1024;

export async function importPublished(client: () => Promise<LanguageClient>, args: ImportArgs = {}): Promise<ImportOutcome | undefined> {
  const t = l10n;
  let source = toUri(args.source);
  if (!source) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: t('Import'),
      title: t('Import a published annual report'),
      filters: { [t('Published reports')]: ['pdf', 'html', 'htm', 'docx', 'txt', 'md'], [t('All files')]: ['*'] },
    });
    source = picked?.[0];
    if (!source) return undefined;
  }
  const fail = (message: string, e?: unknown) => {
    void vscode.window.showErrorMessage(t('Import failed: {0}', message));
    if (args.target && e) throw e;
    return undefined;
  };
  const online = source.scheme === 'http' || source.scheme === 'https';
  // A URL is fetched by the server (the page, else its attachment); a file is read here.
  let bytes: Uint8Array = new Uint8Array(0);
  if (!online) {
    try {
      const st = await vscode.workspace.fs.stat(source);
      if (st.size > MAX_BYTES) return fail(t('{0} is larger than 20 MB; is it really a report?', source.path.split('/').pop() ?? ''));
      bytes = await vscode.workspace.fs.readFile(source);
    } catch (e) {
      return fail((e as Error).message, e);
    }
  }
  let res: ImportResult;
  try {
    const c = await client();
    res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Importing {0}…', source.path.split('/').pop() ?? '') }, () =>
      online
        ? c.sendRequest<ImportResult>('xxgk/importUrl', { url: source!.toString(true) })
        : c.sendRequest<ImportResult>('xxgk/import', { name: source!.path.split('/').pop() ?? 'report', data: Buffer.from(bytes).toString('base64') }),
    );
  } catch (e) {
    return fail((e as Error).message ?? String(e), e);
  }
  let target = toUri(args.target);
  if (!target) {
    // The save dialog itself asks before replacing an existing file.
    const beside = online ? vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()) : vscode.Uri.joinPath(source, '..');
    target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(beside, res.fileName), filters: { Markdown: ['md'] }, saveLabel: t('Save report') });
    if (!target) return undefined;
  } else if (!args.overwrite && (await exists(target)) && !(await confirmReplace(target))) {
    return undefined;
  }
  if (target.toString() === source.toString()) return fail(t('The report would replace the published file; choose another name.'));
  await vscode.workspace.fs.writeFile(target, Buffer.from(res.text, 'utf8'));
  const outcome: ImportOutcome = { target, shape: res.shape, cells: res.cells, blanks: res.blanks, unread: res.unread ?? 0, unplaced: res.unplaced, warnings: res.warnings };
  if (args.open !== false) {
    const editor = await vscode.window.showTextDocument(target);
    const first = res.unplaced.find((u) => u.reportLine);
    if (first?.reportLine) {
      const p = new vscode.Position(first.reportLine - 1, 0);
      editor.selection = new vscode.Selection(p, p);
      editor.revealRange(new vscode.Range(p, p), vscode.TextEditorRevealType.InCenter);
    }
  }
  const unread = res.unread ? ' ' + t('{0} cell(s) could not be read from the original: they are written "?" and marked by the checker (C05); copy their values from the original.', res.unread) : '';
  void vscode.window.showInformationMessage(
    (res.unplaced.length
      ? t('Imported {0} table values. {1} passage(s) could not be placed: they are kept as text under an "xxgk-import" comment; please check them.', res.cells, res.unplaced.length)
      : t('Imported {0} table values; everything was placed. The checker now shows the report\'s own errors.', res.cells)) + unread,
  );
  return outcome;
}
