/**
 * `npm run bench:workspace`: a workspace of 2,000 generated reports (200 agencies × 10 years), indexed by the
 * language server as VS Code would start it, against `xxgk-report check` of the same files, in one run.
 *
 * Printed: indexing time, the server's memory before and after, the longest wait of a request sent while the
 * index is being built (does the editor freeze?), the time for X01/X02 to appear in an opened report whose last
 * year is only on disk, and the CLI's wall time and peak memory for checking all 2,000 files.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../server/lsp-client.js';
import { baseReport } from '../unit/base-report.js';
import { repoRoot } from '../unit/helpers.js';

const AGENCIES = Number(process.env.XXGK_BENCH_AGENCIES ?? 200);
const YEARS = Array.from({ length: 10 }, (_, i) => 2015 + i);
const MB = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function generate(dir: string): { files: number; bytes: number; sample: { path: string; text: string } } {
  let files = 0;
  let bytes = 0;
  let sample = { path: '', text: '' };
  for (let a = 0; a < AGENCIES; a++) {
    const agency = `第${a + 1}区政务服务数据管理局`;
    const sub = join(dir, `区${String(a + 1).padStart(3, '0')}`);
    mkdirSync(sub, { recursive: true });
    for (const year of YEARS) {
      // Vary the numbers so that no two files share their table text (no cache helps the index).
      const text = baseReport(year, { agency }).replace(/\| 行政复议 \| 3 \|/, `| 行政复议 | ${3 + ((a * 7 + year) % 5)} |`).replace('全年主动公开政府信息3210条', `全年主动公开政府信息${3000 + a * 10 + (year % 10)}条`);
      const path = join(sub, `${agency}${year}年政府信息公开工作年度报告.report.md`);
      writeFileSync(path, text);
      files++;
      bytes += Buffer.byteLength(text);
      if (a === AGENCIES - 1 && year === YEARS[YEARS.length - 1]) sample = { path, text };
    }
  }
  return { files, bytes, sample };
}

interface IndexState {
  state: string;
  reports: number;
  files: number;
  ms: number;
  memory: { rss: number; heapUsed: number };
}

/** The index's state with the server's memory (the internals test hook, hence XXGK_TEST_HOOKS for every server here). */
async function indexState(c: LspClient): Promise<IndexState> {
  const st = await c.request<Omit<IndexState, 'memory'>>('xxgk/index', { entries: false });
  const { memory } = await c.request<{ memory: IndexState['memory'] }>('xxgk/test/internals', { wait: false });
  return { ...st, memory };
}

const HOOKS = { XXGK_TEST_HOOKS: '1' };

async function serverMemory(folder: string): Promise<IndexState> {
  const c = new LspClient(undefined, undefined, HOOKS);
  await c.initialize({ workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'empty' }] });
  const st = await indexState(c);
  await c.stop();
  return st;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'xxgk-bench-ws-'));
  const ws = join(root, 'ws');
  const empty = join(root, 'empty');
  mkdirSync(ws);
  mkdirSync(empty);
  try {
    const t0 = performance.now();
    const gen = generate(ws);
    console.log(`Generated ${gen.files} reports (${MB(gen.bytes)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${AGENCIES} agencies × ${YEARS.length} years`);

    // Baseline: the server with an empty workspace.
    const base = await serverMemory(empty);

    // The server indexing the 2,000 reports, while a request is sent every 20 ms (the editor's view of the server).
    const c = new LspClient(undefined, undefined, HOOKS);
    const waits: number[] = [];
    let indexing = true;
    const started = performance.now();
    await c.initialize({ workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }], capabilities: { workspace: { configuration: true, workspaceFolders: true } } });
    const pinger = (async () => {
      while (indexing) {
        const s = performance.now();
        await c.request('xxgk/index', { wait: false, entries: false });
        waits.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const st = await indexState(c);
    const wall = performance.now() - started;
    indexing = false;
    await pinger;

    // Open the last agency's newest report: X01/X02 against last year's file, which is only on disk.
    const uri = pathToFileURL(gen.sample.path).href;
    const o0 = performance.now();
    await c.open(uri, gen.sample.text);
    const d = await c.diagnostics(uri, (p) => p.diagnostics.some((x) => x.code === 'X01'));
    const firstCross = performance.now() - o0;
    const xs = d.diagnostics.filter((x) => x.code === 'X01' || x.code === 'X02').length;
    const after = await indexState(c);
    await c.stop();

    // The CLI checking the same files (all 2,000 read, analysed, and checked across years).
    const time = existsSync('/usr/bin/time');
    const cliArgs = [join(repoRoot, 'bin', 'xxgk-report.js'), 'check', '--format', 'json', ws];
    const c0 = performance.now();
    const run = time
      ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...cliArgs], { encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(process.execPath, cliArgs, { encoding: 'utf8', maxBuffer: 1 << 30 });
    const cliMs = performance.now() - c0;
    const peakKb = time ? Number(run.stderr.trim().split('\n').pop()) : NaN;
    const cliFiles = (JSON.parse(run.stdout) as { files: unknown[] }).files.length;

    console.log('');
    console.log(`Index (language server, ${st.reports} reports among ${st.files} Markdown files)`);
    console.log(`  indexing time (server):            ${(st.ms / 1000).toFixed(2)} s  (${(st.ms / st.reports).toFixed(2)} ms per report)`);
    console.log(`  from initialize to ready (client): ${(wall / 1000).toFixed(2)} s`);
    console.log(`  requests answered while indexing:  ${waits.length}, median ${median(waits).toFixed(1)} ms, longest ${Math.max(...waits).toFixed(1)} ms`);
    console.log(`  server memory, empty workspace:    rss ${MB(base.memory.rss)}, heap ${MB(base.memory.heapUsed)}`);
    console.log(`  server memory, 2,000 indexed:      rss ${MB(st.memory.rss)}, heap ${MB(st.memory.heapUsed)}  (+${MB(st.memory.heapUsed - base.memory.heapUsed)} heap)`);
    console.log(`  after opening one report:          rss ${MB(after.memory.rss)}, heap ${MB(after.memory.heapUsed)}`);
    console.log(`  open → X01/X02 against last year's file on disk: ${firstCross.toFixed(0)} ms (${xs} findings)`);
    console.log('');
    console.log(`CLI (xxgk-report check --format json DIR, ${cliFiles} files, exit ${run.status})`);
    console.log(`  wall time:                         ${(cliMs / 1000).toFixed(2)} s  (${(cliMs / cliFiles).toFixed(2)} ms per report)`);
    if (time) console.log(`  peak memory (max RSS):             ${MB(peakKb * 1024)}`);
    console.log('');
    console.log(`Indexing / CLI check time: ${(st.ms / cliMs).toFixed(3)}×`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
