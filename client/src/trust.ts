/**
 * Restricted Mode (an untrusted workspace). The checker, hovers, completions, quick fixes, the
 * preview, export, import and the next-year report work as usual: they read the workspace and
 * write only where the user chooses. Two things are off, and the extension says so where the
 * user meets them (a language status item on reports, a message on the command):
 *  - "Check all reports in the workspace", which runs as a task (VS Code runs no tasks there);
 *  - the workspace's value of `xxgk.export.browserPath`: a folder must not choose the program
 *    that export starts. The user's own setting, or a browser found in the usual places, is used.
 * Both come back when the workspace is trusted, without a reload.
 */
import * as vscode from 'vscode';
import { t as l10n } from './l10n.js';

export type Restricted = 'checkWorkspace' | 'export.browserPath';

/** What is off right now. */
export function restricted(): Restricted[] {
  return vscode.workspace.isTrusted ? [] : ['checkWorkspace', 'export.browserPath'];
}

/**
 * The browser for PDF export: in Restricted Mode only the user's (or machine's) own setting counts.
 * VS Code already hides the workspace value of a restricted setting there; this does not rely on it.
 */
export function browserPath(config: vscode.WorkspaceConfiguration): string | undefined {
  if (vscode.workspace.isTrusted) return config.get<string>('export.browserPath') || undefined;
  return config.inspect<string>('export.browserPath')?.globalValue || undefined;
}

/** Says (without waiting for an answer) that a feature is off, with the way to turn it on. false when it is off. */
export function allowed(feature: Restricted): boolean {
  if (!restricted().includes(feature)) return true;
  const t = l10n;
  const manage = t('Manage Workspace Trust');
  void vscode.window
    .showWarningMessage(
      t('Restricted Mode: checking all reports runs a task, and VS Code runs no tasks in an untrusted workspace. Open reports are still checked as you type. Trust this workspace to check them all.'),
      manage,
    )
    .then((answer) => {
      if (answer === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

/** The status item on reports in Restricted Mode; gone when the workspace is trusted. */
export function registerTrust(context: vscode.ExtensionContext): void {
  if (vscode.workspace.isTrusted) return;
  const t = l10n;
  const item = vscode.languages.createLanguageStatusItem('xxgk.restricted', { language: 'markdown' });
  item.name = t('Report checker: Restricted Mode');
  item.text = `$(shield) ${t('Restricted Mode')}`;
  item.detail = t('Off: checking all reports (a task), the workspace\'s xxgk.export.browserPath. Everything else works.');
  item.severity = vscode.LanguageStatusSeverity.Warning;
  item.command = { title: t('Manage Workspace Trust'), command: 'workbench.trust.manage' };
  context.subscriptions.push(item, vscode.workspace.onDidGrantWorkspaceTrust(() => item.dispose()));
}
