/** The workspace index: last year's report checked against this year's without being opened, following the disk. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient } from './lsp-client.js';
import { AGENCY, baseReport } from '../unit/base-report.js';

/** 2021's 结转下年度继续办理 is 25/1/0/0/0/1/27; 2022 states 40/3/0/0/1/2/46 carried over: five X01; and one X02 (145 ≠ 154). */
const Y2021 = baseReport(2021);
const Y2022 = baseReport(2022);
const NEXT_2021 = '| 四、结转下年度继续办理 | 25 | 1 | 0 | 0 | 0 | 1 | 27 |';
const CARRIED_2022 = '| 二、上年结转政府信息公开申请数量 | 40 | 3 | 0 | 0 | 1 | 2 | 46 |';
const CHANGED = { created: 1, changed: 2, deleted: 3 } as const;

interface IndexState {
  state: string;
  reports: number;
  entries: { uri: string; agency?: string; year?: number }[];
}
const x = (p: PublishDiagnosticsParams, code: string) => p.diagnostics.filter((d) => d.code === code);
/** The text of a file under a range (what "open last year's cell" shows). */
function textAt(path: string, r: Diagnostic['range']): string {
  const lines = readFileSync(path, 'utf8').split('\n');
  assert.equal(r.start.line, r.end.line);
  return lines[r.start.line].slice(r.start.character, r.end.character);
}

describe('workspace index: cross-year checks against reports that are not open', () => {
  let c: LspClient;
  let dir: string;
  let y2021: string;
  let y2022: string;
  let u2021: string;
  let u2022: string;
  const notify = (changes: { uri: string; type: number }[]) => c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xxgk-ws-'));
    mkdirSync(join(dir, '2021'));
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    y2021 = join(dir, '2021', `${AGENCY}2021年政府信息公开工作年度报告.report.md`);
    y2022 = join(dir, `${AGENCY}2022年政府信息公开工作年度报告.report.md`);
    writeFileSync(y2021, Y2021);
    writeFileSync(join(dir, 'README.md'), '# 说明\n\n这里放年度报告。\n');
    writeFileSync(join(dir, 'node_modules', 'x', 'copy.report.md'), Y2021); // never indexed
    u2021 = pathToFileURL(y2021).href;
    u2022 = pathToFileURL(y2022).href;
    writeFileSync(y2022, Y2022);
    c = new LspClient();
    await c.initialize({
      locale: 'zh-cn',
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true, applyEdit: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } } },
    });
  });
  after(async () => {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the index holds the reports of the folders (agency + year), not other Markdown, not node_modules', async () => {
    const st = await c.request<IndexState>('xxgk/index', {});
    assert.equal(st.state, 'ready');
    assert.deepEqual(st.entries.map((e) => [e.uri, e.agency, e.year]).sort(), [[u2021, AGENCY, 2021], [u2022, AGENCY, 2022]].sort());
  });

  test('X01 and X02 appear in this year\'s report with related information pointing at last year\'s cells on disk', async () => {
    await c.open(u2022, Y2022);
    const p = await c.diagnostics(u2022, (d) => x(d, 'X01').length === 5);
    const x01 = x(p, 'X01');
    const lines = Y2022.split('\n');
    const carriedLine = lines.findIndex((l) => l === CARRIED_2022);
    assert.ok(x01.every((d) => d.range.start.line === carriedLine), 'on the 上年结转 row of this year');
    assert.deepEqual(x01.map((d) => lines[carriedLine].slice(d.range.start.character, d.range.end.character)), ['40', '3', '1', '2', '46']);
    for (const d of x01) {
      assert.equal(d.relatedInformation?.length, 1);
      assert.equal(d.relatedInformation![0].location.uri, u2021, 'last year\'s file, not open in the editor');
    }
    const nextLine = Y2021.split('\n').findIndex((l) => l === NEXT_2021);
    assert.deepEqual(x01.map((d) => [d.relatedInformation![0].location.range.start.line, textAt(y2021, d.relatedInformation![0].location.range)]),
      [[nextLine, '25'], [nextLine, '1'], [nextLine, '0'], [nextLine, '1'], [nextLine, '27']]);
    assert.match(String(x01[0].message), /2021年度报告结转下年度继续办理为 25/);
    const x02 = x(p, 'X02');
    assert.equal(x02.length, 1);
    assert.equal(textAt(y2021, x02[0].relatedInformation![0].location.range), '145');
    assert.equal(x02[0].relatedInformation![0].location.uri, u2021);
  });

  test('last year\'s report changed on disk: this year\'s diagnostics follow', async () => {
    const fixed = Y2021.replace(NEXT_2021, '| 四、结转下年度继续办理 | 40 | 3 | 0 | 0 | 1 | 2 | 46 |').replace('| 行政规范性文件 | 12 | 3 | 145 |', '| 行政规范性文件 | 12 | 3 | 136 |');
    assert.notEqual(fixed, Y2021);
    writeFileSync(y2021, fixed);
    await notify([{ uri: u2021, type: CHANGED.changed }]);
    const p = await c.diagnostics(u2022, (d) => x(d, 'X01').length === 0 && x(d, 'X02').length === 0);
    assert.ok(p.diagnostics.every((d) => d.code !== 'X01' && d.code !== 'X02'));
    // And back.
    writeFileSync(y2021, Y2021);
    await notify([{ uri: u2021, type: CHANGED.changed }]);
    await c.diagnostics(u2022, (d) => x(d, 'X01').length === 5 && x(d, 'X02').length === 1);
  });

  test('last year\'s report renamed (delete + create): related information points at the new name', async () => {
    const moved = join(dir, 'archive-2021.report.md');
    renameSync(y2021, moved);
    const um = pathToFileURL(moved).href;
    await notify([{ uri: u2021, type: CHANGED.deleted }, { uri: um, type: CHANGED.created }]);
    await c.diagnostics(u2022, (d) => x(d, 'X01').length === 5 && x(d, 'X01').every((e) => e.relatedInformation?.[0].location.uri === um));
    renameSync(moved, y2021);
    await notify([{ uri: um, type: CHANGED.deleted }, { uri: u2021, type: CHANGED.created }]);
    await c.diagnostics(u2022, (d) => x(d, 'X01').length === 5 && x(d, 'X01').every((e) => e.relatedInformation?.[0].location.uri === u2021));
  });

  test('last year\'s report deleted: the cross-year findings go; created again: they come back', async () => {
    rmSync(y2021);
    await notify([{ uri: u2021, type: CHANGED.deleted }]);
    await c.diagnostics(u2022, (d) => x(d, 'X01').length === 0 && x(d, 'X02').length === 0);
    let st = await c.request<IndexState>('xxgk/index', {});
    assert.equal(st.reports, 1);
    writeFileSync(y2021, Y2021);
    await notify([{ uri: u2021, type: CHANGED.created }]);
    await c.diagnostics(u2022, (d) => x(d, 'X01').length === 5);
    st = await c.request<IndexState>('xxgk/index', {});
    assert.equal(st.reports, 2);
  });

  test('a file that stops being a report (year removed from its title and front matter) leaves the index', async () => {
    const other = join(dir, 'draft.report.md');
    writeFileSync(other, baseReport(2021).replace(/某市科学技术局/g, '某市教育局'));
    const uo = pathToFileURL(other).href;
    await notify([{ uri: uo, type: CHANGED.created }]);
    let st = await c.request<IndexState>('xxgk/index', {});
    assert.ok(st.entries.some((e) => e.uri === uo && e.agency === '某市教育局'), 'another agency, indexed but never compared with ours');
    await c.diagnostics(u2022, (d) => x(d, 'X01').length === 5);
    rmSync(other);
    await notify([{ uri: uo, type: CHANGED.deleted }]);
    st = await c.request<IndexState>('xxgk/index', {});
    assert.ok(!st.entries.some((e) => e.uri === uo));
  });

  test('last year\'s report open and edited (unsaved): this year\'s diagnostics follow the editor, not the disk', async () => {
    await c.open(u2021, Y2021);
    await c.diagnostics(u2022, (d) => x(d, 'X01').length === 5);
    await c.change(u2021, Y2021.replace(NEXT_2021, '| 四、结转下年度继续办理 | 40 | 3 | 0 | 0 | 1 | 2 | 46 |'));
    const p = await c.diagnostics(u2022, (d) => x(d, 'X01').length === 0 && x(d, 'X02').length === 1);
    assert.equal(p.diagnostics.filter((d) => d.code === 'X01').length, 0);
    // Closing it without saving: the disk's text counts again.
    await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u2021 } });
    await c.diagnostics(u2022, (d) => x(d, 'X01').length === 5);
  });

  test('a new workspace folder is indexed; a removed one is forgotten', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'xxgk-ws2-'));
    try {
      const f = join(dir2, 'b.report.md');
      writeFileSync(f, baseReport(2020).replace(/某市科学技术局/g, '某县财政局'));
      const folder = { uri: pathToFileURL(dir2).href, name: 'ws2' };
      await c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
      let st = await c.request<IndexState>('xxgk/index', {});
      assert.ok(st.entries.some((e) => e.uri === pathToFileURL(f).href && e.year === 2020));
      await c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
      st = await c.request<IndexState>('xxgk/index', {});
      assert.ok(!st.entries.some((e) => e.uri === pathToFileURL(f).href));
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});

describe('the indexing progress (long scans): it always ends, in the language of the messages', () => {
  let dir: string;
  before(() => {
    // Enough reports that the scan outlasts the 500 ms after which a progress item is shown.
    dir = mkdtempSync(join(tmpdir(), 'xxgk-ws-progress-'));
    const text = baseReport(2022);
    for (let i = 0; i < 1500; i++) writeFileSync(join(dir, `r${i}.report.md`), text.replace(/某市科学技术局/g, `第${i}局`));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts a server on the folder; `grant` answers the client's window/workDoneProgress/create. */
  async function run(grant: (answer: () => void) => void, configuration: Record<string, unknown> = { xxgk: {} }) {
    const c = new LspClient();
    c.configuration = configuration;
    const progress: { kind: string; title?: string; message?: string }[] = [];
    c.conn.onRequest('window/workDoneProgress/create', () => new Promise<null>((resolve) => grant(() => resolve(null))));
    c.conn.onNotification('$/progress', (p: { value: { kind: string; title?: string; message?: string } }) => {
      progress.push(p.value);
    });
    await c.initialize({
      locale: 'en',
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true, workspaceFolders: true } },
    });
    const st = await c.request<IndexState & { ms: number }>('xxgk/index', { entries: false });
    return { c, progress, st };
  }

  test('the client grants the progress only after the scan finished: nothing is begun that would never end', async () => {
    let answer: (() => void) | undefined;
    const { c, progress, st } = await run((a) => (answer = a));
    try {
      assert.equal(st.reports, 1500);
      assert.ok(answer, `the scan took ${Math.round(st.ms)} ms, long enough to ask for a progress item`);
      answer();
      await c.request('xxgk/index', { entries: false });
      await new Promise((r) => setTimeout(r, 200));
      const begun = progress.filter((p) => p.kind === 'begin').length;
      const ended = progress.filter((p) => p.kind === 'end').length;
      assert.equal(begun, ended, `every progress begun is ended: ${JSON.stringify(progress.map((p) => p.kind))}`);
    } finally {
      await c.stop();
    }
  });

  test('granted at once: it begins and ends; in Chinese by default, even in an English editor; in English when asked', async () => {
    for (const [configuration, re] of [[{ xxgk: {} }, /正在索引工作区中的年度报告/], [{ xxgk: { locale: 'en' } }, /Indexing the annual reports in the workspace/]] as const) {
      const { c, progress } = await run((a) => a(), configuration);
      try {
        await new Promise((r) => setTimeout(r, 200));
        const begin = progress.find((p) => p.kind === 'begin');
        assert.ok(begin, 'a progress item for a long scan');
        assert.match(begin.message ?? '', re);
        assert.equal(progress[progress.length - 1].kind, 'end');
      } finally {
        await c.stop();
      }
    }
  });
});
