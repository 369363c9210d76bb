/**
 * The language service's parts over the in-memory workspace, without LSP: the cross-year service (last year's report
 * from an open document or from disk, by the one agency+year key), the diagnostics scheduler (debounce, run on save,
 * next year's report published again, close) and the settings in force.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Analyses } from '../../server/src/lsp/analyses.js';
import { CrossYearService } from '../../server/src/lsp/crossYear.js';
import { DiagnosticsScheduler } from '../../server/src/lsp/diagnostics.js';
import { SettingsStore } from '../../server/src/lsp/settings.js';
import { reportKey } from '../../server/src/core/index.js';
import type { Finding } from '../../server/src/core/index.js';
import { InMemoryReportWorkspace } from './in-memory-workspace.js';
import { AGENCY, baseReport } from './base-report.js';

const U2021 = 'file:///ws/2021.report.md';
const U2022 = 'file:///ws/2022.report.md';
const OTHER = 'file:///ws/other-2022.report.md';
const NEXT_2021 = '| 四、结转下年度继续办理 | 25 | 1 | 0 | 0 | 0 | 1 | 27 |';
/** 2021's carried to next year made equal to 2022's carried over: no X01 left, X02 (145 ≠ 154) stays. */
const NEXT_2021_AS_CARRIED = '| 四、结转下年度继续办理 | 40 | 3 | 0 | 0 | 1 | 2 | 46 |';
const codes = (fs: Finding[]) => fs.filter((f) => f.code.startsWith('X')).map((f) => f.code).sort();

interface Published {
  uri: string;
  version: number | undefined;
  findings: Finding[];
}

function service(settings: { run?: 'onType' | 'onSave'; debounceMs?: number } = {}) {
  const ws = new InMemoryReportWorkspace();
  const store = new SettingsStore(() => undefined);
  store.fetch = async () => ({ debounceMs: 20, ...settings });
  const analyses = new Analyses(ws, store);
  const cross = new CrossYearService(ws, analyses);
  const published: Published[] = [];
  let waiters: { pred: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];
  const scheduler = new DiagnosticsScheduler(ws, analyses, cross, (uri) => store.get(uri), (uri, version, findings) => {
    const p = { uri, version, findings };
    published.push(p);
    waiters = waiters.filter((w) => (w.pred(p) ? (w.resolve(p), false) : true));
  });
  const sub = scheduler.listen();
  /** The next publication for `uri` that satisfies `pred` (or one already made). */
  const next = (uri: string, pred: (p: Published) => boolean = () => true, ms = 3000): Promise<Published> => {
    const done = published.find((p) => p.uri === uri && pred(p));
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no publication for ${uri} within ${ms} ms`)), ms);
      waiters.push({ pred: (p) => p.uri === uri && pred(p), resolve: (p) => (clearTimeout(t), resolve(p)) });
    });
  };
  const settle = (ms = 120) => new Promise((r) => setTimeout(r, ms));
  return { ws, store, analyses, cross, scheduler, published, next, settle, dispose: () => sub.dispose() };
}

describe('cross-year service', () => {
  test('last year\'s report from disk when it is not open: five X01 and one X02', async () => {
    const s = service();
    s.ws.writeFile(U2021, baseReport(2021));
    s.ws.openDocument(U2022, baseReport(2022));
    const cur = await s.analyses.current(U2022);
    assert.ok(cur);
    const found = await s.cross.findings(U2022, 'zh-CN');
    assert.deepEqual(codes(found), ['X01', 'X01', 'X01', 'X01', 'X01', 'X02']);
    assert.deepEqual(s.ws.loads, [U2021]);
    assert.equal(found.find((f) => f.code === 'X01')?.related?.[0].file, U2021);
    s.dispose();
  });

  test('an open document of last year speaks for itself, unsaved edits included; the disk is not read', async () => {
    const s = service();
    s.ws.writeFile(U2021, baseReport(2021));
    s.ws.openDocument(U2021, baseReport(2021).replace(NEXT_2021, NEXT_2021_AS_CARRIED));
    s.ws.openDocument(U2022, baseReport(2022));
    await s.analyses.current(U2021);
    await s.analyses.current(U2022);
    assert.deepEqual(codes(await s.cross.findings(U2022, 'zh-CN')), ['X02']);
    assert.deepEqual(s.ws.loads, []);
    s.dispose();
  });

  test('one key: the agency written with spaces (full-width or not) is the same agency; another agency is not', async () => {
    const s = service();
    s.ws.writeFile(U2021, baseReport(2021).replaceAll(AGENCY, `${AGENCY.slice(0, 2)}\u3000${AGENCY.slice(2)}`));
    s.ws.writeFile('file:///ws/elsewhere-2021.report.md', baseReport(2021).replaceAll(AGENCY, '某县教育局'));
    s.ws.openDocument(U2022, baseReport(2022));
    await s.analyses.current(U2022);
    assert.equal(codes(await s.cross.findings(U2022, 'zh-CN')).length, 6);
    assert.deepEqual(s.ws.loads, [U2021]);
    assert.equal(reportKey(`${AGENCY} `, 2021), reportKey(AGENCY, 2021));
    assert.notEqual(reportKey(AGENCY, 2021), reportKey(AGENCY, 2022));
    assert.equal(reportKey(undefined, 2021), undefined);
    assert.equal(reportKey(AGENCY, undefined), undefined);
    s.dispose();
  });

  test('no year before: no findings and nothing loaded', async () => {
    const s = service();
    s.ws.writeFile('file:///ws/2020.report.md', baseReport(2020));
    s.ws.openDocument(U2022, baseReport(2022));
    await s.analyses.current(U2022);
    assert.deepEqual(await s.cross.findings(U2022, 'zh-CN'), []);
    assert.deepEqual(s.ws.loads, []);
    s.dispose();
  });

  test('published and closed name the key of next year\'s report, which openReportsOf finds among the open ones', async () => {
    const s = service();
    s.ws.openDocument(U2021, baseReport(2021));
    s.ws.openDocument(U2022, baseReport(2022));
    s.ws.openDocument(OTHER, baseReport(2022).replaceAll(AGENCY, '某县教育局'));
    for (const u of [U2021, U2022, OTHER]) await s.analyses.current(u);
    const keys = s.cross.published(U2021);
    assert.deepEqual(keys, [undefined, reportKey(AGENCY, 2022)]);
    assert.deepEqual(s.cross.openReportsOf(keys, U2021).map((d) => d.uri), [U2022]);
    assert.equal(s.cross.size, 1);
    assert.deepEqual(s.cross.closed(U2021), [reportKey(AGENCY, 2022), reportKey(AGENCY, 2022)]);
    assert.equal(s.cross.size, 0);
    s.dispose();
  });
});

describe('diagnostics scheduler', () => {
  test('an opened report is published at its version, with its findings across years', async () => {
    const s = service();
    s.ws.writeFile(U2021, baseReport(2021));
    s.ws.openDocument(U2022, baseReport(2022));
    const p = await s.next(U2022);
    assert.equal(p.version, 1);
    assert.deepEqual(codes(p.findings), ['X01', 'X01', 'X01', 'X01', 'X01', 'X02']);
    s.dispose();
  });

  test('a document that is not a report is published empty', async () => {
    const s = service();
    s.ws.openDocument('file:///ws/notes.md', '# 笔记\n\n随手记。\n');
    const p = await s.next('file:///ws/notes.md');
    assert.deepEqual(p.findings, []);
    s.dispose();
  });

  test('typing: edits within the debounce are published once, at the last version', async () => {
    const s = service({ debounceMs: 40 });
    s.ws.openDocument(U2022, baseReport(2022));
    await s.next(U2022, (p) => p.version === 1);
    s.ws.edit(U2022, baseReport(2022).replace('某市', '某省'));
    s.ws.edit(U2022, baseReport(2022));
    await s.next(U2022, (p) => p.version === 3);
    await s.settle();
    assert.deepEqual(s.published.filter((p) => p.uri === U2022).map((p) => p.version), [1, 3]);
    assert.deepEqual(s.scheduler.pending, { timers: 0, publishing: 0 });
    s.dispose();
  });

  test('run on save: an edit publishes nothing until the document is saved', async () => {
    const s = service({ run: 'onSave' });
    s.ws.openDocument(U2022, baseReport(2022));
    await s.next(U2022, (p) => p.version === 1);
    s.ws.edit(U2022, baseReport(2022) + '\n');
    await s.settle();
    assert.equal(s.published.filter((p) => p.version === 2).length, 0);
    s.ws.save(U2022);
    await s.next(U2022, (p) => p.version === 2);
    s.dispose();
  });

  test('editing last year\'s open report publishes next year\'s again, and no other report', async () => {
    const s = service();
    s.ws.openDocument(U2022, baseReport(2022));
    s.ws.openDocument(OTHER, baseReport(2022).replaceAll(AGENCY, '某县教育局'));
    s.ws.openDocument(U2021, baseReport(2021));
    await s.next(U2021);
    await s.settle();
    const before = s.published.length;
    s.ws.edit(U2021, baseReport(2021).replace(NEXT_2021, NEXT_2021_AS_CARRIED));
    const p = await s.next(U2022, (x) => s.published.indexOf(x) >= before);
    assert.deepEqual(codes(p.findings), ['X02'], 'against the edited text');
    await s.settle();
    assert.deepEqual(s.published.slice(before).map((x) => x.uri).sort(), [U2021, U2022]);
    s.dispose();
  });

  test('closing last year\'s report clears its findings and checks next year\'s against the disk', async () => {
    const s = service();
    s.ws.writeFile(U2021, baseReport(2021));
    s.ws.openDocument(U2021, baseReport(2021).replace(NEXT_2021, NEXT_2021_AS_CARRIED));
    s.ws.openDocument(U2022, baseReport(2022));
    await s.next(U2021);
    await s.next(U2022);
    await s.settle();
    const before = s.published.length;
    s.ws.close(U2021);
    const cleared = s.published[before];
    assert.deepEqual([cleared.uri, cleared.version, cleared.findings], [U2021, undefined, []]);
    const p = await s.next(U2022, (x) => s.published.indexOf(x) > before);
    assert.equal(codes(p.findings).length, 6, 'the saved 2021 on disk');
    assert.equal(s.analyses.last(U2021), undefined, 'its analysis forgotten');
    assert.equal(s.cross.size, 1, 'only 2022 remembered');
    s.dispose();
  });

  test('a report written on disk publishes the open reports again', async () => {
    const s = service();
    s.ws.openDocument(U2022, baseReport(2022));
    const first = await s.next(U2022);
    assert.deepEqual(codes(first.findings), []);
    s.ws.writeFile(U2021, baseReport(2021));
    const p = await s.next(U2022, (x) => x !== first);
    assert.equal(codes(p.findings).length, 6);
    s.dispose();
  });

  test('revalidateAll analyses every open report again under the new settings', async () => {
    const s = service();
    s.ws.openDocument(U2022, baseReport(2022));
    const first = await s.next(U2022);
    const a = s.analyses.last(U2022)?.analysis;
    s.store.fetch = async () => ({ debounceMs: 20, rules: { A01: 'off' } });
    s.scheduler.revalidateAll();
    const p = await s.next(U2022, (x) => x !== first);
    assert.notEqual(s.analyses.last(U2022)?.analysis, a, 'analysed again');
    assert.equal(p.version, 1);
    s.dispose();
  });
});

describe('settings in force', () => {
  test('without the client\'s configuration the defaults; with it, asked once per document until cleared', async () => {
    const store = new SettingsStore(() => undefined);
    assert.equal((await store.get('file:///a')).debounceMs, 150);
    let asked = 0;
    store.fetch = async () => (asked++, { debounceMs: 7, locale: 'en' });
    assert.equal((await store.get('file:///a')).debounceMs, 7);
    await store.get('file:///a');
    assert.equal(asked, 1);
    assert.equal(store.localeOf(await store.get('file:///a')), 'en');
    store.clear();
    await store.get('file:///a');
    assert.equal(asked, 2);
    assert.equal(store.size, 1);
    store.delete('file:///a');
    assert.equal(store.size, 0);
  });
});
