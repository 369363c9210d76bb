/** The VS Code client: starts the language server when the first report appears, and stays out of the way otherwise. */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { isReport } from '../../server/src/lsp/isReport.js';
import { PreviewManager, type ReportPreview } from './preview.js';
import { exportReport, type ExportArgs, type Format } from './export.js';
import { newYearReport, type NewYearArgs } from './newyear.js';
import { importPublished, type ImportArgs } from './import.js';
import { checkWorkspace, registerTasks, type CheckRun } from './tasks.js';
import { registerTrust, restricted, type Restricted } from './trust.js';
import { initL10n, messageLocale, t } from './l10n.js';
import { newAnnualReport, type NewReportArgs } from './newreport.js';
import { RULE_DOC_LINK, SHOW_RULE_DOC, showGuide, showRuleDoc } from './ruledocs.js';
import { ReportStatus, type IndexStatus, type ReportMeta } from './status.js';
import { adoptUntitledReport, suggestRowWhileTyping } from './typing.js';
import { currentReview, reviewFolder, type ReviewArgs, type ReviewOutcome } from './review.js';

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
/** Times the server process ended unexpectedly (last 3 minutes), and whether the user was told of a restart. */
let crashes: number[] = [];
let toldRestart = false;
let log: vscode.LogOutputChannel | undefined;
let onIndexStatus: ((s: IndexStatus) => void) | undefined;

function isReportDoc(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'markdown' && isReport(doc.uri.toString(), doc.getText());
}

/** A report by its text, whatever language VS Code took it for (an untitled editor's guess). */
function isReportText(doc: vscode.TextDocument): boolean {
  return isReport(doc.uri.toString(), doc.getText());
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  if (starting) return starting;
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'markdown', scheme: 'file' },
      { language: 'markdown', scheme: 'untitled' },
      { language: 'markdown', scheme: 'vscode-remote' },
    ],
    // .xxgkrc.json for the settings; Markdown files for the index of the workspace's reports (cross-year checks).
    synchronize: { fileEvents: [vscode.workspace.createFileSystemWatcher('**/.xxgkrc.json'), vscode.workspace.createFileSystemWatcher('**/*.md')] },
    // A diagnostic's code opens the rule's page, rendered, inside VS Code. In Restricted Mode the server does not
    // read the workspace's .xxgkrc.json (told again when the user trusts it).
    initializationOptions: () => ({ ruleDocLink: RULE_DOC_LINK, trusted: vscode.workspace.isTrusted }),
    diagnosticCollectionName: 'xxgk',
    // The server's log and, with xxgk.trace.server, the LSP traffic, in one log channel ("Output: xxgk-report").
    outputChannel: log,
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        // The server died: restart it and say so once; give up (with one message) only if it keeps dying.
        const now = Date.now();
        crashes = crashes.filter((x) => now - x < 3 * 60 * 1000);
        crashes.push(now);
        log?.warn(`the language server stopped (${crashes.length} time(s) in the last 3 minutes)`);
        if (crashes.length > 5) {
          return { action: CloseAction.DoNotRestart, message: t('The report checker stopped 5 times in 3 minutes and was not restarted. Run "Restart the report checker" to try again.') };
        }
        if (!toldRestart) {
          toldRestart = true;
          void vscode.window.showWarningMessage(t('The report checker stopped unexpectedly and was restarted.'));
        }
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  log?.info(`starting the language server (${serverModule})`);
  client = new LanguageClient('xxgk', t('Report checker (xxgk-report)'), serverOptions, clientOptions);
  client.onNotification('xxgk/indexStatus', (s: IndexStatus) => onIndexStatus?.(s));
  starting = client.start().then(() => log?.info('the language server is running'));
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('xxgk/trust', { trusted: true })));
  return starting;
}

export interface XxgkApi {
  /** Resolves when the language server is running (starting it if needed). */
  ready(): Promise<void>;
  /** Whether the server has been started (the first report appeared). */
  started(): boolean;
  /** The open preview of a report, for tests. */
  preview(uri: vscode.Uri): ReportPreview | undefined;
  /** Runs "check all reports in the workspace" and resolves with its outcome. */
  checkWorkspace(opts?: { delayMs?: number; revealProblems?: boolean }): Promise<CheckRun | undefined>;
  /** A request to the language server (for tests: the workspace index). */
  request<T>(method: string, params: unknown): Promise<T>;
  /** What Restricted Mode turns off right now (empty in a trusted workspace). */
  restricted(): Restricted[];
  /** The value last given to the `xxgk.isReport` context key, and the language status item (for tests). */
  isReportContext(): boolean;
  status(): { text: string; detail?: string; severity: vscode.LanguageStatusSeverity; selector: vscode.DocumentSelector; update(): Promise<void> };
  /** Runs "review the published reports in a folder" (tests). */
  review(args: ReviewArgs): Promise<ReviewOutcome | undefined>;
  /** The open review's webview and its opener, as a click in it calls it (tests). */
  currentReview: typeof currentReview;
}

export async function activate(context: vscode.ExtensionContext): Promise<XxgkApi> {
  initL10n(context.extensionPath);
  log = vscode.window.createOutputChannel('xxgk-report', { log: true });
  context.subscriptions.push(log);
  const ensureClient = async () => {
    await startClient(context);
    return client!;
  };
  const previews = new PreviewManager(context, ensureClient, (format, uri) => void exportReport(ensureClient, { format: format as Format, uri }), isReportDoc);
  const reportUri = (arg: unknown): vscode.Uri | undefined => {
    if (arg instanceof vscode.Uri) return arg;
    const doc = vscode.window.activeTextEditor?.document;
    return doc && isReportDoc(doc) ? doc.uri : undefined;
  };
  // Whether the active editor holds a report: the preview button and key, and the palette entries, follow it. It is
  // set again as the text changes, since a new file becomes a report when its skeleton is typed or pasted.
  let contextValue: boolean | undefined;
  const updateContext = () => {
    const doc = vscode.window.activeTextEditor?.document;
    const value = !!doc && isReportDoc(doc);
    if (value === contextValue) return;
    contextValue = value;
    void vscode.commands.executeCommand('setContext', 'xxgk.isReport', value);
  };
  const status = new ReportStatus(isReportDoc, async (uri): Promise<ReportMeta | null> => (client ? client.sendRequest<ReportMeta | null>('xxgk/meta', { uri: uri.toString() }) : null));
  onIndexStatus = (s) => status.setIndex(s);
  updateContext();
  context.subscriptions.push(
    previews,
    status,
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.commands.registerCommand('xxgk.showPreview', async (arg?: vscode.Uri) => {
      const uri = reportUri(arg);
      if (!uri) {
        void vscode.window.showInformationMessage(t('The preview works for annual report files (*.report.md).'));
        return undefined;
      }
      await startClient(context);
      const p = previews.show(uri);
      await p.update();
      return p.panel.title;
    }),
    vscode.commands.registerCommand('xxgk.newReport', (arg?: NewReportArgs) => newAnnualReport(ensureClient, arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg : {})),
    vscode.commands.registerCommand('xxgk.newYear', (arg?: vscode.Uri | NewYearArgs) =>
      newYearReport(ensureClient, arg instanceof vscode.Uri ? { uri: arg } : { ...(arg ?? {}), uri: (arg as NewYearArgs | undefined)?.uri ?? reportUri(undefined) })),
    vscode.commands.registerCommand('xxgk.checkWorkspace', () => checkWorkspace(context)),
    vscode.commands.registerCommand('xxgk.importReport', (arg?: vscode.Uri | ImportArgs) => importPublished(ensureClient, arg instanceof vscode.Uri ? { source: arg } : (arg ?? {}))),
    vscode.commands.registerCommand('xxgk.importUrl', async (url?: string) => {
      const given = url ?? (await vscode.window.showInputBox({ title: vscode.l10n.t('Import a published annual report from the web'), prompt: vscode.l10n.t('The address of the report\'s page (or of its PDF or Word file)'), placeHolder: 'https://', validateInput: (v) => (/^https?:\/\/\S+$/i.test(v.trim()) ? undefined : vscode.l10n.t('An http or https address')) }));
      return given ? importPublished(ensureClient, { source: vscode.Uri.parse(given.trim()) }) : undefined;
    }),
    vscode.commands.registerCommand('xxgk.reviewFolder', (arg?: vscode.Uri | ReviewArgs) => reviewFolder(context, arg instanceof vscode.Uri ? { folder: arg } : (arg ?? {}))),
    vscode.commands.registerCommand('xxgk.export', (args?: ExportArgs) => exportReport(ensureClient, args ?? {})),
    vscode.commands.registerCommand('xxgk.exportHtml', (uri?: vscode.Uri) => exportReport(ensureClient, { format: 'html', uri: reportUri(uri) })),
    vscode.commands.registerCommand('xxgk.exportPdf', (uri?: vscode.Uri) => exportReport(ensureClient, { format: 'pdf', uri: reportUri(uri) })),
    vscode.commands.registerCommand('xxgk.exportDocx', (uri?: vscode.Uri) => exportReport(ensureClient, { format: 'docx', uri: reportUri(uri) })),
    vscode.commands.registerCommand(SHOW_RULE_DOC, (id?: unknown) => showRuleDoc(context, id)),
    vscode.commands.registerCommand('xxgk.showGuide', () => showGuide(context)),
    vscode.commands.registerTextEditorCommand('xxgk.alignTable', async (editor) => {
      if (!isReportDoc(editor.document)) {
        void vscode.window.showInformationMessage(t('This command works in annual report files (*.report.md).'));
        return;
      }
      await startClient(context);
      const res = (await client!.sendRequest('workspace/executeCommand', {
        command: 'xxgk.server.alignTable',
        arguments: [editor.document.uri.toString(), editor.selection.active],
      })) as { applied: boolean; edits: number } | null;
      if (!res) void vscode.window.showInformationMessage(t('Place the cursor inside a table to align it.'));
    }),
    vscode.commands.registerCommand('xxgk.revealRange', (range: vscode.Range) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !range) return;
      const r = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
      editor.selection = new vscode.Selection(r.start, r.end);
      editor.revealRange(r, vscode.TextEditorRevealType.InCenter);
    }),
    vscode.commands.registerCommand('xxgk.restartServer', async () => {
      if (client) await client.restart();
      else await startClient(context);
    }),
    vscode.commands.registerCommand('xxgk.showLog', () => log?.show()),
    { dispose: () => void client?.stop() },
  );
  registerTasks(context);
  registerTrust(context);
  // The server starts with the first report: one opened, or a document that becomes one as it is typed or pasted
  // (a new file given the skeleton, a report pasted into an untitled editor VS Code took for another language).
  // Each document taken for a report is said once in the log, whoever started the server (a new report's command
  // starts it before the file exists).
  const logged = new Set<string>();
  const maybeStart = (doc: vscode.TextDocument) => {
    adoptUntitledReport(doc, isReportText);
    const uri = doc.uri.toString();
    if ((!client || !logged.has(uri)) && isReportDoc(doc)) {
      if (!logged.has(uri)) log?.info(`${doc.uri.toString(true)} is an annual report`);
      logged.add(uri);
      if (!client) void startClient(context);
    }
  };
  vscode.workspace.textDocuments.forEach(maybeStart);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(maybeStart),
    vscode.workspace.onDidChangeTextDocument((e) => {
      maybeStart(e.document);
      if (e.document === vscode.window.activeTextEditor?.document) updateContext();
      suggestRowWhileTyping(e, isReportDoc);
    }),
    // setTextDocumentLanguage and a user's choice of language both come here.
    vscode.workspace.onDidOpenTextDocument(() => updateContext()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('xxgk.locale')) status.schedule();
    }),
  );
  log.info(`activated (messages: ${messageLocale()}, VS Code ${vscode.version}, display language ${vscode.env.language})`);
  return {
    ready: () => startClient(context),
    started: () => !!client,
    preview: (uri) => previews.get(uri),
    checkWorkspace: (opts) => checkWorkspace(context, opts),
    request: async <T>(method: string, params: unknown) => (await ensureClient()).sendRequest<T>(method, params),
    restricted,
    isReportContext: () => !!contextValue,
    status: () => ({ text: status.item.text, detail: status.item.detail, severity: status.item.severity, selector: status.item.selector, update: () => status.update() }),
    review: (args) => reviewFolder(context, args),
    currentReview,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
