/**
 * The rule pages inside VS Code: a diagnostic's code links to `command:xxgk.showRuleDoc?["A04"]`, which opens
 * docs/rules/A04.md of the extension rendered (VS Code's Markdown preview, locked to the page, beside the report).
 * The user guide (docs/guide.md) opens the same way.
 */
import * as vscode from 'vscode';
import { exists } from './files.js';
import { t } from './l10n.js';

export const SHOW_RULE_DOC = 'xxgk.showRuleDoc';

/** The link template handed to the server: `{code}` becomes the rule id. */
export const RULE_DOC_LINK = `command:${SHOW_RULE_DOC}?${encodeURIComponent('["')}{code}${encodeURIComponent('"]')}`;

export function ruleDocUri(context: vscode.ExtensionContext, id: string): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${id}.md`);
}

/** Opens the page of rule `id` (or the list of rules); resolves to the page shown. */
export async function showRuleDoc(context: vscode.ExtensionContext, id?: unknown): Promise<vscode.Uri | undefined> {
  const code = typeof id === 'string' ? id.trim().toUpperCase() : '';
  const page = /^[A-Z]\d{2}$/.test(code) ? ruleDocUri(context, code) : vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', 'README.md');
  if (!(await exists(page))) {
    void vscode.window.showWarningMessage(t('There is no rule {0}.', code || String(id)));
    return undefined;
  }
  return showPage(page);
}

/** Opens the user guide (docs/guide.md of the extension), rendered; resolves to the page shown. */
export function showGuide(context: vscode.ExtensionContext): Promise<vscode.Uri> {
  return showPage(vscode.Uri.joinPath(context.extensionUri, 'docs', 'guide.md'));
}

/** A page of the extension's documentation, rendered beside the editor. */
async function showPage(page: vscode.Uri): Promise<vscode.Uri> {
  try {
    await vscode.commands.executeCommand('markdown.showLockedPreviewToSide', page);
  } catch {
    // VS Code's Markdown extension is disabled: the page as text is still better than nothing.
    await vscode.window.showTextDocument(page, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
  return page;
}
