/**
 * `npm run bench:load`: the language server under load, and over time.
 *
 * 1. 500 distinct reports (50 agencies × 10 years, numbers carried from year to year, a known share with errors) are
 *    opened in one server, then edited in turn (2 rounds × 500 edits: one 表四 cell made wrong, then right again),
 *    each edit waiting for the diagnostics of its version. Printed: edit-to-diagnostics latency (p50/p95/max), and
 *    the server's resident memory (VmRSS of its process) and heap before opening anything, after opening, after the
 *    edits and after closing all; and what closing one report among them costs.
 * 2. A leak check: cycles of open 100 new reports → edit each → close all, with the server's memory after each
 *    cycle and the growth from the early cycles to the late ones; the server's per-document tables must be empty
 *    again after every cycle.
 *
 * Memory is measured after a forced full collection (the server runs with --expose-gc and XXGK_TEST_HOOKS=1;
 * `xxgk/test/internals` with `gc: true`). Nothing is asserted on time; the run fails only when diagnostics are missing or wrong, the server
 * dies, or a per-document table is left non-empty after a cycle.
 *
 * Knobs: XXGK_LOAD_REPORTS (500; 0 for the leak check alone), XXGK_LOAD_ROUNDS (2), XXGK_LOAD_CYCLES (20),
 * XXGK_LOAD_CYCLE_REPORTS (100), XXGK_LOAD_DEBOUNCE (0 ms: the server's own latency; VS Code's default adds 150 ms).
 */
import { readFileSync } from 'node:fs';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient } from '../server/lsp-client.js';
import { generateReports, withReviewTotal, type GeneratedReport } from '../server/many-reports.js';

const num = (name: string, dflt: number) => {
  const v = Number(process.env[name] ?? dflt);
  return Number.isFinite(v) && v >= 0 ? Math.floor(v) : dflt;
};
const REPORTS = num('XXGK_LOAD_REPORTS', 500);
const ROUNDS = num('XXGK_LOAD_ROUNDS', 2);
const CYCLES = num('XXGK_LOAD_CYCLES', 20);
const PER_CYCLE = Math.max(1, num('XXGK_LOAD_CYCLE_REPORTS', 100));
const DEBOUNCE = num('XXGK_LOAD_DEBOUNCE', 0);
/** Generous: a missing publication is a failure, a slow one is not. */
const TIMEOUT_MS = 300_000;

const MB = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const signedMB = (n: number) => `${n >= 0 ? '+' : '−'}${MB(Math.abs(n))}`;
const KB = (n: number) => `${n >= 0 ? '+' : '−'}${(Math.abs(n) / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const s = (n: number) => `${(n / 1000).toFixed(2)} s`;

function quantile(xs: number[], q: number): number {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)] : NaN;
}

/** Least-squares slope of ys over 0, 1, 2, … */
function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, x) => ((sxy += (x - mx) * (y - my)), (sxx += (x - mx) ** 2)));
  return sxy / sxx;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

class Failure extends Error {}

interface IndexState {
  pid: number;
  memory: { rss: number; heapUsed: number; gc: boolean };
  perDocument: Record<string, number>;
}

interface Memory {
  rss: number;
  heap: number;
  peak?: number;
  perDocument: Record<string, number>;
}

/** Resident and peak resident memory of a process, from /proc (Linux); undefined elsewhere. */
function procMemory(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
    const rss = kb('VmRSS');
    return Number.isFinite(rss) ? { rss, peak: kb('VmHWM') } : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const c = new LspClient(['lsp', '--stdio'], ['--expose-gc'], { XXGK_TEST_HOOKS: '1' });
  c.configuration = { xxgk: { debounceMs: DEBOUNCE } };
  let died: string | undefined;
  const dead = new Promise<never>((_, reject) =>
    c.proc.on('exit', (code, signal) => {
      died = `the server exited (code ${code}, signal ${signal})${c.stderr ? `; its stderr:\n${c.stderr.slice(-2000)}` : ''}`;
      reject(new Failure(died));
    }),
  );
  dead.catch(() => undefined);
  /** Waits for `p`, unless the server dies first. */
  const guard = <T>(p: Promise<T>): Promise<T> => Promise.race([p, dead]);

  const measure = async (): Promise<Memory> => {
    // Publications still under way (next year's report of an edited one) are waited for, so that each figure is of an idle server.
    let st = await guard(c.request<IndexState>('xxgk/test/internals', { gc: true }));
    for (let i = 0; i < 500 && st.perDocument.publishing; i++) {
      await new Promise((r) => setTimeout(r, 10));
      st = await guard(c.request<IndexState>('xxgk/test/internals', { gc: true }));
    }
    if (!st.memory.gc) throw new Failure('the server did not collect garbage before measuring (started without --expose-gc?)');
    const proc = procMemory(st.pid);
    return { rss: proc?.rss ?? st.memory.rss, peak: proc?.peak, heap: st.memory.heapUsed, perDocument: st.perDocument };
  };

  /** Opens the reports, and resolves when each has its first diagnostics. */
  const openAll = async (reports: GeneratedReport[]): Promise<PublishDiagnosticsParams[]> => {
    for (const r of reports) await c.open(r.uri, r.text);
    return guard(Promise.all(reports.map((r) => c.forVersion(r.uri, TIMEOUT_MS))));
  };

  /** One edit of the 表四 行政复议 total, right or wrong: the time from didChange to its diagnostics, which must say so. */
  const edit = async (r: GeneratedReport, wrong: boolean): Promise<number> => {
    const { text, line } = withReviewTotal(r.text, wrong);
    const t0 = performance.now();
    const version = await c.change(r.uri, text);
    const p = await guard(c.forVersion(r.uri, TIMEOUT_MS));
    const elapsed = performance.now() - t0;
    const a04 = p.diagnostics.some((d) => d.code === 'A04' && d.range.start.line === line);
    if (a04 !== wrong) throw new Failure(`${decodeURI(r.uri)} version ${version}: the 行政复议 total is ${wrong ? 'wrong' : 'right'} but A04 is ${a04 ? 'reported' : 'missing'}`);
    return elapsed;
  };

  /** Closes the reports, and resolves when each has had its diagnostics cleared. */
  const closeAll = async (reports: GeneratedReport[]): Promise<void> => {
    for (const r of reports) await c.close(r.uri);
    await guard(Promise.all(reports.map((r) => c.diagnostics(r.uri, (p) => p.version === undefined && p.diagnostics.length === 0, TIMEOUT_MS))));
  };

  /** The codes in each report's latest diagnostics, counted. */
  const codeCounts = (reports: GeneratedReport[]): string => {
    const last = new Map<string, PublishDiagnosticsParams>();
    for (const p of c.published) last.set(p.uri, p);
    const counts = new Map<string, number>();
    let withFindings = 0;
    for (const r of reports) {
      const ds = last.get(r.uri)?.diagnostics ?? [];
      if (ds.length) withFindings++;
      for (const d of ds) counts.set(String(d.code), (counts.get(String(d.code)) ?? 0) + 1);
    }
    return `${withFindings} with findings (${[...counts].sort().map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'})`;
  };

  const started = performance.now();
  try {
    await guard(c.initialize());
    const before = await measure();
    const baseline = before.perDocument;

    // 1. Open REPORTS reports, edit them in turn, close one, close all.
    let summary = '';
    if (REPORTS) {
      const reports = generateReports(REPORTS, 'load', 1);
      const injected = reports.filter((r) => r.error).length;
      const o0 = performance.now();
      await openAll(reports);
      const openMs = performance.now() - o0;
      const opened = await measure();
      const openedCodes = codeCounts(reports);

      const latencies: number[] = [];
      const e0 = performance.now();
      for (let round = 0; round < ROUNDS; round++) for (const r of reports) latencies.push(await edit(r, round % 2 === 0));
      const editMs = performance.now() - e0;
      const edited = await measure();
      const editedCodes = codeCounts(reports);

      // One report closed while the others stay open: its clearing, and next year's report of its agency again.
      const one = reports[Math.floor(reports.length / 2)];
      const from = c.published.length;
      const k0 = performance.now();
      await closeAll([one]);
      await measure();
      const oneMs = Math.max(...c.published.slice(from).map((p) => p.at)) - k0;
      const onePublished = c.published.length - from;

      const rest = reports.filter((r) => r !== one);
      const c0 = performance.now();
      await closeAll(rest);
      const closeMs = performance.now() - c0;
      const closed = await measure();

      console.log(`Load: ${REPORTS} reports (${new Set(reports.map((r) => r.agency)).size} agencies × up to 10 years, ${injected} with an error put in), debounce ${DEBOUNCE} ms`);
      console.log(`  open all, until each has diagnostics:  ${s(openMs)}  (${ms(openMs / REPORTS)} per report); ${openedCodes}`);
      if (latencies.length) {
        console.log(`  edits in turn (${ROUNDS} × ${REPORTS}, one 表四 cell):   ${s(editMs)}; after them: ${editedCodes}`);
        console.log(`  edit → diagnostics of that version:    p50 ${ms(quantile(latencies, 0.5))}, p95 ${ms(quantile(latencies, 0.95))}, max ${ms(Math.max(...latencies))}  (${latencies.length} edits)`);
      }
      console.log(`  close one report, the others open:     ${onePublished} publication(s), the last after ${ms(oneMs)}`);
      console.log(`  close the rest, until each is cleared: ${s(closeMs)}`);
      console.log('');
      console.log('  server memory (after a forced GC)      rss        heap');
      const memRow = (label: string, m: Memory) => console.log(`  ${label.padEnd(38)} ${MB(m.rss).padStart(9)}  ${MB(m.heap).padStart(9)}`);
      memRow('before opening anything', before);
      memRow(`after opening ${REPORTS}`, opened);
      memRow(`after ${latencies.length} edits`, edited);
      memRow('after closing all', closed);
      if (edited.peak !== undefined) console.log(`  peak rss so far (VmHWM):               ${MB(edited.peak)}`);
      const lat = latencies.length ? `${latencies.length} edits, edit → diagnostics p50 ${ms(quantile(latencies, 0.5))} / p95 ${ms(quantile(latencies, 0.95))} / max ${ms(Math.max(...latencies))}; ` : '';
      summary = `${REPORTS} open reports, ${lat}rss ${MB(before.rss)} → ${MB(opened.rss)} open → ${MB(edited.rss)} edited → ${MB(closed.rss)} closed (heap ${MB(before.heap)} → ${MB(opened.heap)} → ${MB(edited.heap)} → ${MB(closed.heap)})`;
    }

    // 2. The leak check: cycles of open → edit each → close all, with new URIs and numbers every cycle.
    const rows: { cycle: number; openMs: number; editP50: number; mem: Memory }[] = [];
    const leaks: string[] = [];
    if (CYCLES) {
      if (REPORTS) console.log('');
      console.log(`Leak check: ${CYCLES} cycles of open ${PER_CYCLE} new reports → edit each → close all`);
      console.log('  cycle   open+diag   edit p50        rss       heap   per-document tables');
    }
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const set = generateReports(PER_CYCLE, `cycle-${cycle}`, 1000 + cycle);
      const t0 = performance.now();
      await openAll(set);
      const oMs = performance.now() - t0;
      const lat: number[] = [];
      for (const r of set) lat.push(await edit(r, true));
      await closeAll(set);
      const mem = await measure();
      const left = Object.entries(mem.perDocument).filter(([k, v]) => v !== baseline[k]);
      if (left.length) leaks.push(`cycle ${cycle}: ${left.map(([k, v]) => `${k} ${v} (was ${baseline[k]})`).join(', ')}`);
      rows.push({ cycle, openMs: oMs, editP50: quantile(lat, 0.5), mem });
      console.log(`  ${String(cycle).padStart(5)}  ${s(oMs).padStart(10)}  ${ms(quantile(lat, 0.5)).padStart(9)}  ${MB(mem.rss).padStart(9)}  ${MB(mem.heap).padStart(9)}   ${left.length ? left.map(([k, v]) => `${k} ${v}`).join(', ') : 'all back to baseline'}`);
    }

    let growth = '';
    if (rows.length >= 2) {
      // Cycle 1 warms up (code compiled, caches filled); the early cycles are the next quarter, the late ones the last quarter.
      const warm = rows.length >= 4 ? rows.slice(1) : rows;
      const q = Math.max(1, Math.floor(warm.length / 4));
      const early = warm.slice(0, q);
      const late = warm.slice(-q);
      const d = (f: (m: Memory) => number) => mean(late.map((r) => f(r.mem))) - mean(early.map((r) => f(r.mem)));
      const span = (xs: typeof rows) => (xs.length > 1 ? `${xs[0].cycle}–${xs[xs.length - 1].cycle}` : `${xs[0].cycle}`);
      const heapSlope = slope(warm.map((r) => r.mem.heap));
      const rssSlope = slope(warm.map((r) => r.mem.rss));
      console.log(`  cycles ${span(early)} → ${span(late)}: heap ${signedMB(d((m) => m.heap))}, rss ${signedMB(d((m) => m.rss))}; slope over cycles ${span(warm)}: heap ${KB(heapSlope)}/cycle, rss ${KB(rssSlope)}/cycle`);
      growth = `${CYCLES} leak cycles of ${PER_CYCLE}: heap ${signedMB(d((m) => m.heap))} from cycles ${span(early)} to ${span(late)} (${KB(heapSlope)}/cycle), per-document tables empty after every cycle`;
      const last = rows[rows.length - 1].mem;
      if (last.peak !== undefined) console.log(`  peak rss of the whole run (VmHWM):     ${MB(last.peak)}`);
    }
    if (leaks.length) throw new Failure(`per-document tables not back to baseline (a leak):\n  ${leaks.join('\n  ')}`);

    console.log('');
    console.log(`Summary: ${[summary, growth, `${s(performance.now() - started)} in all`].filter(Boolean).join('; ')}.`);
  } finally {
    if (!died) await c.stop();
  }
}

try {
  await main();
} catch (e) {
  console.error(`bench:load FAILED: ${e instanceof Failure ? e.message : (e as Error).stack ?? String(e)}`);
  process.exitCode = 1;
}
