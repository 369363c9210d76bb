/** "新建下一年度报告": next year's report written beside this one (asks before replacing), then opened. */
import * as vscode from 'vscode';
import { t as l10n } from './l10n.js';
import type { LanguageClient } from 'vscode-languageclient/node';
import { confirmReplace, exists, toUri } from './files.js';
import { openAt } from './newreport.js';

export interface NewYearArgs {
  /** The report; default: the active editor's. */
  uri?: vscode.Uri | string;
  /** Where to write; default: `{机关}{年度}年政府信息公开工作年度报告.report.md` beside the report. */
  target?: vscode.Uri | string;
  /** An existing target is replaced without asking (API, tests). */
  overwrite?: boolean;
  /** Open the new report in an editor (default true). */
  open?: boolean;
}

interface NextYear {
  text: string;
  fileName: string;
  year: number;
  carried: string[];
  cursor?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export async function newYearReport(client: () => Promise<LanguageClient>, args: NewYearArgs = {}): Promise<vscode.Uri | undefined> {
  const t = l10n;
  const source = toUri(args.uri) ?? vscode.window.activeTextEditor?.document.uri;
  if (!source) {
    void vscode.window.showInformationMessage(t('Open this year\'s annual report (*.report.md) to start next year\'s from it.'));
    return undefined;
  }
  let next: NextYear;
  try {
    const c = await client();
    await vscode.workspace.openTextDocument(source); // the server reads the open text, unsaved edits included
    next = await c.sendRequest<NextYear>('xxgk/newYear', { uri: source.toString() });
  } catch (e) {
    void vscode.window.showErrorMessage(t('Cannot create next year\'s report: {0}', (e as Error).message ?? String(e)));
    if (args.target) throw e;
    return undefined;
  }
  let target = toUri(args.target);
  if (!target) {
    if (source.scheme === 'untitled') {
      target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(next.fileName), filters: { Markdown: ['md'] } });
      if (!target) return undefined;
    } else {
      target = vscode.Uri.joinPath(source, '..', next.fileName);
    }
  }
  if (target.toString() === source.toString()) {
    void vscode.window.showErrorMessage(t('The new report would replace this one; choose another file.'));
    return undefined;
  }
  if (!args.overwrite && (await exists(target)) && !(await confirmReplace(target))) return undefined;
  await vscode.workspace.fs.writeFile(target, Buffer.from(next.text, 'utf8'));
  // Opened at the first cell still to be filled in (the server read it from the new report's findings).
  if (args.open !== false) await openAt(target, next.cursor);
  void vscode.window.showInformationMessage(
    next.carried.length
      ? t('{0}\'s report created. 上年结转 filled from this year\'s 结转下年度继续办理 ({1}); the blank cells are still to be entered.', next.year, next.carried.join('，'))
      : t('{0}\'s report created; the blank cells are still to be entered.', next.year),
  );
  return target;
}
