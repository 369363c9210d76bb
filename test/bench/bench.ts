/**
 * `npm run bench`: every target of issue 16 next to its figure, measured side by side in one run.
 *
 * Times are CPU time (user + system): of this process for what runs in it (process.cpuUsage), of a child process as
 * the kernel counts it for bash's `time` (every thread of it, from start to exit). Each figure is the median of
 * repeated runs with its spread (min–max); a ratio is that of the two medians, with the range of the ratios of the
 * runs taken in pairs (the two sides alternate, so that a change of load falls on both). Wall time is shown where the
 * user waits for it. Nothing here is asserted: the tests have no timing thresholds.
 *
 * Knobs: BENCH_RUNS (runs per figure, default 15), BENCH_ONLY (a comma list of cli,process,growth,edit,batch,lsp),
 * BENCH_BATCH (reports in the batch, default 2000), BENCH_BATCH_RUNS (default 3).
 */
import { readFileSync, readdirSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { lint } from 'markdownlint/sync';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { Analyzer } from '../../server/src/core/index.js';
import { chunkText } from '../../server/src/core/parse.js';
import { fixturesDir, repoRoot } from '../unit/helpers.js';
import { copies, writeReports } from './texts.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'cli,process,growth,edit,batch,lsp').split(','));
const BATCH = Number(process.env.BENCH_BATCH ?? 2000);
const BATCH_RUNS = Number(process.env.BENCH_BATCH_RUNS ?? 3);

function lintText(text: string): void {
  lint({ strings: { doc: text } });
}

const bare = unified().use(remarkParse).use(remarkGfm);
const tmp = mkdtempSync(join(tmpdir(), 'xxgk-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

// ---------------------------------------------------------------- measuring

function sorted(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}
function median(xs: number[]): number {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function quantile(xs: number[], q: number): number {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

/** CPU time (ms) of fn in this process. */
function cpu(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

interface ProcRun {
  cpu: number;
  wall: number;
  /** Peak RSS (MB), when asked for. */
  rss: number;
  status: number;
}

/** Runs a command to its end: CPU (user + system) and wall time from bash's `time`, peak RSS from GNU time. */
function run(argv: string[], opts: { rss?: boolean } = {}): ProcRun {
  const rssFile = join(tmp, 'rss.txt');
  const cmd = opts.rss ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...argv] : argv;
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%3U %3S %3R"; { time "$@" >/dev/null 2>&1; } 2>&1; echo "status $?"', 'bash', ...cmd], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s+status (\d+)/.exec(r.stdout);
  if (!m) throw new Error(`could not time ${argv.join(' ')}: ${r.stdout} ${r.stderr}`);
  const status = Number(m[4]);
  if (status > 1) throw new Error(`${argv.join(' ')} exited with ${status}`);
  const rss = opts.rss ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : 0;
  return { cpu: (Number(m[1]) + Number(m[2])) * 1000, wall: Number(m[3]) * 1000, rss, status };
}

/** Runs a and b alternately `n` times. */
function pairs<T>(n: number, a: () => T, b: () => T): { a: T[]; b: T[] } {
  const out = { a: [] as T[], b: [] as T[] };
  for (let i = 0; i < n; i++) {
    out.a.push(a());
    out.b.push(b());
  }
  return out;
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(2)} ms`);
/** Median and spread of times. */
const spread = (xs: number[]) => `${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))}, n=${xs.length})`;
/** The ratio of the medians, and the range of the ratios of the pairs. */
function ratioOf(a: number[], b: number[]): { r: number; text: string } {
  const r = median(a) / median(b);
  const rs = a.map((x, i) => x / b[i]);
  return { r, text: `${r.toFixed(2)}× (pairs ${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)})` };
}

const summary: string[] = [];
/** One target next to its figure. */
function target(name: string, want: string, figure: string, met: boolean): void {
  const line = `${met ? 'MET ' : 'MISS'} ${name}: target ${want} — ${figure}`;
  summary.push(line);
  console.log(`  → ${line}`);
}

function fixtures(): { name: string; path: string; text: string }[] {
  const out: { name: string; path: string; text: string }[] = [];
  for (const dir of ['seeds', 'clean']) {
    const d = join(fixturesDir, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).filter((f) => f.endsWith('.report.md')).sort()) out.push({ name: `${dir}/${f}`, path: join(d, f), text: readFileSync(join(d, f), 'utf8') });
  }
  return out;
}

const CLI = ['node', 'bin/xxgk-report.js'];
const MARKDOWNLINT = ['node', 'out/test/bench/markdownlint-cli.js'];

const all = fixtures();
const clean = all.find((f) => f.name.includes('clean-2021')) ?? all[0];
if (!clean) {
  console.error('no fixtures found');
  process.exit(1);
}

console.log(`xxgk-report bench — node ${process.version}, ${RUNS} runs per figure; CPU time unless said; median (min–max)\n`);

// ---------------------------------------------------------------- 1. the command line on one report

let markdownlintWall = 0;
if (ONLY.has('cli')) {
  console.log(`1. \`xxgk-report check\` on one report (${clean.name}, ${Buffer.byteLength(clean.text)} bytes), whole process, against markdownlint's whole process`);
  for (let i = 0; i < 2; i++) run([...CLI, 'check', clean.path]), run([...MARKDOWNLINT, clean.path]);
  const p = pairs(RUNS, () => run([...CLI, 'check', clean.path]), () => run([...MARKDOWNLINT, clean.path]));
  const node = Array.from({ length: Math.min(RUNS, 7) }, () => run(['node', '-e', '0']));
  markdownlintWall = median(p.b.map((x) => x.wall));
  console.log(`  xxgk-report check  ${spread(p.a.map((x) => x.cpu))}, wall ${ms(median(p.a.map((x) => x.wall)))}`);
  console.log(`  markdownlint       ${spread(p.b.map((x) => x.cpu))}, wall ${ms(markdownlintWall)}`);
  console.log(`  (node -e 0         ${spread(node.map((x) => x.cpu))}, wall ${ms(median(node.map((x) => x.wall)))})`);
  const r = ratioOf(p.a.map((x) => x.cpu), p.b.map((x) => x.cpu));
  target('check, one report, whole process', '≤ 0.40× markdownlint', r.text, r.r <= 0.4);
}

// ---------------------------------------------------------------- 2. one report in process

if (ONLY.has('process')) {
  console.log('\n2. One report in process (a new Analyzer: no cache) against a bare whole-document remark-parse + remark-gfm parse and markdownlint');
  console.log(['  fixture', 'bytes', 'analysis', 'bare parse', 'markdownlint', 'analysis/bare', 'analysis/markdownlint'].join(' | '));
  let worst = 0;
  let worstText = '';
  for (const f of all) {
    for (let i = 0; i < 5; i++) new Analyzer().analyze(f.text), bare.parse(f.text), lintText(f.text);
    const n = RUNS * 2;
    const p = pairs(n, () => cpu(() => new Analyzer().analyze(f.text)), () => cpu(() => bare.parse(f.text)));
    const l = Array.from({ length: n }, () => cpu(() => lintText(f.text)));
    const r = ratioOf(p.a, p.b);
    console.log([`  ${f.name}`, Buffer.byteLength(f.text), spread(p.a), spread(p.b), ms(median(l)), r.text, `${(median(p.a) / median(l)).toFixed(2)}×`].join(' | '));
    if (r.r > worst) (worst = r.r), (worstText = `${f.name}: ${r.text}`);
  }
  target('one report in process, every fixture', '≤ 0.30× bare parse', `worst ${worstText}`, worst <= 0.3);
}

// ---------------------------------------------------------------- 3. growth

const grown = copies(clean.text, 40);
if (ONLY.has('growth')) {
  console.log(`\n3. Growth: ${clean.name} repeated k times, every copy distinct (another agency, its table numbers × (i+1), its paragraphs marked); \`check\` as a whole process against a bare parse of the same text in process`);
  console.log(['  k', 'bytes', 'bytes/(k × report)', 'chunks (distinct)', 'check, whole process', 'bare parse', 'bare/check'].join(' | '));
  for (const k of [10, 20, 40]) {
    const text = k === 40 ? grown : copies(clean.text, k);
    const file = join(tmp, `growth-${k}.report.md`);
    writeFileSync(file, text);
    const chunks = chunkText(text);
    const distinct = new Set(chunks.map((c) => c.text)).size;
    const runs = k >= 40 ? 3 : 5;
    run([...CLI, 'check', file]);
    bare.parse(text);
    const p = pairs(runs, () => run([...CLI, 'check', file]).cpu, () => cpu(() => bare.parse(text)));
    const r = ratioOf(p.b, p.a);
    console.log([`  ${k}×`, Buffer.byteLength(text), (Buffer.byteLength(text) / (k * Buffer.byteLength(clean.text))).toFixed(3), `${chunks.length} (${distinct})`, spread(p.a), spread(p.b), `${r.text} faster`].join(' | '));
    if (k === 40) target(`growth, 40 distinct copies (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB), whole process`, '≥ 8× faster than a bare parse', `${r.text} faster`, r.r >= 8);
  }
}

// ---------------------------------------------------------------- 4. a one-cell edit of a 300 KB report

if (ONLY.has('edit')) {
  console.log(`\n4. Re-analysis after a one-cell edit of a ${(Buffer.byteLength(grown) / 1024).toFixed(0)} KB report (the 40 copies above), the analyzer warm on it; edits one after another, each in a cell somewhere else`);
  const cells: { at: number; len: number }[] = [];
  const lineRe = /^\|.*$/gm;
  for (let m = lineRe.exec(grown); m; m = lineRe.exec(grown)) {
    const cellRe = /(?<=\|\s*)\d+(?=\s*\|)/g;
    for (let c = cellRe.exec(m[0]); c; c = cellRe.exec(m[0])) cells.push({ at: m.index + c.index, len: c[0].length });
  }
  const analyzer = new Analyzer();
  let text = grown;
  analyzer.analyze(text);
  const n = Math.max(200, RUNS * 10);
  const times: number[] = [];
  // Offsets of later cells move when a value's length changes: edits keep every value's length (a digit changed).
  for (let j = 0; j < n + 20; j++) {
    const c = cells[(j * 7919) % cells.length];
    const old = text.slice(c.at, c.at + c.len);
    const digit = String((Number(old[old.length - 1]) + 1 + (j % 8)) % 10);
    text = text.slice(0, c.at + c.len - 1) + digit + text.slice(c.at + c.len);
    const t = cpu(() => analyzer.analyze(text));
    if (j >= 20) times.push(t);
  }
  const b = Array.from({ length: 3 }, () => cpu(() => bare.parse(grown)));
  console.log(`  ${n} edits: p50 ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))}, max ${ms(Math.max(...times))}; bare whole-document parse of it ${spread(b)}; p95/bare ${(quantile(times, 0.95) / median(b)).toFixed(4)}×`);
  const p = analyzer.parser;
  console.log(`  (parser: ${p.hits} chunk cache hits, ${p.reused} table chunks re-split, ${p.misses} chunks parsed)`);
  target('re-analysis after a one-cell edit of the 300 KB report', 'p95 ≤ 30 ms', `p95 ${ms(quantile(times, 0.95))} (p50 ${ms(quantile(times, 0.5))}, ${n} edits)`, quantile(times, 0.95) <= 30);
}

// ---------------------------------------------------------------- 5. a batch

if (ONLY.has('batch')) {
  const dir = join(tmp, 'batch');
  const bytes = writeReports(dir, BATCH);
  console.log(`\n5. Batch: \`check DIR\` on ${BATCH} generated reports (${(bytes / 1048576).toFixed(1)} MB, agencies × ten years), whole process, against markdownlint on the same files`);
  const quarter = join(tmp, 'batch-quarter');
  writeReports(quarter, Math.round(BATCH / 4));
  const p = pairs(BATCH_RUNS, () => run([...CLI, 'check', dir], { rss: true }), () => run([...MARKDOWNLINT, dir], { rss: true }));
  const q = Array.from({ length: BATCH_RUNS }, () => run([...CLI, 'check', quarter], { rss: true }));
  console.log(`  xxgk-report check DIR  CPU ${spread(p.a.map((x) => x.cpu))}, wall ${spread(p.a.map((x) => x.wall))}, peak RSS ${median(p.a.map((x) => x.rss)).toFixed(0)} MB (max ${Math.max(...p.a.map((x) => x.rss)).toFixed(0)})`);
  console.log(`  markdownlint DIR       CPU ${spread(p.b.map((x) => x.cpu))}, wall ${spread(p.b.map((x) => x.wall))}, peak RSS ${median(p.b.map((x) => x.rss)).toFixed(0)} MB`);
  console.log(`  (${Math.round(BATCH / 4)} reports: check DIR CPU ${spread(q.map((x) => x.cpu))}, peak RSS ${median(q.map((x) => x.rss)).toFixed(0)} MB)`);
  const r = ratioOf(p.a.map((x) => x.cpu), p.b.map((x) => x.cpu));
  const w = ratioOf(p.a.map((x) => x.wall), p.b.map((x) => x.wall));
  target(`batch of ${BATCH} reports, CPU time`, '≤ 0.10× markdownlint', `${r.text} (wall ${w.text})`, r.r <= 0.1);
  const peak = Math.max(...p.a.map((x) => x.rss));
  target(`batch of ${BATCH} reports, peak memory`, '< 110 MB', `${peak.toFixed(0)} MB at most (${Math.round(BATCH / 4)} reports: ${Math.max(...q.map((x) => x.rss)).toFixed(0)} MB)`, peak < 110);
}

// ---------------------------------------------------------------- 6. the language server's start

/** Spawns the server, opens the report and waits for its diagnostics: wall time and the server's CPU time then. */
function firstDiagnostics(argv: string[], text: string): Promise<{ wall: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, argv, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'ignore'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const uri = pathToFileURL(join(tmp, 'open.report.md')).href;
    const timer = setTimeout(() => reject(new Error(`no diagnostics from ${argv.join(' ')}`)), 60_000);
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
      if (p.uri !== uri) return;
      const wall = performance.now() - t0;
      let cpuMs = NaN;
      try {
        const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        cpuMs = ((Number(f[11]) + Number(f[12])) * 1000) / 100;
      } catch {
        /* not Linux */
      }
      clearTimeout(timer);
      conn.dispose();
      proc.kill();
      resolve({ wall, cpu: cpuMs });
    });
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    conn.onRequest(() => null);
    conn.listen();
    void (async () => {
      await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
      await conn.sendNotification('initialized', {});
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    })().catch(reject);
  });
}

if (ONLY.has('lsp')) {
  console.log(`\n6. The language server: spawn → first diagnostics of ${clean.name} (wall; the server's CPU time then, in 10 ms ticks)`);
  if (!markdownlintWall) markdownlintWall = median(Array.from({ length: 5 }, () => run([...MARKDOWNLINT, clean.path]).wall));
  for (const [name, argv] of [['dist/server.js --stdio (VS Code)', ['dist/server.js', '--stdio']], ['xxgk-report lsp --stdio', ['bin/xxgk-report.js', 'lsp', '--stdio']]] as const) {
    await firstDiagnostics([...argv], clean.text);
    const xs: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < Math.max(5, Math.round(RUNS / 2)); i++) xs.push(await firstDiagnostics([...argv], clean.text));
    const wall = xs.map((x) => x.wall);
    console.log(`  ${name}: wall ${spread(wall)}, CPU ${spread(xs.map((x) => x.cpu))}; /markdownlint's whole process (wall ${ms(markdownlintWall)}) ${(median(wall) / markdownlintWall).toFixed(2)}×`);
    if (argv[0] === 'dist/server.js') target('language server, spawn → first diagnostics', '≤ 300 ms', `wall ${ms(median(wall))} (${ms(Math.min(...wall))}–${ms(Math.max(...wall))}), CPU ${ms(median(xs.map((x) => x.cpu)))}`, median(wall) <= 300);
  }
}

console.log('\nTargets (issue 16):');
for (const l of summary) console.log(`  ${l}`);
