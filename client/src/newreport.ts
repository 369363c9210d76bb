/**
 * "新建年度报告": asks for the agency, the year and the kind, writes `{机关}{年度}年政府信息公开工作年度报告.report.md`
 * with the edition the year calls for (prompts to replace, blank cells to fill), and opens it at the first prompt.
 * Also the shared end of every command that writes a report: open it and put the cursor where the author starts.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { confirmReplace, exists, toUri } from './files.js';
import { t } from './l10n.js';

export interface NewReportArgs {
  agency?: string;
  year?: number;
  kind?: '部门' | '政府';
  /** Where to write; default: the suggested name in the workspace folder (asked with a save dialog without one). */
  target?: vscode.Uri | string;
  /** An existing target is replaced without asking (API, tests). */
  overwrite?: boolean;
  /** Open the new report (default true). */
  open?: boolean;
}

interface Generated {
  text: string;
  fileName: string;
  year: number;
  cursor?: vscode.Range | { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** Opens a written report and puts the selection where the author starts (a prompt selected, or in a blank cell). */
export async function openAt(target: vscode.Uri, cursor: Generated['cursor']): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(target);
  if (cursor) {
    const r = new vscode.Range(cursor.start.line, cursor.start.character, cursor.end.line, cursor.end.character);
    editor.selection = new vscode.Selection(r.start, r.end);
    editor.revealRange(r, vscode.TextEditorRevealType.InCenter);
  }
  return editor;
}

/** The agency of the reports already in the workspace (the newest), to suggest. */
async function knownAgency(client: LanguageClient): Promise<string | undefined> {
  try {
    const st = await client.sendRequest<{ entries: { agency?: string; year?: number }[] }>('xxgk/index', { wait: false });
    return st.entries.filter((e) => e.agency).sort((a, b) => (b.year ?? 0) - (a.year ?? 0))[0]?.agency;
  } catch {
    return undefined;
  }
}

async function ask(client: LanguageClient): Promise<{ agency: string; year: number; kind: '部门' | '政府' } | undefined> {
  const title = t('New annual report');
  const agency = await vscode.window.showInputBox({
    title: `${title} (1/3)`,
    prompt: t('The full name of the agency, as in the title of the report'),
    placeHolder: t('e.g. 某市科学技术局'),
    value: await knownAgency(client),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? (/[\\/:*?"<>|]/.test(v) ? t('The name cannot contain \\ / : * ? " < > |') : undefined) : t('Enter the agency\'s name')),
  });
  if (!agency) return undefined;
  const last = new Date().getFullYear() - 1;
  const years = Array.from({ length: last - 2019 + 2 }, (_, i) => last + 1 - i).map((y) => ({
    label: t('{0} report', y),
    description: y >= 2021 ? t('2021 edition of the format') : t('2019 edition of the format'),
    detail: y === last ? t('The report written early this year, on last year') : undefined,
    year: y,
  }));
  const year = await vscode.window.showQuickPick(years.slice(1).concat(years.slice(0, 1)), { title: `${title} (2/3)`, placeHolder: t('The year the report covers'), ignoreFocusOut: true });
  if (!year) return undefined;
  const kind = await vscode.window.showQuickPick(
    [
      { label: '部门', description: t('a department\'s report, published by 31 January'), reportKind: '部门' as const },
      { label: '政府', description: t('a government\'s own report, published by 31 March'), reportKind: '政府' as const },
    ],
    { title: `${title} (3/3)`, placeHolder: t('The kind of report'), ignoreFocusOut: true },
  );
  if (!kind) return undefined;
  return { agency: agency.trim(), year: year.year, kind: kind.reportKind };
}

export async function newAnnualReport(client: () => Promise<LanguageClient>, args: NewReportArgs = {}): Promise<vscode.Uri | undefined> {
  let c: LanguageClient;
  try {
    c = await client();
  } catch (e) {
    void vscode.window.showErrorMessage(t('Cannot create the report: {0}', (e as Error).message ?? String(e)));
    return undefined;
  }
  const given = args.agency !== undefined && args.year !== undefined;
  const answers = given ? { agency: args.agency!, year: args.year!, kind: args.kind ?? '部门' } : await ask(c);
  if (!answers) return undefined;
  let report: Generated;
  try {
    report = await c.sendRequest<Generated>('xxgk/newReport', answers);
  } catch (e) {
    void vscode.window.showErrorMessage(t('Cannot create the report: {0}', (e as Error).message ?? String(e)));
    if (given) throw e;
    return undefined;
  }
  let target = toUri(args.target);
  if (!target) {
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
    target = folder
      ? vscode.Uri.joinPath(folder.uri, report.fileName)
      : await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(report.fileName), filters: { Markdown: ['md'] }, saveLabel: t('Create') });
    if (!target) return undefined;
  }
  if (!args.overwrite && (await exists(target)) && !(await confirmReplace(target))) return undefined;
  await vscode.workspace.fs.writeFile(target, Buffer.from(report.text, 'utf8'));
  if (args.open !== false) {
    await openAt(target, report.cursor);
    void vscode.window.showInformationMessage(t('{0}\'s report created: replace each prompt （请…） with your text and fill in the tables; the Problems panel lists what is left.', report.year));
  }
  return target;
}
