/**
 * A real VS Code for the tests on machines that only reach npm: code-server (VS Code 1.100.3 as a
 * server) driven by Debian's headless Chromium through playwright-core. See
 * ../shared/notes/real-vscode-offline.md. Used by the @vscode/test-electron shim and the UI test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { findBrowser } from '../../server/src/render/pdf.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Path of code-server's entry script: $XXGK_CODE_SERVER, or what scripts/setup-test-env.sh installs (and prints). */
export function codeServerEntry(): string {
  const given = process.env.XXGK_CODE_SERVER;
  if (given) {
    if (!existsSync(given)) throw new Error(`XXGK_CODE_SERVER=${given} does not exist`);
    return given;
  }
  const r = spawnSync('bash', [join(repoRoot, 'scripts', 'setup-test-env.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`scripts/setup-test-env.sh failed (exit ${r.status})`);
  const lines = r.stdout.trim().split('\n');
  return lines[lines.length - 1];
}

/** The Chromium the tests drive: $XXGK_CHROMIUM, else the one the PDF export would find (Debian's /usr/bin/chromium here). */
export function chromiumPath(): string {
  return findBrowser(process.env.XXGK_CHROMIUM);
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

export interface CodeServer {
  port: number;
  origin: string;
  process: ChildProcess;
  /** Everything code-server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Root for user data, extensions, config, XDG dirs and TMPDIR (created). */
  root: string;
  userDataDir?: string;
  extensionsDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Print code-server's output as it comes. */
  echo?: boolean;
  /** Workspace trust on, so that a folder never trusted opens in Restricted Mode (default: off). */
  trust?: boolean;
}

function isolatedEnv(root: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const [k, d] of [['XDG_CONFIG_HOME', 'xdg-config'], ['XDG_DATA_HOME', 'xdg-data'], ['XDG_CACHE_HOME', 'xdg-cache'], ['TMPDIR', 'tmp']] as const) {
    env[k] = join(root, d);
    mkdirSync(env[k]!, { recursive: true });
  }
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

/** `code-server --install-extension X.vsix` into an extensions folder; throws with its output on failure. */
export function installExtension(vsix: string, extensionsDir: string, root: string): string {
  const r = spawnSync(process.execPath, [codeServerEntry(), '--extensions-dir', extensionsDir, '--user-data-dir', join(root, 'user-data'), '--install-extension', vsix], {
    encoding: 'utf8',
    env: isolatedEnv(root),
    timeout: 120000,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}):\n${out}`);
  return out;
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const entry = codeServerEntry();
  const port = await freePort();
  const userDataDir = opts.userDataDir ?? join(opts.root, 'user-data');
  const extensionsDir = opts.extensionsDir ?? join(opts.root, 'extensions');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const config = join(opts.root, 'code-server.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  // Settings that keep the workbench quiet and deterministic in tests.
  const userSettings = join(userDataDir, 'User');
  mkdirSync(userSettings, { recursive: true });
  const settingsFile = join(userSettings, 'settings.json');
  if (!existsSync(settingsFile)) {
    writeFileSync(settingsFile, JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': !!opts.trust,
      'security.workspace.trust.startupPrompt': 'never',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'telemetry.telemetryLevel': 'off',
      'git.enabled': false,
      'editor.hover.delay': 300,
    }, null, 2));
  }
  const args = [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    ...(opts.trust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', config];
  const child = spawn(process.execPath, args, { env: isolatedEnv(opts.root, opts.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const onData = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200000) out = out.slice(-100000);
    if (opts.echo) process.stderr.write(d);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited = false;
  child.on('exit', () => (exited = true));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (exited) throw new Error(`code-server exited before listening:\n${out}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      /* not yet listening */
    }
    if (Date.now() > deadline) {
      killGroup(child);
      throw new Error(`code-server did not listen on ${origin} within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    port,
    origin,
    process: child,
    output: () => out,
    stop: async () => {
      if (exited) return;
      killGroup(child, 'SIGTERM');
      const t0 = Date.now();
      while (!exited && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 50));
      killGroup(child, 'SIGKILL');
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // the whole process group: code-server leaves watchers otherwise
  } catch {
    /* already gone */
  }
}

export async function launchChromium(root: string): Promise<Browser> {
  mkdirSync(join(root, 'chromium'), { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    env: isolatedEnv(root),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The workbench URL that opens a folder and, optionally, runs extension tests (the web workbench's `payload`). */
export function workbenchUrl(server: CodeServer, folder: string, payload?: [string, string][]): string {
  let url = `${server.origin}/?folder=${encodeURIComponent(folder)}`;
  if (payload && payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

export function remoteUri(server: CodeServer, absPath: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${absPath}`;
}
