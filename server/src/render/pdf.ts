/**
 * PDF export: the exported HTML printed by a Chromium-family browser already installed on the
 * machine (Chrome, Edge, Chromium), driven through playwright-core. Never downloads a browser.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
  const { chromium } = await import('playwright-core');
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    timeout: options.timeoutMs ?? 60000,
    // The page has no script and no remote resource (its CSP forbids both); the browser needs no network.
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', ...(runningAsRoot ? ['--no-sandbox'] : [])],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    // Nothing is fetched, not even a file: URL. The CSP already forbids it; this is the second wall.
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: options.timeoutMs ?? 60000 });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
    return new Uint8Array(pdf);
  } finally {
    await browser.close().catch(() => undefined);
  }
}
