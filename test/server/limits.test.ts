/**
 * Issue 14, the language server protects itself: a workspace cannot hang it through `.xxgkrc.json` or a `*.md` that
 * is a FIFO or a link to /dev/zero (also in Restricted Mode, where `.xxgkrc.json` is not read at all); a malformed
 * frame ends the process so that the client restarts it.
 * Times are generous budgets that prove "answers", not "is fast".
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, codes } from './lsp-client.js';
import { AGENCY, baseReport } from '../unit/base-report.js';
import { repoRoot } from '../unit/helpers.js';

const REPORT = baseReport(2022).replace('| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
const root = mkdtempSync(join(tmpdir(), 'xxgk-lsp-limits-'));
after(() => rmSync(root, { recursive: true, force: true }));

function mkfifo(p: string): void {
  assert.equal(spawnSync('mkfifo', [p]).status, 0);
}

/** Rejects when `p` takes longer than `ms` (what used to be "never answers"). */
function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

const caps = { workspace: { configuration: true, applyEdit: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { versionSupport: true } } };

describe('a workspace cannot hang the server', () => {
  for (const kind of ['a symlink to /dev/zero', 'a FIFO'] as const) {
    test(`.xxgkrc.json that is ${kind}: initialize answers, the user is told, the file is not used`, async () => {
      const dir = mkdtempSync(join(root, 'rc-'));
      const rc = join(dir, '.xxgkrc.json');
      if (kind === 'a FIFO') mkfifo(rc);
      else symlinkSync('/dev/zero', rc);
      const c = new LspClient();
      try {
        await within(10_000, c.initialize({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }], capabilities: caps, initializationOptions: { trusted: true } }), 'initialize');
        const uri = pathToFileURL(join(dir, 'a.report.md')).href;
        await c.open(uri, REPORT);
        assert.ok(codes((await c.forVersion(uri)).diagnostics).includes('A04'));
        const want = kind === 'a FIFO' ? '命名管道' : '字符设备';
        assert.ok(c.messages.some((m) => m.message.includes(`.xxgkrc.json：不是普通文件（${want}），未读取；工作区设置未采用`)), JSON.stringify(c.messages));
      } finally {
        await c.stop();
      }
    });
  }

  test('a *.md symlink to a FIFO and one to /dev/zero do not wedge the workspace index', async () => {
    const dir = mkdtempSync(join(root, 'index-'));
    writeFileSync(join(dir, `${AGENCY}2021年政府信息公开工作年度报告.report.md`), baseReport(2021));
    mkfifo(join(dir, 'pipe'));
    symlinkSync(join(dir, 'pipe'), join(dir, 'pipe.md'));
    symlinkSync('/dev/zero', join(dir, 'zero.report.md'));
    mkfifo(join(dir, 'fifo.report.md'));
    const c = new LspClient();
    try {
      await c.initialize({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }], capabilities: caps });
      const idx = await within(10_000, c.request<{ state: string; reports: number; entries: { uri: string }[] }>('xxgk/index', { wait: true }), 'the index');
      assert.equal(idx.state, 'ready');
      assert.deepEqual(idx.entries.map((e) => e.uri.split('/').pop()), [encodeURIComponent(`${AGENCY}2021年政府信息公开工作年度报告.report.md`)]);
    } finally {
      await c.stop();
    }
  });

  test("Restricted Mode: the workspace's .xxgkrc.json is not read; trusted, it counts", async () => {
    const dir = mkdtempSync(join(root, 'trust-'));
    writeFileSync(join(dir, '.xxgkrc.json'), JSON.stringify({ rules: { A04: 'off' } }));
    const c = new LspClient();
    try {
      await c.initialize({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }], capabilities: caps, initializationOptions: { trusted: false } });
      const uri = pathToFileURL(join(dir, 'a.report.md')).href;
      await c.open(uri, REPORT);
      assert.ok(codes((await c.forVersion(uri)).diagnostics).includes('A04'), 'A04 is on: the file was not read');
      await c.conn.sendNotification('xxgk/trust', { trusted: true });
      await c.diagnostics(uri, (p) => !codes(p.diagnostics).includes('A04'));
    } finally {
      await c.stop();
    }
  });
});

describe('a malformed frame ends the server (the client restarts it); bad JSON in a frame does not', () => {
  const frames: [string, string][] = [
    ['Content-Length: abc', 'Content-Length: abc\r\n\r\n{}'],
    ['garbage before the header', 'garbage\r\nContent-Length: 2\r\n\r\n{}'],
    ['a header without Content-Length', 'Content-Type: application/json\r\n\r\n{}'],
  ];
  for (const [name, frame] of frames) {
    test(name, async () => {
      const proc = spawn(process.execPath, [join(repoRoot, 'bin', 'xxgk-report.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr!.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
      proc.stdin!.write(frame);
      const code = await within(10_000, exited, 'the server to exit');
      assert.equal(code, 3);
      assert.match(stderr, /malformed message frame from the client/);
    });
  }
  test('a body that is not JSON, in a well-formed frame: the server answers the next request', async () => {
    const c = new LspClient();
    try {
      const junk = '{not json';
      c.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(junk)}\r\n\r\n${junk}`);
      await within(10_000, c.initialize(), 'initialize after bad JSON');
      assert.equal(c.proc.exitCode, null);
    } finally {
      await c.stop();
    }
  });
});
