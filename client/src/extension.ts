/** The VS Code client: starts the language server when the first report is opened, and stays out of the way otherwise. */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { isReport } from '../../server/src/lsp/isReport.js';

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;

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
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.xxgkrc.json') },
    initializationOptions: { docsUri: vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md').toString() },
    diagnosticCollectionName: 'xxgk',
  };
  client = new LanguageClient('xxgk', vscode.l10n.t('Report checker (xxgk-report)'), serverOptions, clientOptions);
  starting = client.start();
  return starting;
}

export async function activate(context: vscode.ExtensionContext): Promise<{ ready(): Promise<void> }> {
  context.subscriptions.push(
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
  const maybeStart = (doc: vscode.TextDocument) => {
    if (!client && isReportDoc(doc)) void startClient(context);
  };
  vscode.workspace.textDocuments.forEach(maybeStart);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(maybeStart));
  return {
    /** For tests: resolves when the language server is running (starting it if needed). */
    ready: () => startClient(context),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
