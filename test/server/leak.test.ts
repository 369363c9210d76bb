/**
 * No growth over time: cycles of open / edit / close leave the server's per-document tables (open documents,
 * analyses, debounce timers, settings, agency-year keys, publications under way, models of unopened files) exactly
 * as they were before, and its heap, after a forced collection, does not grow from cycle to cycle.
 *
 * The client answers workspace/configuration late (as a busy editor does), so that documents are closed while the
 * server is waiting for their settings: the paths where a closed document could be brought back into a table.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lsp-client.js';
import { generateReports, withReviewTotal } from './many-reports.js';
import { REQUESTS, TEST_HOOKS_ENV, type InternalsResult } from '../../protocol/index.js';

const CYCLES = 6;
const PER_CYCLE = 30;
const SETTINGS_DELAY_MS = 30;
const HEAP_GROWTH_LIMIT = 8 * 1048576;

type IndexState = InternalsResult;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('no leak over open / edit / close cycles', () => {
  let c: LspClient;
  /** Documents closed before their edit is analysed: a debounce long enough that a timer left behind is still counted. */
  const slow = new Set<string>();
  let settingsPending = 0;
  /** Called when the server asks for a document's settings. */
  const asked = new Map<string, () => void>();
  before(async () => {
    c = new LspClient(['lsp', '--stdio'], ['--expose-gc'], { [TEST_HOOKS_ENV]: '1' });
    // Replaces the client's immediate answer: settings arrive late.
    c.conn.onRequest('workspace/configuration', async (p: { items: { section?: string; scopeUri?: string }[] }) => {
      settingsPending++;
      for (const i of p.items) if (i.scopeUri) asked.get(i.scopeUri)?.();
      await sleep(SETTINGS_DELAY_MS);
      settingsPending--;
      return p.items.map((i) => ({ debounceMs: i.scopeUri && slow.has(i.scopeUri) ? 5000 : 20 }));
    });
    await c.initialize();
  });
  after(async () => c.stop());

  /**
   * The server's state once every settings request is answered and no publication is under way (one that began
   * before its document closed ends when its late settings arrive, and then publishes nothing). Debounce timers are
   * not waited for: none may be left.
   */
  async function settled(): Promise<IndexState> {
    for (let i = 0; i < 100 && settingsPending; i++) await sleep(10);
    let st = await c.request<IndexState>(REQUESTS.testInternals, { gc: true });
    for (let i = 0; i < 100 && st.perDocument.publishing; i++) {
      await sleep(20);
      st = await c.request<IndexState>(REQUESTS.testInternals, { gc: true });
    }
    return st;
  }

  test(`${CYCLES} cycles of ${PER_CYCLE} reports: per-document tables back to baseline, heap flat`, { timeout: 120000 }, async () => {
    const baseline = await settled();
    assert.equal(baseline.memory.gc, true, 'the server was started with --expose-gc and collected before measuring');
    assert.ok(Object.keys(baseline.perDocument).length >= 6, `per-document tables reported: ${JSON.stringify(baseline.perDocument)}`);
    const heaps: number[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      // New URIs every cycle, so that anything kept per URI accumulates.
      const reports = generateReports(PER_CYCLE, `leak-${cycle}`, cycle);
      // A third is opened, diagnosed, edited, diagnosed again, then closed (`done`); a third opened and diagnosed,
      // then edited and closed at once, a debounce timer pending at the close (`pending`); a third opened, then
      // edited and closed while the server still waits for its settings (`hasty`).
      const done = reports.filter((_, i) => i % 3 === 0);
      const pending = reports.filter((_, i) => i % 3 === 1);
      const hasty = reports.filter((_, i) => i % 3 === 2);
      slow.clear();
      for (const r of [...pending, ...hasty]) slow.add(r.uri);
      for (const r of [...done, ...pending]) await c.open(r.uri, r.text);
      await Promise.all([...done, ...pending].map((r) => c.forVersion(r.uri, 30000)));
      for (const r of done) {
        const { text, line } = withReviewTotal(r.text, true);
        await c.change(r.uri, text);
        const d = await c.forVersion(r.uri, 30000);
        assert.ok(d.diagnostics.some((x) => x.code === 'A04' && x.range.start.line === line), `A04 for the wrong total in ${r.uri}`);
      }
      for (const r of pending) {
        await c.change(r.uri, withReviewTotal(r.text, true).text);
        await c.close(r.uri);
      }
      for (const r of hasty) {
        // Closed once the server is waiting for the settings of its first publication.
        const waiting = new Promise<void>((resolve) => asked.set(r.uri, resolve));
        await c.open(r.uri, r.text);
        await waiting;
        asked.delete(r.uri);
        await c.change(r.uri, withReviewTotal(r.text, true).text);
        await c.close(r.uri);
      }
      for (const r of done) await c.close(r.uri);
      // Every closed report ends with its diagnostics cleared (the clearing carries no version).
      await Promise.all(reports.map((r) => c.diagnostics(r.uri, (p) => p.version === undefined && p.diagnostics.length === 0, 30000)));
      const st = await settled();
      assert.deepEqual(st.perDocument, baseline.perDocument, `cycle ${cycle}: per-document tables back to baseline`);
      heaps.push(st.memory.heapUsed);
    }
    const MB = (n: number) => `${(n / 1048576).toFixed(2)} MB`;
    const growth = heaps[heaps.length - 1] - heaps[1];
    console.log(`# heap after each cycle (forced GC): ${heaps.map(MB).join(', ')}; cycle 2 → ${CYCLES}: ${growth >= 0 ? '+' : ''}${MB(growth)}`);
    assert.ok(growth < HEAP_GROWTH_LIMIT, `heap grew ${MB(growth)} from cycle 2 to cycle ${CYCLES} (limit ${MB(HEAP_GROWTH_LIMIT)})`);
  });
});

describe('closing one of many open reports', () => {
  test('publishes its clearing and next year\'s report of its agency, no other', { timeout: 60000 }, async () => {
    const c = new LspClient();
    try {
      c.configuration = { xxgk: { debounceMs: 0 } };
      await c.initialize();
      // 4 agencies × 10 years; report 17 (2022) carries over a number that is not its 2021 report's (X01).
      const reports = generateReports(40, 'close-one', 7);
      const [y2021, y2022] = [reports[16], reports[17]];
      assert.equal(y2022.error, 'X01');
      for (const r of reports) await c.open(r.uri, r.text);
      await Promise.all(reports.map((r) => c.forVersion(r.uri, 30000)));
      await c.diagnostics(y2022.uri, (p) => p.diagnostics.some((d) => d.code === 'X01'));
      await new Promise((r) => setTimeout(r, 200)); // the opening's last publications
      const from = c.published.length;
      await c.close(y2021.uri);
      // Without last year's report (open or on disk) there is nothing to carry over from.
      await c.diagnostics(y2022.uri, (p) => !p.diagnostics.some((d) => d.code === 'X01'), 10000);
      await new Promise((r) => setTimeout(r, 200));
      const uris = new Set(c.published.slice(from).map((p) => p.uri));
      assert.deepEqual([...uris].sort(), [y2021.uri, y2022.uri].sort(), 'only the closed report and next year\'s report are published');
    } finally {
      await c.stop();
    }
  });
});
