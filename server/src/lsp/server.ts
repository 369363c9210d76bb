/** The xxgk-report language server: the analysis core behind LSP. */
import {
  CodeActionKind, Connection, ErrorCodes, ResponseError, DidChangeConfigurationNotification, ProposedFeatures, TextDocumentSyncKind, TextDocuments,
  createConnection, type InitializeParams, type InitializeResult, type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeAcross } from '../core/index.js';
import type { Analysis, Finding, Locale } from '../core/index.js';
import { DocumentCache, isReport } from './documents.js';
import { DEFAULTS, RC_NAME, RcFile, Settings, normalizeSettings, pickLocale, readRc, toConfig } from './settings.js';
import { codeActions, codeLenses, completions, hover, inlayHints, toDiagnostic } from './features.js';
import { alignTable, tableAt } from './align.js';
import { layoutReport } from '../render/layout.js';
import { renderBody } from '../render/html.js';
import { exportReport, EXPORT_FORMATS, type ExportFormat } from '../render/export.js';
import { BrowserNotFoundError } from '../render/pdf.js';

export const REQUESTS = { preview: 'xxgk/preview', export: 'xxgk/export' };
export const COMMANDS = { alignTable: 'xxgk.server.alignTable' } // distinct from the client's xxgk.alignTable, which the LanguageClient would otherwise register twice;

/** docs/rules.md next to the package, found from this file (out/… or dist/…). */
function findDocs(): string | undefined {
  try {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 6; i++) {
      const p = join(dir, 'docs', 'rules.md');
      if (existsSync(p)) return pathToFileURL(p).href;
      dir = dirname(dir);
    }
  } catch {
    /* no docs link */
  }
  return undefined;
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  const cache = new DocumentCache();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const settingsCache = new Map<string, Promise<Settings>>();
  let clientLocale: string | undefined;
  let hasConfiguration = false;
  let folders: string[] = [];
  let rc: RcFile = {};
  let docsUri: string | undefined;
  let rcWarned = false;

  const reloadRc = () => {
    rc = {};
    for (const f of folders) {
      const r = readRc(f);
      if (r.error && !rcWarned) {
        rcWarned = true;
        void connection.window.showWarningMessage(`xxgk-report: ${r.error}`);
      }
      if (r.rules || r.locale) {
        rc = r;
        break;
      }
    }
  };

  const getSettings = (uri: string): Promise<Settings> => {
    if (!hasConfiguration) return Promise.resolve(DEFAULTS);
    let p = settingsCache.get(uri);
    if (!p) {
      p = connection.workspace.getConfiguration({ scopeUri: uri, section: 'xxgk' }).then(normalizeSettings, () => DEFAULTS);
      settingsCache.set(uri, p);
    }
    return p;
  };

  const localeOf = (s: Settings): Locale => pickLocale(s.locale, rc, clientLocale);

  /** The analysis of the document's current text (cached by version). */
  const current = async (uri: string): Promise<{ doc: TextDocument; analysis: Analysis; settings: Settings; locale: Locale } | null> => {
    const doc = documents.get(uri);
    if (!doc || !isReport(uri, doc.getText())) return null;
    const settings = await getSettings(uri);
    const latest = documents.get(uri);
    if (!latest) return null;
    const locale = localeOf(settings);
    const analysis = cache.analyze(uri, latest.version, latest.getText(), toConfig(settings, rc, locale), locale);
    return { doc: latest, analysis, settings, locale };
  };

  /** Findings across the open reports of the same agency (X01, X02), for `uri`. */
  const crossFindings = (uri: string, locale: Locale): Finding[] => {
    const files = [];
    for (const d of documents.all()) {
      const st = cache.get(d.uri);
      if (st.analysis && st.version === d.version) files.push({ file: d.uri, report: st.analysis.report });
    }
    if (files.length < 2) return [];
    return analyzeAcross(files, { locale }).get(uri) ?? [];
  };

  const publish = async (uri: string, version: number): Promise<void> => {
    const cur = await current(uri);
    const doc = documents.get(uri);
    if (!doc || doc.version !== version) return; // a newer version is on its way
    if (!cur) {
      void connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const findings = [...cur.analysis.findings, ...crossFindings(uri, cur.locale)];
    void connection.sendDiagnostics({ uri, version, diagnostics: findings.map((f) => toDiagnostic(f, uri, docsUri)) });
  };

  const schedule = (doc: TextDocument, delay: number, withRelated = true) => {
    const prev = timers.get(doc.uri);
    if (prev) clearTimeout(prev);
    const version = doc.version;
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        void publish(doc.uri, version).then(() => {
          if (!withRelated) return;
          // Editing one year's report updates the other open reports of the agency.
          for (const other of documents.all()) if (other.uri !== doc.uri && cache.get(other.uri).analysis) void publish(other.uri, other.version);
        });
      }, delay),
    );
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientLocale = params.locale;
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!folders.length && params.rootUri) folders = [params.rootUri];
    const opts = (params.initializationOptions ?? {}) as { docsUri?: string };
    docsUri = opts.docsUri ?? findDocs();
    reloadRc();
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['#', '|', ':', ' '] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, 'source.fixAll.xxgk'] },
        codeLensProvider: {},
        inlayHintProvider: true,
        executeCommandProvider: { commands: [COMMANDS.alignTable] },
      },
      serverInfo: { name: 'xxgk-report', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'xxgk' });
  });

  const revalidateAll = () => {
    settingsCache.clear();
    cache.invalidate();
    for (const d of documents.all()) schedule(d, 0, false);
    void connection.languages.inlayHint.refresh().catch(() => undefined);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };

  connection.onDidChangeConfiguration(() => revalidateAll());
  connection.onDidChangeWatchedFiles((p) => {
    if (p.changes.some((c) => c.uri.endsWith(RC_NAME))) {
      rcWarned = false;
      reloadRc();
      revalidateAll();
    }
  });

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent(async (e) => {
    const s = await getSettings(e.document.uri);
    if (s.run === 'onType') schedule(e.document, s.debounceMs);
  });
  documents.onDidSave(async (e) => {
    const s = await getSettings(e.document.uri);
    if (s.run === 'onSave') schedule(e.document, 0);
  });
  documents.onDidClose((e) => {
    const t = timers.get(e.document.uri);
    if (t) clearTimeout(t);
    timers.delete(e.document.uri);
    cache.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(async (p) => {
    const cur = await current(p.textDocument.uri);
    if (!cur) return [];
    return codeActions(p.textDocument.uri, cur.analysis, p.range, p.context.diagnostics, p.context.only, cur.locale);
  });
  connection.onCompletion(async (p) => {
    const cur = await current(p.textDocument.uri);
    return cur ? completions(cur.analysis.report, p.position, cur.locale) : [];
  });
  connection.onHover(async (p) => {
    const cur = await current(p.textDocument.uri);
    return cur ? hover(cur.analysis.report, p.position, cur.locale) : null;
  });
  connection.onCodeLens(async (p) => {
    const cur = await current(p.textDocument.uri);
    return cur ? codeLenses(cur.analysis, cur.locale) : [];
  });
  connection.languages.inlayHint.on(async (p) => {
    const cur = await current(p.textDocument.uri);
    if (!cur || !cur.settings.inlayHints.enabled) return [];
    return inlayHints(cur.analysis, p.range, cur.locale);
  });
  connection.onExecuteCommand(async (p) => {
    if (p.command !== COMMANDS.alignTable) return null;
    const [uri, position] = (p.arguments ?? []) as [string, Position];
    const cur = typeof uri === 'string' ? await current(uri) : null;
    if (!cur || !position) return null;
    const r = cur.analysis.report;
    const table = tableAt(r, r.lines.offset(position));
    if (!table) return null;
    const edits = alignTable(r.text, table).map((e) => ({ range: r.lines.range(e.span), newText: e.newText }));
    if (!edits.length) return { applied: true, edits: 0 };
    const res = await connection.workspace.applyEdit({ label: 'Align table', edit: { changes: { [uri]: edits } } });
    return { applied: res.applied, edits: edits.length };
  });

  // The preview (rendered from the same analysis) and the exports, for the VS Code client.
  connection.onRequest(REQUESTS.preview, async (p: { uri: string }) => {
    const cur = await current(p.uri);
    if (!cur) return null;
    const findings = [...cur.analysis.findings, ...crossFindings(p.uri, cur.locale)].sort((a, b) => a.span.start - b.span.start);
    const layout = layoutReport(cur.analysis.report, findings);
    return {
      version: cur.doc.version,
      title: layout.title,
      html: renderBody(layout, { lines: cur.analysis.report.lines, findings, locale: cur.locale }),
      counts: layout.findings,
    };
  });
  connection.onRequest(REQUESTS.export, async (p: { uri: string; format: ExportFormat; browserPath?: string }) => {
    if (!EXPORT_FORMATS.includes(p.format)) return new ResponseError(ErrorCodes.InvalidParams, `unknown export format ${String(p.format)}`);
    const cur = await current(p.uri);
    if (!cur) return new ResponseError(ErrorCodes.InvalidParams, 'not an open report');
    try {
      const bytes = await exportReport(cur.analysis.report, p.format, { browserPath: p.browserPath });
      return { data: Buffer.from(bytes).toString('base64'), version: cur.doc.version };
    } catch (e) {
      const code = e instanceof BrowserNotFoundError ? 1001 : ErrorCodes.InternalError;
      return new ResponseError(code, (e as Error).message);
    }
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
