/**
 * The preview: a webview beside the editor showing the report as it will be published, rendered
 * by the language server from the same analysis as the diagnostics. Live, scroll-synchronised
 * both ways, findings marked on their cells; strict CSP with a nonce, local resources only.
 */
import * as vscode from 'vscode';
import { t } from './l10n.js';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PRINT_CSS, SCREEN_CSS } from '../../server/src/render/html.js';

export interface PreviewResult {
  version: number;
  title: string;
  html: string;
  counts: { errors: number; warnings: number; infos: number };
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

export class ReportPreview implements vscode.Disposable {
  static readonly viewType = 'xxgk.preview';
  private disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private revealFromPreviewUntil = 0;
  private ready = false;
  /** The last content posted, for tests and for re-posting after the webview reloads. */
  last: PreviewResult | undefined;
  private readonly onUpdatedEmitter = new vscode.EventEmitter<PreviewResult>();
  readonly onUpdated = this.onUpdatedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    /** The report shown; changes when the preview follows another report (retarget). */
    public uri: vscode.Uri,
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => Promise<LanguageClient>,
    private readonly onExport: (format: string, uri: vscode.Uri) => void,
    private readonly onDispose: () => void,
  ) {
    panel.webview.options = webviewOptions(context);
    panel.webview.html = this.shell();
    panel.iconPath = previewIcon(context);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.uri.toString()) this.schedule(vscode.workspace.getConfiguration('xxgk', this.uri).get<number>('preview.delayMs', 150));
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === this.uri.toString())) this.schedule(50);
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        if (e.textEditor.document.uri.toString() !== this.uri.toString() || Date.now() < this.revealFromPreviewUntil) return;
        const line = e.visibleRanges[0]?.start.line;
        if (line !== undefined) void panel.webview.postMessage({ type: 'scroll', line });
      }),
    );
  }

  private shell(): string {
    const webview = this.panel.webview;
    const n = nonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'preview.js'));
    return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}'; img-src ${webview.cspSource} data:; font-src ${webview.cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${n}">${PRINT_CSS}\n${SCREEN_CSS}</style>
<title>${t('Report preview')}</title>
</head>
<body>
<div class="xxgk-toolbar" role="toolbar">
<button data-export="html" title="${t('Export as HTML')}">HTML</button>
<button data-export="pdf" title="${t('Export as PDF')}">PDF</button>
<button data-export="docx" title="${t('Export as Word (.docx)')}">Word</button>
</div>
<div id="content"><p class="loading">…</p></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
  }

  /** Shows another report in this preview (it follows the active report, as VS Code's Markdown preview does). */
  retarget(uri: vscode.Uri): void {
    if (uri.toString() === this.uri.toString()) return;
    this.uri = uri;
    this.last = undefined;
    void this.update();
  }

  schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  async update(): Promise<void> {
    this.timer = undefined;
    let result: PreviewResult | null;
    const uri = this.uri;
    try {
      const client = await this.client();
      await vscode.workspace.openTextDocument(uri); // after a reload the report may not be open yet: the server reads open documents
      result = await client.sendRequest<PreviewResult | null>('xxgk/preview', { uri: uri.toString() });
    } catch (e) {
      result = { version: -1, title: this.panel.title, html: `<p class="error">${String((e as Error).message).replace(/[<>&]/g, '')}</p>`, counts: { errors: 0, warnings: 0, infos: 0 } };
    }
    if (!result || uri.toString() !== this.uri.toString()) return; // retargeted meanwhile: that update follows
    this.last = result;
    this.panel.title = t('Preview: {0}', result.title);
    if (this.ready) void this.panel.webview.postMessage({ type: 'update', uri: this.uri.toString(), ...result });
    this.onUpdatedEmitter.fire(result);
  }

  private async onMessage(m: { type: string; line?: number; offset?: number; format?: string }): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.last) void this.panel.webview.postMessage({ type: 'update', uri: this.uri.toString(), ...this.last });
        else void this.update();
        break;
      case 'reveal': {
        const doc = await vscode.workspace.openTextDocument(this.uri);
        const pos = doc.positionAt(m.offset ?? 0);
        const editor = await vscode.window.showTextDocument(doc, { viewColumn: this.sourceColumn(), preserveFocus: false });
        editor.selection = new vscode.Selection(pos, pos);
        editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        break;
      }
      case 'didScroll': {
        const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
        if (!editor || m.line === undefined) return;
        this.revealFromPreviewUntil = Date.now() + 300;
        editor.revealRange(new vscode.Range(m.line, 0, m.line, 0), vscode.TextEditorRevealType.AtTop);
        break;
      }
      case 'export':
        if (m.format) this.onExport(m.format, this.uri);
        break;
    }
  }

  private sourceColumn(): vscode.ViewColumn {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    return editor?.viewColumn ?? vscode.ViewColumn.One;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.onDispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onUpdatedEmitter.dispose();
  }
}

/** The webview's options, for a new panel and for one VS Code restores after a reload. */
function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')], enableCommandUris: false };
}

/** The preview's own icon (a printed form), distinct from VS Code's Markdown preview beside it. */
function previewIcon(context: vscode.ExtensionContext): { light: vscode.Uri; dark: vscode.Uri } {
  return { light: vscode.Uri.joinPath(context.extensionUri, 'media', 'preview-light.svg'), dark: vscode.Uri.joinPath(context.extensionUri, 'media', 'preview-dark.svg') };
}

/**
 * The previews. Like VS Code's Markdown preview, a preview follows the report that is active in an editor; it is
 * restored after a window reload (a webview panel serializer: the webview's state holds the report's URI).
 */
export class PreviewManager implements vscode.Disposable {
  private previews = new Set<ReportPreview>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => Promise<LanguageClient>,
    private readonly onExport: (format: string, uri: vscode.Uri) => void,
    isReport: (doc: vscode.TextDocument) => boolean,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(ReportPreview.viewType, {
        deserializeWebviewPanel: async (panel, state: { uri?: string } | undefined) => {
          let uri: vscode.Uri | undefined;
          try {
            uri = typeof state?.uri === 'string' ? vscode.Uri.parse(state.uri, true) : undefined;
          } catch {
            uri = undefined;
          }
          if (!uri) {
            panel.dispose(); // nothing to show: a preview that never rendered
            return;
          }
          const p = this.adopt(panel, uri);
          await p.update();
        },
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const doc = editor?.document;
        if (!doc || !isReport(doc) || this.get(doc.uri)) return;
        const follower = [...this.previews][0];
        follower?.retarget(doc.uri);
      }),
    );
  }

  get(uri: vscode.Uri): ReportPreview | undefined {
    return [...this.previews].find((p) => p.uri.toString() === uri.toString());
  }

  private adopt(panel: vscode.WebviewPanel, uri: vscode.Uri): ReportPreview {
    const p: ReportPreview = new ReportPreview(panel, uri, this.context, this.client, this.onExport, () => this.previews.delete(p));
    this.previews.add(p);
    return p;
  }

  show(uri: vscode.Uri, column: vscode.ViewColumn = vscode.ViewColumn.Beside): ReportPreview {
    const existing = this.get(uri) ?? [...this.previews][0];
    if (existing) {
      existing.retarget(uri);
      existing.panel.reveal(existing.panel.viewColumn ?? column, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(ReportPreview.viewType, t('Report preview'), { viewColumn: column, preserveFocus: true }, {
      ...webviewOptions(this.context),
      enableFindWidget: true,
      retainContextWhenHidden: false,
    });
    return this.adopt(panel, uri);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const p of [...this.previews]) p.panel.dispose();
  }
}
