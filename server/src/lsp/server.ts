/** The xxgk-report language server: the analysis core behind LSP. */
import {
  CodeActionKind, Connection, FileChangeType, ErrorCodes, ResponseError, DidChangeConfigurationNotification, MessageType, ShowMessageNotification, TextDocumentSyncKind, TextDocuments,
  type InitializeParams, type InitializeResult, type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { agencyKey, analyzeAcross } from '../core/index.js';
import type { Analysis, FileReport, Finding, Locale } from '../core/index.js';
import { WorkspaceIndex } from './workspaceIndex.js';
import { createServerConnection } from './connection.js';
import { ruleLinker } from './ruleDocs.js';
import { firstToFill, newReport, nextYearReport, type NextYear } from '../core/newyear.js';
import { Analyzer } from '../core/index.js';
import { DocumentCache, isReport } from './documents.js';
import { DEFAULTS, RC_NAME, RcFile, Settings, normalizeSettings, pickLocale, readRc, toConfig } from './settings.js';
import { codeActions, codeLenses, completions, hover, inlayHints, toDiagnostic } from './features.js';
import { alignTable, tableAt } from './align.js';
import { PREVIEW_BUDGET, cutToBudget, layoutReport, type Layout, type LayoutBlock } from '../render/layout.js';
import type { LineIndex } from '../core/index.js';
import { renderBody } from '../render/html.js';
import { exportReport, ExportLimitError, EXPORT_FORMATS, type ExportFormat } from '../render/export.js';
import { BrowserNotFoundError } from '../render/pdf.js';

/** Notifications: to the client `xxgk/indexStatus` {state, reports} when the workspace index starts or ends a scan; from it `xxgk/trust` when the user trusts the workspace. */
export const NOTIFICATIONS = { indexStatus: 'xxgk/indexStatus', trust: 'xxgk/trust' };
export const REQUESTS = { preview: 'xxgk/preview', export: 'xxgk/export', index: 'xxgk/index', newYear: 'xxgk/newYear', newReport: 'xxgk/newReport', import: 'xxgk/import', importUrl: 'xxgk/importUrl', meta: 'xxgk/meta' };
export const COMMANDS = { alignTable: 'xxgk.server.alignTable' } // distinct from the client's xxgk.alignTable, which the LanguageClient would otherwise register twice;

/** The paragraph closing a preview cut to its budget: how much is shown, and where to see the rest. */
function previewNotice(cut: { shown: number; total: number }, locale: Locale, lines: LineIndex, full: Layout): LayoutBlock {
  const n = (x: number) => x.toLocaleString('en-US');
  const next = full.blocks[cut.shown - 1];
  const from = next ? lines.position(next.kind === 'signature' ? next.lines[0].source.end : next.source.end).line + 1 : 1;
  const text = locale === 'en'
    ? `The preview shows the first ${n(cut.shown)} of ${n(cut.total)} parts (to line ${n(from)}): the report is past the preview's limit of ${n(PREVIEW_BUDGET.cells)} table cells or ${n(PREVIEW_BUDGET.chars)} characters. Export it to see all of it.`
    : `预览只显示了 ${n(cut.total)} 个部分中的前 ${n(cut.shown)} 个（至第 ${n(from)} 行）：报告超过预览的上限（${n(PREVIEW_BUDGET.cells)} 个表格单元格或 ${n(PREVIEW_BUDGET.chars)} 个字符）。导出后可查看全文。`;
  return { kind: 'paragraph', style: 'quote', runs: [{ text, bold: true }], source: { start: 0, end: 0 } };
}

export function startServer(connection: Connection = createServerConnection()): Connection {
  const documents = new TextDocuments(TextDocument);
  const cache = new DocumentCache();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const settingsCache = new Map<string, Promise<Settings>>();
  let clientLocale: string | undefined;
  let hasConfiguration = false;
  let folders: string[] = [];
  let rc: RcFile = {};
  let ruleLink: (code: string) => string | undefined = () => undefined;
  let rcWarned = false;
  const index = new WorkspaceIndex();
  let indexing: Promise<void> | undefined;
  /** File events being applied to the index, in order. */
  let fileEvents: Promise<void> = Promise.resolve();
  let indexStatus: { state: 'idle' | 'indexing' | 'ready' | 'cancelled'; reports: number; files: number; ms: number } = { state: 'idle', reports: 0, files: 0, ms: 0 };
  let workDoneProgress = false;
  let workspaceFolderEvents = false;
  let republishTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Whether the workspace is trusted (the client says so; a client that knows no workspace trust is trusted). In
   * Restricted Mode the workspace's `.xxgkrc.json` is not read at all: a folder someone sent cannot configure, hang or
   * flood the server through it.
   */
  let trusted = true;
  /** The last `.xxgkrc.json` read, in order: a reload never finishes before the one it replaced. */
  let rcLoad: Promise<void> = Promise.resolve();
  /**
   * A warning for the user, as a notification: showWarningMessage is a request, and a client that does not answer it
   * made the rejection unhandled, which ended the server.
   */
  const warn = (message: string) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(() => undefined);
  const reloadRc = (): Promise<void> => {
    const load = async () => {
      let next: RcFile = {};
      if (trusted) {
        for (const f of folders) {
          const r = await readRc(f);
          if (r.error && !rcWarned) {
            rcWarned = true;
            const error = r.error;
            void serverLocale().then((l) => warn(`xxgk-report: ${l === 'en' ? error.en : error.zh}`));
          }
          if (r.rules || r.locale) {
            next = r;
            break;
          }
        }
      }
      rc = next;
    };
    rcLoad = rcLoad.then(load, load);
    return rcLoad;
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

  /** Findings across years (X01, X02) for `uri`: last year's report from the open documents, else from the workspace index. */
  const crossFindings = async (uri: string, locale: Locale): Promise<Finding[]> => {
    const target = cache.get(uri)?.analysis?.report;
    const year = target?.meta.year;
    const key = agencyKey(target?.meta.agency);
    if (!target || year === undefined || !key) return [];
    let prev: FileReport | undefined;
    for (const d of documents.all()) {
      if (d.uri === uri) continue;
      const o = cache.get(d.uri);
      const r = o?.analysis?.report;
      if (r && o.version === d.version && r.meta.year === year - 1 && agencyKey(r.meta.agency) === key) {
        prev = { file: d.uri, report: r };
        break;
      }
    }
    if (!prev) {
      for (const e of index.find(key, year - 1)) {
        if (e.uri === uri || documents.get(e.uri)) continue; // an open document speaks for itself (above)
        const r = await index.load(e.uri);
        if (r && r.meta.year === year - 1 && agencyKey(r.meta.agency) === key) {
          prev = { file: e.uri, report: r };
          break;
        }
      }
    }
    if (!prev || cache.get(uri)?.analysis?.report !== target) return [];
    return analyzeAcross([{ file: uri, report: target }, prev], { locale }).get(uri) ?? [];
  };

  /** Publications under way (awaiting settings or last year's report): none once the server is idle. */
  let publishing = 0;
  const publish = async (uri: string, version: number): Promise<void> => {
    publishing++;
    try {
      await publishNow(uri, version);
    } finally {
      publishing--;
    }
  };
  const publishNow = async (uri: string, version: number): Promise<void> => {
    const cur = await current(uri);
    const doc = documents.get(uri);
    if (!doc || doc.version !== version) return; // a newer version is on its way
    if (!cur) {
      void connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const cross = await crossFindings(uri, cur.locale);
    if (documents.get(uri)?.version !== version) return;
    const findings = [...cur.analysis.findings, ...cross];
    void connection.sendDiagnostics({ uri, version, diagnostics: findings.map((f) => toDiagnostic(f, uri, ruleLink)) });
  };

  /** Agency and year of each open report at its last analysis, to know which other report compares with it. */
  const yearKeys = new Map<string, string>();
  const yearKey = (r: { meta: { agency?: string; year?: number } } | undefined): string | undefined => {
    const a = agencyKey(r?.meta.agency);
    return a && r?.meta.year !== undefined ? `${a}\u0000${r.meta.year}` : undefined;
  };
  const nextKey = (k: string) => {
    const i = k.lastIndexOf('\u0000');
    return `${k.slice(0, i)}\u0000${Number(k.slice(i + 1)) + 1}`;
  };

  /**
   * Publishes again the open reports that compare themselves with a report of these agency-year keys: next year's
   * report of the agency (X01/X02 look one year back, nothing else depends on another report).
   */
  const republishNextYear = (keys: (string | undefined)[], except: string) => {
    const next = new Set(keys.filter((k): k is string => !!k).map((k) => nextKey(k)));
    if (!next.size) return;
    for (const other of documents.all()) {
      if (other.uri === except) continue;
      const k = yearKey(cache.get(other.uri)?.analysis?.report);
      if (k && next.has(k)) void publish(other.uri, other.version);
    }
  };

  const schedule = (doc: TextDocument, delay: number, withRelated = true) => {
    const prev = timers.get(doc.uri);
    if (prev) clearTimeout(prev);
    const version = doc.version;
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const before = yearKeys.get(doc.uri);
        void publish(doc.uri, version).then(() => {
          if (documents.get(doc.uri) !== doc) return; // closed meanwhile: its close cleared its key and told next year's report
          const now = yearKey(cache.get(doc.uri)?.analysis?.report);
          if (now) yearKeys.set(doc.uri, now);
          else yearKeys.delete(doc.uri);
          // Editing one year's report updates next year's open report of the agency, under the agency and year it
          // had before the edit and has now; no other report can change.
          if (withRelated) republishNextYear([before, now], doc.uri);
        });
      }, delay),
    );
  };

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    clientLocale = params.locale;
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!folders.length && params.rootUri) folders = [params.rootUri];
    const opts = (params.initializationOptions ?? {}) as { ruleDocLink?: string; trusted?: boolean };
    trusted = opts.trusted !== false;
    ruleLink = ruleLinker(typeof opts.ruleDocLink === 'string' ? opts.ruleDocLink : undefined);
    workDoneProgress = !!params.capabilities.window?.workDoneProgress;
    workspaceFolderEvents = !!params.capabilities.workspace?.workspaceFolders;
    await reloadRc();
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['#', '|', ':', ' '] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, 'source.fixAll.xxgk'] },
        codeLensProvider: {},
        inlayHintProvider: true,
        executeCommandProvider: { commands: [COMMANDS.alignTable] },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'xxgk-report', version: '0.1.0' },
    };
  });

  /** Publishes every open report again (last year's report changed on disk, or the index is ready). */
  const republishOpen = (delay = 50) => {
    if (republishTimer) clearTimeout(republishTimer);
    republishTimer = setTimeout(() => {
      republishTimer = undefined;
      for (const d of documents.all()) if (cache.get(d.uri)?.analysis) void publish(d.uri, d.version);
    }, delay);
  };

  /** The language of messages that belong to no document (progress, warnings): the first folder's settings. */
  const serverLocale = async (): Promise<Locale> => localeOf(await getSettings(folders[0] ?? ''));

  /** Tells the client (the language status item) where the index stands. */
  const sendIndexStatus = () => void connection.sendNotification(NOTIFICATIONS.indexStatus, { state: indexStatus.state, reports: index.size }).catch(() => undefined);

  /** Indexes the reports in the given folders, with progress in the client for long runs, cancellable. */
  const indexFolders = (uris: string[]): Promise<void> => {
    const run = async () => {
      indexStatus = { ...indexStatus, state: 'indexing' };
      sendIndexStatus();
      const en = (await serverLocale()) === 'en';
      let cancelled = false;
      let reporter: Awaited<ReturnType<typeof connection.window.createWorkDoneProgress>> | undefined;
      let shown = false;
      /** Set when the scan is over: a progress the client grants later is never begun (it would never end). */
      let finished = false;
      const started = Date.now();
      const res = await index.scan(uris, {
        cancelled: () => cancelled,
        progressEvery: 50,
        progress: (done, found) => {
          // A progress item only for runs long enough to notice (no flash for a handful of files).
          if (!shown && workDoneProgress && Date.now() - started > 500) {
            shown = true;
            void connection.window.createWorkDoneProgress().then((r) => {
              if (finished) return;
              reporter = r;
              r.begin('xxgk-report', undefined, en ? `Indexing the annual reports in the workspace (${found})` : `正在索引工作区中的年度报告（${found}）`, true);
              r.token.onCancellationRequested(() => (cancelled = true));
            }, () => undefined);
          }
          reporter?.report(en ? `Indexing the annual reports in the workspace: ${done} file(s) read, ${found} report(s)` : `正在索引工作区中的年度报告：已读 ${done} 个文件，${found} 份报告`);
        },
      });
      finished = true;
      reporter?.done();
      indexStatus = { state: res.cancelled ? 'cancelled' : 'ready', reports: index.size, files: indexStatus.files + res.files, ms: indexStatus.ms + res.ms };
      sendIndexStatus();
      connection.console.log(`xxgk-report: indexed ${res.reports} report(s) among ${res.files} Markdown file(s) in ${Math.round(res.ms)} ms${res.cancelled ? ' (cancelled)' : ''}`);
      if (index.skipped) {
        const n = index.size + index.skipped;
        warn(en
          ? `xxgk-report: the workspace has more than ${n} Markdown files; only the first were indexed, so the cross-year checks may be incomplete.`
          : `xxgk-report: 工作区中的 Markdown 文件超过 ${n} 个，只索引了前面的部分；跨年度检查可能不完整。`);
      }
      republishOpen(0);
    };
    indexing = (indexing ?? Promise.resolve()).then(run, run);
    return indexing;
  };

  connection.onInitialized(() => {
    if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'xxgk' });
    if (workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) index.removeFolder(f.uri);
        folders = folders.filter((u) => !e.removed.some((r) => r.uri === u)).concat(e.added.map((f) => f.uri));
        if (e.added.length) void indexFolders(e.added.map((f) => f.uri));
        else republishOpen();
      });
    }
    void indexFolders(folders);
  });

  const revalidateAll = () => {
    settingsCache.clear();
    cache.invalidate();
    for (const d of documents.all()) schedule(d, 0, false);
    void connection.languages.inlayHint.refresh().catch(() => undefined);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };

  connection.onDidChangeConfiguration(() => revalidateAll());
  /** The user trusted the workspace (or took trust back): its `.xxgkrc.json` counts from now on (or no longer). */
  connection.onNotification(NOTIFICATIONS.trust, async (p: { trusted?: boolean }) => {
    const now = p?.trusted !== false;
    if (now === trusted) return;
    trusted = now;
    rcWarned = false;
    await reloadRc();
    revalidateAll();
  });
  connection.onDidChangeWatchedFiles(async (p) => {
    if (p.changes.some((c) => c.uri.endsWith(RC_NAME)) && trusted) {
      rcWarned = false;
      await reloadRc();
      revalidateAll();
    }
    // Reports created, changed, renamed (delete + create) or deleted on disk: the index follows, and the open
    // reports are checked again against last year's. Events are handled in order, one batch after the other.
    const changes = p.changes.filter((c) => /\.md$/i.test(c.uri.split(/[?#]/)[0]));
    if (!changes.length) return;
    const apply = async () => {
      let touched = false;
      for (const c of changes) {
        if (c.type === FileChangeType.Deleted) touched = index.remove(c.uri) || touched;
        else {
          const before = index.get(c.uri);
          index.invalidate(c.uri);
          const after = await index.update(c.uri);
          touched ||= !!before || !!after;
        }
      }
      if (touched) {
        republishOpen();
        // The language status counts the workspace's reports: a report created or deleted changes the count.
        if (indexStatus.state !== 'indexing') sendIndexStatus();
      }
    };
    fileEvents = fileEvents.then(apply, apply);
    await fileEvents;
  });

  documents.onDidOpen((e) => schedule(e.document, 0));
  // The settings may arrive after the document closed (or closed and opened again): then nothing is scheduled for it.
  documents.onDidChangeContent(async (e) => {
    const s = await getSettings(e.document.uri);
    if (s.run === 'onType' && documents.get(e.document.uri) === e.document) schedule(e.document, s.debounceMs);
  });
  documents.onDidSave(async (e) => {
    const s = await getSettings(e.document.uri);
    if (s.run === 'onSave' && documents.get(e.document.uri) === e.document) schedule(e.document, 0);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    // Its agency and year as last published, and as last analysed (a hover may have analysed a newer text).
    const keys = [yearKeys.get(uri), yearKey(cache.get(uri)?.analysis?.report)];
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.delete(uri);
    cache.delete(uri);
    yearKeys.delete(uri);
    settingsCache.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    // Next year's open report of the agency now reads this file from disk (its unsaved edits are gone), or finds
    // none; no other open report compared itself with this one, so no other is published again.
    republishNextYear(keys, uri);
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
    const findings = [...cur.analysis.findings, ...(await crossFindings(p.uri, cur.locale))].sort((a, b) => a.span.start - b.span.start);
    const full = layoutReport(cur.analysis.report, findings);
    // A preview past its budget shows its first part and says so, rather than answering with megabytes.
    const cut = cutToBudget(full, PREVIEW_BUDGET);
    const layout = cut ? { ...cut.layout, blocks: [...cut.layout.blocks, previewNotice(cut, cur.locale, cur.analysis.report.lines, full)] } : full;
    return {
      version: cur.doc.version,
      title: layout.title,
      html: renderBody(layout, { lines: cur.analysis.report.lines, findings, locale: cur.locale }),
      counts: layout.findings,
      ...(cut ? { truncated: { shown: cut.shown, total: cut.total } } : {}),
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
      if (e instanceof ExportLimitError) return new ResponseError(1004, cur.locale === 'en' ? e.en : e.zh);
      const code = e instanceof BrowserNotFoundError ? 1001 : ErrorCodes.InternalError;
      return new ResponseError(code, (e as Error).message);
    }
  });

  /** Next year's report from an open report (its current text, unsaved edits included). */
  connection.onRequest(REQUESTS.newYear, async (p: { uri: string }) => {
    const cur = await current(p.uri);
    if (!cur) return new ResponseError(ErrorCodes.InvalidParams, 'not an open report');
    const next = nextYearReport(cur.analysis.report);
    if (next.problem) return new ResponseError(1002, cur.locale === 'en' ? `The report ${next.problem.replace(/^the report /, '')}; cannot tell which report comes next.` : next.problem.includes('year') ? '报告中没有年度（front matter 的“年度”或标题中的年份），无法确定下一年度。' : '报告中没有机关名称（front matter 的“机关”或标题），无法生成下一年度报告。');
    return withCursor(next, ['cells', 'prompts']);
  });

  /** Where the author starts in a generated report (see firstToFill). */
  const withCursor = (r: NextYear, order: ('cells' | 'prompts')[]) => {
    const a = new Analyzer().analyze(r.text);
    return { ...r, cursor: firstToFill(a.report, a.findings, order) };
  };

  /** What the language status item shows of a report: agency, year, edition and kind as the checker reads them. */
  connection.onRequest(REQUESTS.meta, async (p: { uri?: unknown }) => {
    const cur = typeof p?.uri === 'string' ? await current(p.uri) : null;
    if (!cur) return null;
    const m = cur.analysis.report.meta;
    return { agency: m.agency, year: m.year, edition: m.edition, kind: m.kind };
  });

  /** A new, empty report of an agency for a year (新建年度报告); the client writes it. */
  connection.onRequest(REQUESTS.newReport, async (p: { agency?: unknown; year?: unknown; kind?: unknown }) => {
    const en = (await serverLocale()) === 'en';
    const year = typeof p?.year === 'number' ? p.year : Number(p?.year);
    const r = newReport({ agency: typeof p?.agency === 'string' ? p.agency : '', year, kind: p?.kind === '政府' ? '政府' : '部门' });
    if (r.problem === 'no agency') return new ResponseError(ErrorCodes.InvalidParams, en ? 'The agency\'s name is needed.' : '请填写机关名称。');
    if (r.problem) return new ResponseError(ErrorCodes.InvalidParams, en ? `${String(p?.year)} is not a report year.` : `“${String(p?.year)}”不是报告年度。`);
    return withCursor(r, ['prompts', 'cells']);
  });

  /** A published report (text, HTML or .docx, base64) in the dialect; nothing is written here, the client writes it. */
  connection.onRequest(REQUESTS.import, async (p: { name: string; data: string }) => {
    if (typeof p?.name !== 'string' || typeof p?.data !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'import needs { name, data (base64) }');
    // In a worker thread with a memory and a time budget: a hostile file fails with a message, the server goes on.
    const [{ importInWorker }, { ImportError }] = await Promise.all([import('../import/worker.js'), import('../import/types.js')]);
    try {
      return await importInWorker({ name: p.name, data: Buffer.from(p.data, 'base64') });
    } catch (e) {
      return new ResponseError(e instanceof ImportError ? 1003 : ErrorCodes.InternalError, (e as Error).message);
    }
  });

  /** A published report online (the page, else its attachment), fetched and imported in a worker thread; the client writes it. */
  connection.onRequest(REQUESTS.importUrl, async (p: { url: string; locale?: string }) => {
    if (typeof p?.url !== 'string' || !/^https?:\/\//i.test(p.url)) return new ResponseError(ErrorCodes.InvalidParams, 'importUrl needs { url } (http or https)');
    const { importUrlInWorker } = await import('../review/review.js');
    try {
      return await importUrlInWorker(p.url, p.locale === 'en' ? 'en' : 'zh-CN');
    } catch (e) {
      return new ResponseError(1003, (e as Error).message);
    }
  });

  /** The state of the workspace index (waits for a running scan): for the status of the extension and for tests. */
  connection.onRequest(REQUESTS.index, async (p?: { wait?: boolean; entries?: boolean; gc?: boolean }) => {
    if (p?.wait !== false) {
      await indexing;
      await fileEvents;
    }
    // A full collection before measuring, for honest memory figures (only when node runs with --expose-gc).
    const gc = p?.gc === true && typeof globalThis.gc === 'function' ? globalThis.gc : undefined;
    if (gc) {
      gc();
      await new Promise((r) => setImmediate(r)); // let finalizers and weak references settle, then once more
      gc();
    }
    const m = process.memoryUsage();
    return {
      ...indexStatus,
      reports: index.size,
      memory: { rss: m.rss, heapUsed: m.heapUsed, gc: !!gc },
      /** Sizes of the server's tables keyed by document URI: all back to their baseline once the documents close. */
      perDocument: {
        open: documents.keys().length,
        analyses: cache.size,
        timers: timers.size,
        settings: settingsCache.size,
        yearKeys: yearKeys.size,
        publishing,
        indexModels: index.loadedCount,
      },
      pid: process.pid,
      entries: p?.entries === false ? [] : index.all().map((e) => ({ uri: e.uri, agency: e.agency, year: e.year })),
    };
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
