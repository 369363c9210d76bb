/** The VS Code client: starts the language server when the first report is opened, and stays out of the way otherwise. */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { isReport } from '../../server/src/lsp/isReport.js';
import { PreviewManager, type ReportPreview } from './preview.js';
import { exportReport, type ExportArgs, type Format } from './export.js';
import { newYearReport, type NewYearArgs } from './newyear.js';
import { importPublished, type ImportArgs } from './import.js';
import { checkWorkspace, registerTasks, type CheckRun } from './tasks.js';
import { registerTrust, restricted, type Restricted } from './trust.js';
import { currentReview, reviewFolder, type ReviewArgs, type ReviewOutcome } from './review.js';

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
/** Times the server process ended unexpectedly (last 3 minutes), and whether the user was told of a restart. */
let crashes: number[] = [];
let toldRestart = false;

function isReportDoc(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'markdown' && isReport(doc.uri.toString(), doc.getText());
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
    initializationOptions: { docsUri: vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md').toString() },
    diagnosticCollectionName: 'xxgk',
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        // The server died: restart it and say so once; give up (with one message) only if it keeps dying.
        const now = Date.now();
        crashes = crashes.filter((t) => now - t < 3 * 60 * 1000);
        crashes.push(now);
        if (crashes.length > 5) {
          return { action: CloseAction.DoNotRestart, message: vscode.l10n.t('The report checker stopped 5 times in 3 minutes and was not restarted. Run "Restart the report checker" to try again.') };
        }
        if (!toldRestart) {
          toldRestart = true;
          void vscode.window.showWarningMessage(vscode.l10n.t('The report checker stopped unexpectedly and was restarted.'));
        }
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  client = new LanguageClient('xxgk', vscode.l10n.t('Report checker (xxgk-report)'), serverOptions, clientOptions);
  starting = client.start();
  return starting;
}

export interface XxgkApi {
  /** Resolves when the language server is running (starting it if needed). */
  ready(): Promise<void>;
  /** The open preview of a report, for tests. */
  preview(uri: vscode.Uri): ReportPreview | undefined;
  /** Runs "check all reports in the workspace" and resolves with its outcome. */
  checkWorkspace(opts?: { delayMs?: number; revealProblems?: boolean }): Promise<CheckRun | undefined>;
  /** A request to the language server (for tests: the workspace index). */
  request<T>(method: string, params: unknown): Promise<T>;
  /** What Restricted Mode turns off right now (empty in a trusted workspace). */
  restricted(): Restricted[];
  /** Runs "review the published reports in a folder" (tests). */
  review(args: ReviewArgs): Promise<ReviewOutcome | undefined>;
  /** The open review's webview and its opener, as a click in it calls it (tests). */
  currentReview: typeof currentReview;
}

export async function activate(context: vscode.ExtensionContext): Promise<XxgkApi> {
  const ensureClient = async () => {
    await startClient(context);
    return client!;
  };
  const previews = new PreviewManager(context, ensureClient, (format, uri) => void exportReport(ensureClient, { format: format as Format, uri }));
  const reportUri = (arg: unknown): vscode.Uri | undefined => {
    if (arg instanceof vscode.Uri) return arg;
    const doc = vscode.window.activeTextEditor?.document;
    return doc && isReportDoc(doc) ? doc.uri : undefined;
  };
  const updateContext = () => {
    const doc = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', 'xxgk.isReport', !!doc && isReportDoc(doc));
  };
  updateContext();
  context.subscriptions.push(
    previews,
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.commands.registerCommand('xxgk.showPreview', async (arg?: vscode.Uri) => {
      const uri = reportUri(arg);
      if (!uri) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The preview works for annual report files (*.report.md).'));
        return undefined;
      }
      await startClient(context);
      const p = previews.show(uri);
      await p.update();
      return p.panel.title;
    }),
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
    vscode.commands.registerTextEditorCommand('xxgk.alignTable', async (editor) => {
      if (!isReportDoc(editor.document)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This command works in annual report files (*.report.md).'));
        return;
      }
      await startClient(context);
      const res = (await client!.sendRequest('workspace/executeCommand', {
        command: 'xxgk.server.alignTable',
        arguments: [editor.document.uri.toString(), editor.selection.active],
      })) as { applied: boolean; edits: number } | null;
      if (!res) void vscode.window.showInformationMessage(vscode.l10n.t('Place the cursor inside a table to align it.'));
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
    { dispose: () => void client?.stop() },
  );
  registerTasks(context);
  registerTrust(context);
  const maybeStart = (doc: vscode.TextDocument) => {
    if (!client && isReportDoc(doc)) void startClient(context);
  };
  vscode.workspace.textDocuments.forEach(maybeStart);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(maybeStart));
  return {
    ready: () => startClient(context),
    preview: (uri) => previews.get(uri),
    checkWorkspace: (opts) => checkWorkspace(context, opts),
    request: async <T>(method: string, params: unknown) => (await ensureClient()).sendRequest<T>(method, params),
    restricted,
    review: (args) => reviewFolder(context, args),
    currentReview,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
