/**
 * Issue 14, the language server protects itself: a workspace cannot hang it through `.xxgkrc.json` or a `*.md` that
 * is a FIFO or a link to /dev/zero (also in Restricted Mode, where `.xxgkrc.json` is not read at all); a malformed
 * frame ends the process so that the client restarts it; a document past the limit is analysed up to it; a preview
 * past its budget is cut and says so; an export of a part is refused with a message.
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

describe('large documents and previews', () => {
  test('a paste of 8,000 list markers on one line: its diagnostics and a hover on another document answer within seconds', async () => {
    const c = new LspClient();
    try {
      await c.initialize({ capabilities: caps });
      const other = 'file:///tmp/other.report.md';
      await c.open(other, REPORT);
      await c.forVersion(other);
      const uri = 'file:///tmp/markers.report.md';
      await c.open(uri, REPORT);
      await c.forVersion(uri);
      const t0 = performance.now();
      await c.change(uri, REPORT.replace('## 五、存在', `${'- '.repeat(8000)}x\n\n## 五、存在`));
      const hover = await within(20_000, c.request('textDocument/hover', { textDocument: { uri: other }, position: { line: 0, character: 0 } }), 'hover on another document');
      assert.ok(hover === null || typeof hover === 'object');
      const d = await c.forVersion(uri, 20_000);
      const ms = performance.now() - t0;
      // Before: no answer in 130 s. The report's own A04 is still there, and one S13 says where the line was read as text.
      assert.ok(codes(d.diagnostics).includes('A04'));
      assert.equal(d.diagnostics.filter((x) => x.code === 'S13').length, 1);
      console.log(`8,000 markers on a line: hover on another document and the diagnostics in ${ms.toFixed(0)} ms`);
    } finally {
      await c.stop();
    }
  });

  test('a 23 MB document: first diagnostics within seconds with one S13, an edit likewise, another document answered meanwhile', async () => {
    const c = new LspClient();
    try {
      await c.initialize({ capabilities: caps });
      const big = REPORT + '\n' + Array.from({ length: 600_000 }, (_, i) => `附注第${i}段，没有结构的文字。`).join('\n\n');
      assert.ok(big.length > 11_000_000 && Buffer.byteLength(big) > 23_000_000, `${Buffer.byteLength(big)} bytes`);
      const uri = 'file:///tmp/big.report.md';
      const t0 = performance.now();
      await c.open(uri, big);
      const first = await c.forVersion(uri, 60_000);
      const firstMs = performance.now() - t0;
      const s13 = first.diagnostics.filter((d) => d.code === 'S13');
      assert.equal(s13.length, 1);
      assert.match(String(s13[0].message), /超过编辑时检查的上限 500,000 个字符：只检查到第 \d+ 行/);
      assert.ok(codes(first.diagnostics).includes('A04'), 'the part checked is checked');
      const small = 'file:///tmp/small.report.md';
      await c.open(small, REPORT);
      const t1 = performance.now();
      await c.change(uri, big.replace('附注第5段', '附注第五段'));
      await c.forVersion(uri, 60_000);
      const editMs = performance.now() - t1;
      const hover = await within(20_000, c.request('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 0 } }), 'hover on another document');
      assert.ok(hover === null || typeof hover === 'object');
      // "Answers, does not hang" (before: 24 s to first diagnostics and 14 s per edit on a fast machine, the whole text
      // analysed); what proves the limit is the S13 above. Here 6–8 s and 1–2 s, 15 s under the full suite's load.
      assert.ok(firstMs < 60_000 && editMs < 60_000, `first ${firstMs.toFixed(0)} ms, edit ${editMs.toFixed(0)} ms`);
      console.log(`23 MB document: first diagnostics ${firstMs.toFixed(0)} ms, an edit ${editMs.toFixed(0)} ms`);
      const exported = await c.request<unknown>('xxgk/export', { uri, format: 'html' }).then(() => null, (e: { code: number; message: string }) => e);
      assert.equal((exported as { code: number }).code, 1004);
      assert.match((exported as { message: string }).message, /报告有 [\d,]+ 个字符，超过编辑时检查的上限（500,000 个字符），只读取了一部分/);
    } finally {
      await c.stop();
    }
  });

  test('a preview of 8,000 tables is cut to its budget and says so', async () => {
    const c = new LspClient();
    try {
      await c.initialize({ capabilities: caps });
      const tables = Array.from({ length: 8000 }, (_, i) => `| 项目${i} | 数量 | 说明 |\n|---|---|---|\n| 甲${i} | ${i} | 说明文字${i} |\n| 乙${i} | ${i + 1} | 说明文字 |`).join('\n\n');
      const text = REPORT.replace('## 六、', `${tables}\n\n## 六、`);
      const uri = 'file:///tmp/tables.report.md';
      await c.open(uri, text);
      await c.forVersion(uri, 60_000);
      const t0 = performance.now();
      const p = await within(20_000, c.request<{ html: string; truncated?: { shown: number; total: number } }>('xxgk/preview', { uri }), 'preview');
      const ms = performance.now() - t0;
      assert.ok(p.truncated && p.truncated.shown < p.truncated.total, JSON.stringify(p.truncated));
      assert.ok(p.html.length < 3_000_000, `${p.html.length} characters of HTML`);
      assert.match(p.html, /预览只显示了 [\d,]+ 个部分中的前 [\d,]+ 个（至第 [\d,]+ 行）：报告超过预览的上限（20,000 个表格单元格或 500,000 个字符）/);
      console.log(`8,000 tables: preview ${ms.toFixed(0)} ms, ${(p.html.length / 1e6).toFixed(2)} M characters, ${p.truncated.shown}/${p.truncated.total} blocks`);
    } finally {
      await c.stop();
    }
  });
});
