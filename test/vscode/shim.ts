#!/usr/bin/env node
/**
 * An executable that takes VS Code's command line as @vscode/test-electron passes it
 * (`--extensionDevelopmentPath=…`, `--extensionTestsPath=…`, `--user-data-dir=…`, a folder) and
 * runs the extension tests in code-server + headless Chromium instead of a downloaded VS Code.
 * Exits with the tests' exit code. Handed to `runTests({ vscodeExecutablePath })`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchChromium, remoteUri, startCodeServer, workbenchUrl, repoRoot } from './code-server.js';

function parseArgs(argv: string[]) {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const [k, v] = eq > 0 ? [a.slice(2, eq), a.slice(eq + 1)] : [a.slice(2), ''];
      if (eq < 0 && (k === 'user-data-dir' || k === 'extensions-dir' || k === 'extensionDevelopmentPath' || k === 'extensionTestsPath')) {
        flags.set(k, [...(flags.get(k) ?? []), argv[++i]]);
      } else flags.set(k, [...(flags.get(k) ?? []), v]);
    } else positional.push(a);
  }
  return { flags, positional };
}

async function main(): Promise<number> {
  const { flags, positional } = parseArgs(process.argv.slice(2));
  if (flags.has('version')) {
    console.log('1.100.3 (code-server 4.100.3 shim)');
    return 0;
  }
  const devPaths = flags.get('extensionDevelopmentPath') ?? [];
  const testsPath = flags.get('extensionTestsPath')?.[0];
  if (!testsPath) {
    console.error('shim: --extensionTestsPath is required (this executable only runs extension tests)');
    return 2;
  }
  const root = mkdtempSync(join(tmpdir(), 'xxgk-code-server-'));
  const folder = resolve(positional[0] ?? (mkdirSync(join(root, 'workspace'), { recursive: true }), join(root, 'workspace')));
  const server = await startCodeServer({
    root,
    userDataDir: flags.get('user-data-dir')?.[0] ? resolve(flags.get('user-data-dir')![0]) : undefined,
    extensionsDir: flags.get('extensions-dir')?.[0] ? resolve(flags.get('extensions-dir')![0]) : undefined,
    echo: !!process.env.XXGK_DEBUG,
    // @vscode/test-electron always passes --disable-workspace-trust; the Restricted Mode suite asks for trust through the environment.
    trust: process.env.XXGK_VSCODE_TRUST === 'on',
  });
  const browser = await launchChromium(root);
  const timeoutMs = Number(process.env.XXGK_VSCODE_TIMEOUT_MS ?? 600000);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let finish!: (code: number) => void;
    const done = new Promise<number>((r) => (finish = r));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args])); // console.* arguments, printf-style
      if (type === 'error') process.stderr.write(text + '\n');
      else process.stdout.write(text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(Number(code) || 0));
    if (process.env.XXGK_DEBUG) page.on('console', (m) => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    const payload: [string, string][] = devPaths.map((p) => ['extensionDevelopmentPath', remoteUri(server, resolve(p))]);
    payload.push(['extensionTestsPath', remoteUri(server, resolve(testsPath))]);
    await page.goto(workbenchUrl(server, folder, payload));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((r) => (timer = setTimeout(() => r(-1), timeoutMs)));
    const code = await Promise.race([done, timeout]);
    clearTimeout(timer);
    if (code === -1) {
      const shot = join(repoRoot, 'test-output', 'vscode', 'timeout.png');
      mkdirSync(join(repoRoot, 'test-output', 'vscode'), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.error(`shim: the extension tests did not finish within ${timeoutMs / 1000} s (screenshot: ${shot})\ncode-server output:\n${server.output()}`);
      return 1;
    }
    return code;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`shim: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  },
);
