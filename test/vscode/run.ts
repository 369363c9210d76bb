/**
 * Runs the mocha suites of test/vscode/suite inside a real VS Code through @vscode/test-electron.
 * Here that VS Code is code-server + headless Chromium behind ./shim.js (machines that reach only
 * npm); set XXGK_VSCODE=download to let @vscode/test-electron download VS Code instead.
 */
import { runTests } from '@vscode/test-electron';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry, repoRoot } from './code-server.js';
import { writeUntrustedWorkspace, writeWorkspace } from './workspace.js';

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'xxgk-vscode-tests-'));
  const workspace = join(root, 'workspace');
  writeWorkspace(workspace);
  const download = process.env.XXGK_VSCODE === 'download';
  let vscodeExecutablePath: string | undefined;
  if (!download) {
    process.env.XXGK_CODE_SERVER = codeServerEntry(); // installs it on first use
    vscodeExecutablePath = join(repoRoot, 'out', 'test', 'vscode', 'shim.js');
    chmodSync(vscodeExecutablePath, 0o755);
  }
  const t0 = Date.now();
  try {
    await runTests({
      vscodeExecutablePath,
      version: download ? '1.100.3' : undefined,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'vscode-suite', 'index.cjs'),
      launchArgs: [workspace, '--user-data-dir', join(root, 'user-data'), '--extensions-dir', join(root, 'extensions'), '--disable-extensions', '--locale', 'en'],
      extensionTestsEnv: { XXGK_TEST: '1' },
    });
    console.log(`VS Code suites passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // Restricted Mode: the same extension in a folder that was never trusted (its own user data).
    if (download) {
      console.log('Restricted Mode suite: not run with XXGK_VSCODE=download (@vscode/test-electron always passes --disable-workspace-trust; the code-server shim can turn trust on).');
      return;
    }
    const untrusted = join(root, 'untrusted');
    writeUntrustedWorkspace(untrusted);
    const t1 = Date.now();
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'vscode-untrusted', 'index.cjs'),
      launchArgs: [untrusted, '--user-data-dir', join(root, 'user-data-untrusted'), '--extensions-dir', join(root, 'extensions'), '--disable-extensions', '--locale', 'en'],
      extensionTestsEnv: { XXGK_TEST: '1', XXGK_VSCODE_TRUST: 'on' },
    });
    console.log(`VS Code Restricted Mode suite passed in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
