/** Faults the server meets in the field: it answers or reports a clear error, and keeps serving. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient } from './lsp-client.js';
import { baseReport } from '../unit/base-report.js';

const BASE = baseReport(2022);
const TOTAL = '| 行政复议 | 3 | 1 | 0 | 2 | 6 |';

/** The server is alive and serving: a hover on a total of an open report gives its sum. */
async function serving(c: LspClient, uri: string): Promise<void> {
  const line = c.text(uri).split('\n').findIndex((l) => l.startsWith('| 行政复议 |'));
  const character = c.text(uri).split('\n')[line].lastIndexOf('|') - 2;
  const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  assert.ok(h, 'the server answers a hover');
}

describe('server faults', () => {
  let c: LspClient;
  const uri = 'file:///faults/a.report.md';
  before(async () => {
    c = new LspClient();
    await c.initialize();
    await c.open(uri, BASE);
    await c.forVersion(uri);
  });
  after(async () => c.stop());

  test('malformed messages (bad JSON, unknown method, wrong params) do not stop the server', async () => {
    const junk = '{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{not json';
    c.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(junk)}\r\n\r\n${junk}`);
    await assert.rejects(c.request('xxgk/noSuchMethod', {}), /Unhandled method|not found/i);
    await assert.rejects(c.request('xxgk/export', { uri, format: 'exe' }), /unknown export format/);
    await assert.rejects(c.request('xxgk/import', { name: 5 }), /needs/);
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///nowhere.report.md', version: 2 }, contentChanges: [{ text: 'x' }] });
    await serving(c, uri);
    assert.equal(c.proc.exitCode, null, 'still running');
  });

  test('requests for documents that are not open answer empty, or with a clear error', async () => {
    const ghost = 'file:///faults/ghost.report.md';
    const pos = { line: 0, character: 0 };
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: ghost }, position: pos }), null);
    assert.deepEqual(await c.request('textDocument/completion', { textDocument: { uri: ghost }, position: pos }), []);
    assert.deepEqual(await c.request('textDocument/codeLens', { textDocument: { uri: ghost } }), []);
    assert.equal(await c.request('xxgk/preview', { uri: ghost }), null);
    await assert.rejects(c.request('xxgk/export', { uri: ghost, format: 'html' }), /not an open report/);
    await assert.rejects(c.request('xxgk/newYear', { uri: ghost }), /not an open report/);
    await serving(c, uri);
  });

  test('a document closed while its analysis is pending gets no diagnostics after its close', async () => {
    const u = 'file:///faults/closing.report.md';
    await c.open(u, BASE);
    await c.change(u, BASE.replace(TOTAL, TOTAL.replace('| 6 |', '| 7 |')));
    await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
    const closedAt = c.published.length;
    await new Promise((r) => setTimeout(r, 600));
    const after = c.published.slice(closedAt).filter((p: PublishDiagnosticsParams) => p.uri === u);
    assert.ok(after.every((p) => p.diagnostics.length === 0), `nothing but the clearing after the close: ${JSON.stringify(after.map((p) => p.diagnostics.length))}`);
    const last = [...c.published].reverse().find((p) => p.uri === u);
    assert.deepEqual(last?.diagnostics, [], 'the Problems panel ends empty for the closed file');
    await serving(c, uri);
  });

  test('1,000 edits in a burst: the final diagnostics are those of the final text', async () => {
    const u = 'file:///faults/burst.report.md';
    await c.open(u, BASE);
    let text = BASE;
    for (let i = 1; i <= 1000; i++) {
      // Type and delete digits in the total: odd steps wrong (A04), even steps right.
      text = BASE.replace(TOTAL, TOTAL.replace('| 6 |', i % 2 ? `| 6${i % 10} |` : '| 6 |'));
      void c.change(u, text);
    }
    const final = await c.forVersion(u, 60000);
    assert.equal(final.diagnostics.filter((d) => d.code === 'A04').length, 0, 'the last text is right, so no A04');
    const versions = c.published.filter((p) => p.uri === u && p.version !== undefined).map((p) => p.version!);
    assert.ok(versions.every((v, i) => i === 0 || v >= versions[i - 1]), 'diagnostics never go back to an older version');
    await serving(c, uri);
  });
});

describe('500 open reports', () => {
  test('every report gets its diagnostics, and the server still answers at once', { timeout: 180000 }, async () => {
    const c = new LspClient();
    try {
      await c.initialize();
      const uris: string[] = [];
      for (let i = 0; i < 500; i++) {
        const u = `file:///many/r${i}.report.md`;
        uris.push(u);
        // Every tenth report has a wrong total; the numbers differ so that no two texts are the same.
        const t = BASE.replace('全年主动公开政府信息3210条', `全年主动公开政府信息${3000 + i}条`);
        await c.open(u, i % 10 === 0 ? t.replace(TOTAL, TOTAL.replace('| 6 |', '| 7 |')) : t);
      }
      const all = await Promise.all(uris.map((u) => c.forVersion(u, 170000)));
      const withA04 = all.filter((p) => p.diagnostics.some((d) => d.code === 'A04')).length;
      assert.equal(withA04, 50);
      const t0 = performance.now();
      await serving(c, uris[499]);
      console.log(`# 500 open reports: hover answered in ${(performance.now() - t0).toFixed(1)} ms after all diagnostics`);
    } finally {
      await c.stop();
    }
  });
});
