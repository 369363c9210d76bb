/** A minimal LSP client over stdio for tests: spawns the server as a user would (`xxgk-report lsp --stdio`). */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeParams, PublishDiagnosticsParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { repoRoot } from '../unit/helpers.js';

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly texts = new Map<string, { version: number; text: string }>();
  private diags = new Map<string, PublishDiagnosticsParams>();
  private waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  /** What the client answers to workspace/configuration, by section. */
  configuration: Record<string, unknown> = { xxgk: {} };
  /** Every window/showMessage the server sent, in arrival order. */
  readonly messages: { type: number; message: string }[] = [];
  /** Every diagnostics notification, in arrival order. */
  readonly published: (PublishDiagnosticsParams & { at: number })[] = [];
  stderr = '';

  /**
   * `nodeArgs` go to node before the script (e.g. `--expose-gc`, so that `xxgk/test/internals` with `gc: true` can
   * collect); `env` is added to the server's environment (e.g. XXGK_TEST_HOOKS=1 for the internals test hook).
   */
  constructor(args: string[] = ['lsp', '--stdio'], nodeArgs: string[] = [], env: Record<string, string> = {}) {
    this.proc = spawn(process.execPath, [...nodeArgs, join(repoRoot, 'bin', 'xxgk-report.js'), ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push({ ...p, at: performance.now() });
      this.diags.set(p.uri, p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === p.uri && w.pred(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => this.configuration[i.section ?? ''] ?? null));
    this.conn.onRequest('workspace/applyEdit', (p: { edit: WorkspaceEdit }) => {
      for (const [uri, edits] of Object.entries(p.edit.changes ?? {})) this.applyEdits(uri, edits);
      return { applied: true };
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/inlayHint/refresh', () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.conn.onNotification('window/showMessage', (m: { type: number; message: string }) => void this.messages.push(m));
    this.conn.onRequest('window/showMessageRequest', (m: { type: number; message: string }) => (this.messages.push(m), null));
    this.conn.listen();
  }

  async initialize(extra: Partial<InitializeParams> = {}): Promise<unknown> {
    const res = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, applyEdit: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      ...extra,
    });
    await this.conn.sendNotification('initialized', {});
    return res;
  }

  async open(uri: string, text: string, languageId = 'markdown'): Promise<void> {
    this.texts.set(uri, { version: 1, text });
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (full sync from the client's point of view). */
  async change(uri: string, text: string): Promise<number> {
    const cur = this.texts.get(uri)!;
    const version = cur.version + 1;
    this.texts.set(uri, { version, text });
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Closes the document (the server clears its diagnostics); the client forgets its text. */
  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.texts.get(uri)!.text;
  }

  /** Applies edits locally (as an editor would) — does not notify the server. */
  applyEdits(uri: string, edits: TextEdit[]): string {
    const cur = this.texts.get(uri)!;
    const lines = cur.text.split('\n');
    const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((s, l) => s + l.length + 1, 0) + p.character;
    const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
    let t = cur.text;
    for (const e of sorted) t = t.slice(0, off(e.range.start)) + e.newText + t.slice(off(e.range.end));
    this.texts.set(uri, { version: cur.version, text: t });
    return t;
  }

  /** Resolves with the first diagnostics of `uri` (already received or to come) that satisfy `pred`. */
  diagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    const have = this.diags.get(uri);
    if (have && pred(have)) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.diags.get(uri)?.diagnostics.map((d) => d.code))}`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  /** Diagnostics for the current version of `uri`. */
  forVersion(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    const v = this.texts.get(uri)!.version;
    return this.diagnostics(uri, (p) => p.version === v, timeoutMs);
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    await new Promise((r) => setTimeout(r, 50));
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

export const codes = (d: Diagnostic[]) => d.map((x) => String(x.code));
