/**
 * PDF export: the exported HTML printed by a Chromium-family browser already installed on the
 * machine (Chrome, Edge, Chromium). Never downloads a browser. The browser is driven over its
 * DevTools protocol on a pipe (--remote-debugging-pipe, as browser automation libraries do): one
 * page, JavaScript off, every request but the document's failed, Page.printToPDF. That is all PDF
 * printing needs, so the package carries no browser automation library.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export class BrowserNotFoundError extends Error {
  constructor(public readonly tried: string[]) {
    super(
      'No Chrome, Edge or Chromium was found to print the PDF. Install one of them (on Debian/Ubuntu: `apt install chromium`), ' +
        'or set the setting `xxgk.export.browserPath` (CLI: --browser PATH or XXGK_BROWSER) to its executable.',
    );
    this.name = 'BrowserNotFoundError';
  }
}

/** Where Chrome, Edge and Chromium install themselves on Windows, macOS and Linux. */
export function browserCandidates(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((x): x is string => !!x);
    const rel = ['Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe', 'Chromium\\Application\\chrome.exe', 'BraveSoftware\\Brave-Browser\\Application\\brave.exe'];
    return roots.flatMap((r) => rel.map((p) => `${r}\\${p}`));
  }
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge', 'Chromium.app/Contents/MacOS/Chromium', 'Brave Browser.app/Contents/MacOS/Brave Browser'];
    const roots = ['/Applications', env.HOME ? join(env.HOME, 'Applications') : ''].filter(Boolean);
    return roots.flatMap((r) => apps.map((a) => `${r}/${a}`));
  }
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable', 'brave-browser'];
  const dirs = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter(Boolean);
  const out: string[] = [];
  for (const n of names) for (const d of dirs) out.push(join(d, n));
  out.push('/snap/bin/chromium', '/opt/google/chrome/chrome', '/opt/microsoft/msedge/msedge');
  return [...new Set(out)];
}

/** The browser to print with: the configured path if given (it must exist), else the first one installed. */
export function findBrowser(configured?: string, exists: (p: string) => boolean = existsSync): string {
  if (configured && configured.trim()) {
    if (!exists(configured)) throw new BrowserNotFoundError([configured]);
    return configured;
  }
  const tried = browserCandidates();
  const found = tried.find((p) => exists(p));
  if (!found) throw new BrowserNotFoundError(tried);
  return found;
}

/** Prints a self-contained HTML document (see renderDocument) to an A4 PDF. */
export async function renderPdf(html: string, options: { browserPath?: string; timeoutMs?: number } = {}): Promise<Uint8Array> {
  const executablePath = findBrowser(options.browserPath);
  const timeoutMs = options.timeoutMs ?? 60000;
  const profile = mkdtempSync(join(tmpdir(), 'xxgk-pdf-'));
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const args = [
    '--headless',
    '--remote-debugging-pipe',
    `--user-data-dir=${profile}`,
    '--no-startup-window',
    '--no-first-run',
    '--no-default-browser-check',
    // The page has no script and no remote resource (its CSP forbids both); the browser needs no network.
    '--disable-gpu',
    '--disable-extensions',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--mute-audio',
    ...(runningAsRoot ? ['--no-sandbox'] : []),
  ];
  // fd 3: what the browser reads (our commands), fd 4: what it writes (answers and events).
  const child = spawn(executablePath, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], windowsHide: true });
  const cdp = new Cdp(child.stdio[3] as Writable, child.stdio[4] as Readable);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
  // A browser that could not be started emits 'error' and may never emit 'exit'.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (e) => reject(new Error(`could not start ${executablePath}: ${e.message}`)));
    child.once('exit', (code, signal) => {
      // What it said before it stopped may still be on its way: wait for the end of its stderr (briefly).
      const say = () => reject(new Error(`${executablePath} stopped before the PDF was printed (${signal ?? `exit code ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`));
      if (!child.stderr || child.stderr.readableEnded) return say();
      const t = setTimeout(say, 500);
      child.stderr.once('end', () => {
        clearTimeout(t);
        say();
      });
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`printing the PDF took more than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  try {
    // The pipe may close before the process is seen to stop: then the stop (its exit code, what it said) is the news.
    const printed = print(cdp, html).catch(async (e: unknown) => {
      await Promise.race([failed, new Promise((r) => setTimeout(r, 1000))]);
      throw e;
    });
    return await Promise.race([printed, failed, timedOut]);
  } finally {
    clearTimeout(timer);
    failed.catch(() => undefined);
    cdp.send('Browser.close').catch(() => undefined);
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    // Our ends of its pipes: a process the browser left behind may still hold the other ends.
    for (const stream of child.stdio) stream?.destroy();
    removeProfile(profile);
  }
}

/** The document is served from memory at this address: the only request the page may make. */
const DOCUMENT_URL = 'http://xxgk-report.invalid/report.html';

async function print(cdp: Cdp, html: string): Promise<Uint8Array> {
  const { targetId } = (await cdp.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  const page = (method: string, params?: object) => cdp.send(method, params, sessionId);
  // No script runs, and nothing is fetched, not even a file: URL: the CSP already forbids both; this is the second wall.
  await page('Emulation.setScriptExecutionDisabled', { value: true });
  cdp.on('Fetch.requestPaused', sessionId, (e: { requestId: string; request: { url: string }; resourceType: string }) => {
    if (e.request.url === DOCUMENT_URL && e.resourceType === 'Document') {
      void page('Fetch.fulfillRequest', {
        requestId: e.requestId,
        responseCode: 200,
        responseHeaders: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }],
        body: Buffer.from(html, 'utf8').toString('base64'),
      }).catch(() => undefined);
    } else {
      void page('Fetch.failRequest', { requestId: e.requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
    }
  });
  await page('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
  await page('Page.enable');
  const loaded = cdp.once('Page.loadEventFired', sessionId);
  const nav = (await page('Page.navigate', { url: DOCUMENT_URL })) as { errorText?: string };
  if (nav.errorText) throw new Error(`the page to print did not load: ${nav.errorText}`);
  await loaded;
  const { data } = (await page('Page.printToPDF', {
    paperWidth: 210 / 25.4,
    paperHeight: 297 / 25.4,
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: false,
  })) as { data: string };
  return new Uint8Array(Buffer.from(data, 'base64'));
}

/** The browser's profile folder: removed, a few times over on Windows where the browser's files may still be open. */
function removeProfile(dir: string): void {
  for (let i = 0; i < 5; i++) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
      return;
    } catch {
      /* try again */
    }
  }
}

/** The DevTools protocol over the browser's pipe: messages are JSON, each ended by a NUL byte. */
class Cdp {
  private next = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  private listeners: { method: string; sessionId: string | undefined; fn: (params: never) => void }[] = [];
  private buffered: Buffer[] = [];

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    out.on('error', () => undefined);
    input.on('data', (chunk: Buffer) => this.read(chunk));
    input.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`the browser closed before answering ${p.method}`));
      this.pending.clear();
    });
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  on(method: string, sessionId: string | undefined, fn: (params: never) => void): void {
    this.listeners.push({ method, sessionId, fn });
  }

  once(method: string, sessionId: string | undefined): Promise<unknown> {
    return new Promise((resolve) => {
      const l = { method, sessionId, fn: (p: never) => {
        this.listeners = this.listeners.filter((x) => x !== l);
        resolve(p);
      } };
      this.listeners.push(l);
    });
  }

  private read(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      this.buffered.push(chunk.subarray(start, end));
      const text = Buffer.concat(this.buffered).toString('utf8');
      this.buffered = [];
      start = end + 1;
      this.dispatch(text);
    }
    if (start < chunk.length) this.buffered.push(chunk.subarray(start));
  }

  private dispatch(text: string): void {
    let msg: { id?: number; method?: string; params?: unknown; sessionId?: string; result?: unknown; error?: { message: string } };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
      return;
    }
    for (const l of [...this.listeners]) if (l.method === msg.method && l.sessionId === msg.sessionId) l.fn(msg.params as never);
  }
}
