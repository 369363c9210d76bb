/**
 * The internals test hook (`xxgk/test/internals`: memory and per-document tables) is there only when the server runs
 * with XXGK_TEST_HOOKS=1; `xxgk/index` says what the index holds, and no more.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lsp-client.js';
import { REQUESTS, TEST_HOOKS_ENV, type IndexResult, type InternalsResult } from '../../protocol/index.js';

test('without XXGK_TEST_HOOKS the internals are not served, and xxgk/index carries no memory figures', async () => {
  const c = new LspClient(['lsp', '--stdio'], [], { [TEST_HOOKS_ENV]: '' });
  try {
    await c.initialize();
    await assert.rejects(c.request(REQUESTS.testInternals, {}), (e: { code?: number }) => e.code === -32601); // MethodNotFound
    const st = await c.request<IndexResult & Record<string, unknown>>(REQUESTS.index, {});
    assert.deepEqual(Object.keys(st).sort(), ['entries', 'files', 'ms', 'pid', 'reports', 'state']);
  } finally {
    await c.stop();
  }
});

test('with XXGK_TEST_HOOKS=1 the internals name the process and its per-document tables', async () => {
  const c = new LspClient(['lsp', '--stdio'], [], { [TEST_HOOKS_ENV]: '1' });
  try {
    await c.initialize();
    const uri = 'file:///hooks/a.report.md';
    await c.open(uri, '# 某局2022年政府信息公开工作年度报告\n');
    await c.diagnostics(uri, () => true);
    const st = await c.request<InternalsResult>(REQUESTS.testInternals, {});
    assert.equal(st.pid, (await c.request<IndexResult>(REQUESTS.index, {})).pid);
    assert.equal(st.memory.gc, false, 'node ran without --expose-gc');
    assert.equal(st.perDocument.open, 1);
    assert.equal(st.perDocument.analyses, 1);
    assert.deepEqual(Object.keys(st.perDocument).sort(), ['analyses', 'indexModels', 'open', 'publishing', 'settings', 'timers', 'yearKeys']);
  } finally {
    await c.stop();
  }
});
