/**
 * Import in the language server (xxgk/import): it runs in a worker thread with a memory and a time
 * budget, so that the server goes on answering while a file is read, and a file past the budget fails
 * with a message instead of taking the server — and the user's open reports — with it.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient } from './lsp-client.js';
import { baseReport } from '../unit/base-report.js';
import { fixturesDir } from '../unit/helpers.js';

const uri = 'file:///imports/a.report.md';
/** A text that takes the import a while (thousands of heading-like lines, each read as the start of a part). */
const slow = Array.from({ length: 12000 }, (_, i) => `（${'一二三四五六七八九十'[i % 10]}）第${i}项工作情况`).join('\n');

async function hover(c: LspClient): Promise<Hover | null> {
  const lines = c.text(uri).split('\n');
  const line = lines.findIndex((l) => l.startsWith('| 行政复议 |'));
  return c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line].lastIndexOf('|') - 2 } });
}

function seed(): string {
  const dir = join(fixturesDir, 'import', 'seeds');
  return readFileSync(join(dir, '000_a359f5905497a449.txt')).toString('base64');
}

describe('import in the language server', () => {
  let c: LspClient;
  before(async () => {
    c = new LspClient();
    await c.initialize();
    await c.open(uri, baseReport(2022));
    await c.forVersion(uri);
  });
  after(async () => c.stop());

  test('a published report is imported: the result as the import gives it', async () => {
    const r = await c.request<{ cells: number; unread: number; shape: string; text: string }>('xxgk/import', { name: '000.txt', data: seed() });
    assert.equal(r.shape, 'text');
    assert.equal(r.cells, 200);
    assert.equal(r.unread, 0);
    assert.match(r.text, /^## 三、收到和处理政府信息公开申请情况$/m);
  });

  test('while a long import runs, the server answers the editor (the import is beside it, not in its way)', async () => {
    let importDone = false;
    const importing = c.request('xxgk/import', { name: 'slow.txt', data: Buffer.from(slow).toString('base64') }).finally(() => (importDone = true));
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(await hover(c), 'hover answered');
    assert.equal(importDone, false, 'the hover was answered while the import was still running');
    await importing;
  });
});

describe('an import past its budget', () => {
  let c: LspClient;
  before(async () => {
    process.env.XXGK_IMPORT_TIMEOUT_MS = '200';
    c = new LspClient();
    delete process.env.XXGK_IMPORT_TIMEOUT_MS;
    await c.initialize();
    await c.open(uri, baseReport(2022));
    await c.forVersion(uri);
  });
  after(async () => c.stop());

  test('fails with a message that says so, and the server goes on', async () => {
    await assert.rejects(c.request('xxgk/import', { name: 'slow.txt', data: Buffer.from(slow).toString('base64') }), /slow\.txt：读取超过了 0\.2 秒，不是导入能读的报告/);
    assert.ok(await hover(c), 'still serving');
    assert.equal(c.proc.exitCode, null);
  });
});
