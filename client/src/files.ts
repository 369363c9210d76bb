/** Writing files the user named: whether a target exists, and the question before replacing it. */
import * as vscode from 'vscode';
import { t as l10n } from './l10n.js';

export const toUri = (u: vscode.Uri | string | undefined) => (typeof u === 'string' ? vscode.Uri.parse(u) : u);

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Asks before replacing `target`; resolves true to write, false to leave it. With `offerOpen` (text files the
 * editor can show) the existing file can be opened instead.
 */
export async function confirmReplace(target: vscode.Uri, offerOpen = true): Promise<boolean> {
  const t = l10n;
  const replace = t('Replace');
  const open = t('Open the existing file');
  const name = target.path.split('/').pop() ?? target.toString();
  const answer = await vscode.window.showWarningMessage(t('{0} already exists. Replace it?', name), { modal: true }, replace, ...(offerOpen ? [open] : []));
  if (answer === open) await vscode.window.showTextDocument(target);
  return answer === replace;
}
