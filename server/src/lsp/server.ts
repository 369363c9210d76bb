/**
 * The xxgk-report language server: the LSP layer. It wires the language service's parts to the connection and
 * holds no logic of its own:
 * - the report workspace (lspWorkspace.ts: open documents, the workspace index, file events),
 * - the settings in force (settings.ts), the analyses of the open reports (analyses.ts),
 * - the checks across years (crossYear.ts), the diagnostics scheduler (diagnostics.ts),
 * - the feature providers (features.ts: hover, completion, code actions, code lens, inlay hints; align.ts),
 * - the custom requests of the protocol (requests.ts).
 */
import { CodeActionKind, Connection, DidChangeConfigurationNotification, MessageType, ShowMessageNotification, TextDocumentSyncKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver/node';
import { createServerConnection } from './connection.js';
import { ruleLinker } from './ruleDocs.js';
import { RC_NAME, SettingsStore } from './settings.js';
import { codeActions, codeLenses, completions, hover, inlayHints, toDiagnostic } from './features.js';
import { alignTable, tableAt } from './align.js';
import { LspReportWorkspace } from './lspWorkspace.js';
import { Analyses } from './analyses.js';
import { CrossYearService } from './crossYear.js';
import { DiagnosticsScheduler } from './diagnostics.js';
import { registerRequests, requestHandlers } from './requests.js';
import { NOTIFICATIONS, REQUESTS, SERVER_COMMANDS, TEST_HOOKS_ENV, type AlignTableArgs, type AlignTableResult, type NotificationMap } from '../../../protocol/index.js';

/** The protocol's names, as this module exported them before the protocol had a module of its own. */
export { NOTIFICATIONS, REQUESTS, SERVER_COMMANDS as COMMANDS };

const CAPABILITIES: InitializeResult['capabilities'] = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  completionProvider: { triggerCharacters: ['#', '|', ':', ' '] },
  hoverProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, 'source.fixAll.xxgk'] },
  codeLensProvider: {},
  inlayHintProvider: true,
  executeCommandProvider: { commands: [SERVER_COMMANDS.alignTable] },
  workspace: { workspaceFolders: { supported: true } },
};

export function startServer(connection: Connection = createServerConnection()): Connection {
  /**
   * A warning for the user, as a notification: showWarningMessage is a request, and a client that does not answer it
   * made the rejection unhandled, which ended the server.
   */
  const warn = (message: string) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(() => undefined);
  const notify = <M extends keyof NotificationMap>(method: M, params: NotificationMap[M]) => void connection.sendNotification(method, params).catch(() => undefined);
  const settings = new SettingsStore(warn);
  let workDoneProgress = false;
  let workspaceFolderEvents = false;
  let ruleLink: (code: string) => string | undefined = () => undefined;
  const workspace = new LspReportWorkspace({
    hasProgress: () => workDoneProgress,
    createProgress: () => connection.window.createWorkDoneProgress(),
    locale: () => settings.serverLocale(),
    log: (m) => connection.console.log(m),
    warn,
    status: (s) => notify(NOTIFICATIONS.indexStatus, s),
  });
  const analyses = new Analyses(workspace, settings);
  const cross = new CrossYearService(workspace, analyses);
  const diagnostics = new DiagnosticsScheduler(workspace, analyses, cross, (uri) => settings.get(uri), (uri, version, findings) => {
    void connection.sendDiagnostics({ uri, ...(version === undefined ? {} : { version }), diagnostics: findings.map((f) => toDiagnostic(f, uri, ruleLink)) });
  });
  diagnostics.listen();

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    settings.clientLocale = params.locale;
    if (params.capabilities.workspace?.configuration) settings.fetch = (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'xxgk' });
    settings.folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!settings.folders.length && params.rootUri) settings.folders = [params.rootUri];
    const opts = (params.initializationOptions ?? {}) as { ruleDocLink?: string; trusted?: boolean };
    settings.trusted = opts.trusted !== false;
    ruleLink = ruleLinker(typeof opts.ruleDocLink === 'string' ? opts.ruleDocLink : undefined);
    workDoneProgress = !!params.capabilities.window?.workDoneProgress;
    workspaceFolderEvents = !!params.capabilities.workspace?.workspaceFolders;
    await settings.reloadRc();
    return { capabilities: CAPABILITIES, serverInfo: { name: 'xxgk-report', version: '0.1.0' } };
  });

  connection.onInitialized(() => {
    if (settings.fetch) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'xxgk' });
    if (workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) workspace.removeFolder(f.uri);
        settings.folders = settings.folders.filter((u) => !e.removed.some((r) => r.uri === u)).concat(e.added.map((f) => f.uri));
        if (e.added.length) void workspace.scan(e.added.map((f) => f.uri));
        else diagnostics.republishOpen();
      });
    }
    void workspace.scan(settings.folders);
  });

  const revalidateAll = () => {
    diagnostics.revalidateAll();
    void connection.languages.inlayHint.refresh().catch(() => undefined);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };
  connection.onDidChangeConfiguration(() => revalidateAll());
  /** The user trusted the workspace (or took trust back): its `.xxgkrc.json` counts from now on (or no longer). */
  connection.onNotification(NOTIFICATIONS.trust, async (p: NotificationMap['xxgk/trust']) => {
    const now = p?.trusted !== false;
    if (now === settings.trusted) return;
    settings.trusted = now;
    await settings.reloadRc(true);
    revalidateAll();
  });
  connection.onDidChangeWatchedFiles(async (p) => {
    if (p.changes.some((c) => c.uri.endsWith(RC_NAME)) && settings.trusted) {
      await settings.reloadRc(true);
      revalidateAll();
    }
    // Reports on disk: the index follows, and the open reports are checked again against last year's.
    await workspace.applyFileEvents(p.changes);
  });

  registerFeatures(connection, analyses);
  registerRequests(connection, requestHandlers({
    current: (uri) => analyses.current(uri),
    crossFindings: (uri, locale) => cross.findings(uri, locale),
    serverLocale: () => settings.serverLocale(),
    index: workspace,
    perDocument: () => ({
      open: workspace.documents().length,
      analyses: analyses.cache.size,
      ...diagnostics.pending,
      settings: settings.size,
      yearKeys: cross.size,
      indexModels: workspace.index.loadedCount,
    }),
  }, { testHooks: process.env[TEST_HOOKS_ENV] === '1' }));

  workspace.listen(connection);
  connection.listen();
  return connection;
}

/** The feature providers (features.ts, align.ts), each on the analysis of the document's current text. */
function registerFeatures(connection: Connection, analyses: Analyses): void {
  connection.onCodeAction(async (p) => {
    const cur = await analyses.current(p.textDocument.uri);
    if (!cur) return [];
    return codeActions(p.textDocument.uri, cur.analysis, p.range, p.context.diagnostics, p.context.only, cur.locale);
  });
  connection.onCompletion(async (p) => {
    const cur = await analyses.current(p.textDocument.uri);
    return cur ? completions(cur.analysis.report, p.position, cur.locale) : [];
  });
  connection.onHover(async (p) => {
    const cur = await analyses.current(p.textDocument.uri);
    return cur ? hover(cur.analysis.report, p.position, cur.locale) : null;
  });
  connection.onCodeLens(async (p) => {
    const cur = await analyses.current(p.textDocument.uri);
    return cur ? codeLenses(cur.analysis, cur.locale) : [];
  });
  connection.languages.inlayHint.on(async (p) => {
    const cur = await analyses.current(p.textDocument.uri);
    if (!cur || !cur.settings.inlayHints.enabled) return [];
    return inlayHints(cur.analysis, p.range, cur.locale);
  });
  connection.onExecuteCommand(async (p): Promise<AlignTableResult | null> => {
    if (p.command !== SERVER_COMMANDS.alignTable) return null;
    const [uri, position] = (p.arguments ?? []) as AlignTableArgs;
    const cur = typeof uri === 'string' ? await analyses.current(uri) : null;
    if (!cur || !position) return null;
    const r = cur.analysis.report;
    const table = tableAt(r, r.lines.offset(position));
    if (!table) return null;
    const edits = alignTable(r.text, table).map((e) => ({ range: r.lines.range(e.span), newText: e.newText }));
    if (!edits.length) return { applied: true, edits: 0 };
    const res = await connection.workspace.applyEdit({ label: 'Align table', edit: { changes: { [uri]: edits } } });
    return { applied: res.applied, edits: edits.length };
  });
}
