/**
 * `check` over many files on worker threads (one per core), with memory bounded whatever the number of files: a
 * thread reads and analyses one file at a time and sends back its findings and the few numbers the cross-year rules
 * need of it (core/summary.ts), never its model. Then, for each report whose previous year is among the files and
 * whose compared numbers differ at all (mayFind), a thread analyses it again with that previous year's stand-in and
 * runs the cross-year rules: the same findings as analyzeAcross over every model (test/unit/check-batch.test.ts).
 * Messages come out in the order of the files, as from the sequential check.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Finding, type Locale, mayFind, previousOf, type CrossSummary } from '../core/index.js';

/** From this many files on, check uses worker threads (fewer are checked faster in the process itself). */
export const CHECK_PARALLEL_FROM = 16;

/** Threads for a batch: one per core (XXGK_CHECK_JOBS or --jobs to change it). */
export function defaultCheckJobs(): number {
  return Math.max(1, Number(process.env.XXGK_CHECK_JOBS) || availableParallelism());
}

export type CheckJob = { id: number; kind: 'file'; file: string } | { id: number; kind: 'cross'; file: string; prev: CrossSummary };

export type CheckReply =
  | { id: number; kind: 'file'; error?: string; note?: string; internal?: string[]; findings?: Finding[]; summary?: CrossSummary }
  | { id: number; kind: 'cross'; findings: Finding[] }
  | { id: number; kind: 'failed'; message: string };

export interface FileResult {
  file: string;
  findings: Finding[];
}

export interface BatchOptions {
  locale: Locale;
  jobs: number;
  /** Files done so far (for --progress). */
  progress(done: number): void;
  /** A message for stderr (a file's encoding note, why it could not be read, an internal error of a rule). */
  err(s: string): void;
  /** Says an internal rule error of a file. */
  internal(file: string, error: string): string;
}

function workerScript(): string {
  // Beside this module: out/server/src/cli/check-worker.js, or the bundle's dist/check-worker.js beside dist/xxgk.js.
  return join(dirname(fileURLToPath(import.meta.url)), 'check-worker.js');
}

/**
 * A thread's heap. What a report's analysis keeps is a few MB, but V8 lets garbage pile up to far more than that
 * before it collects when a heap may grow (a thread held 100 MB and more after a few hundred reports): bounded, it
 * collects sooner. A file that needs more (a report of tens of MB) is checked by the process itself.
 */
const THREAD_HEAP_MB = Number(process.env.XXGK_CHECK_HEAP_MB) || 64;
const THREAD_YOUNG_MB = Number(process.env.XXGK_CHECK_YOUNG_MB) || 8;
/** Jobs sent to a thread ahead of its answers (see CheckPool.feed). */
const IN_FLIGHT = 8;

/**
 * `n` threads that run jobs, kept for both passes of a batch (a fresh thread compiles and warms up again). The jobs
 * a thread could not finish (out of its heap, or stopped) are run by the process itself, one at a time, when the
 * threads are done with the rest. `run` rejects when a job fails otherwise (an internal error).
 */
class CheckPool {
  private idle: Worker[] = [];
  private all = new Set<Worker>();
  private pass?: { jobs: CheckJob[]; next: number; settled: number; left: CheckJob[]; onReply: (r: CheckReply) => void; resolve: () => void; reject: (e: Error) => void };
  /** The jobs sent to each thread and not answered yet, oldest first. */
  private inFlight = new Map<Worker, CheckJob[]>();

  constructor(private readonly n: number, private readonly locale: Locale) {}

  private spawn(): void {
    const w = new Worker(workerScript(), { workerData: { locale: this.locale }, resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: THREAD_YOUNG_MB } });
    this.all.add(w);
    this.inFlight.set(w, []);
    w.on('message', (r: CheckReply) => {
      const p = this.pass;
      if (!p) return;
      if (r.kind === 'failed') return p.reject(new Error(r.message));
      this.inFlight.get(w)?.shift();
      p.onReply(r);
      this.settle();
      this.feed(w);
    });
    const lost = () => {
      if (!this.all.delete(w)) return;
      const jobs = this.inFlight.get(w) ?? [];
      this.inFlight.delete(w);
      this.idle = this.idle.filter((x) => x !== w);
      const p = this.pass;
      if (p) {
        for (const job of jobs) {
          p.left.push(job);
          this.settle();
        }
        if (p.next < p.jobs.length) this.spawn();
      }
    };
    w.on('error', lost);
    w.on('exit', lost);
    this.feed(w);
  }

  /**
   * Keeps IN_FLIGHT jobs sent to a thread, so that it never waits for the next (one job at a time: 18 s of CPU for
   * 2,000 reports on two threads, eight: 14.6 s).
   */
  private feed(w: Worker): void {
    const p = this.pass;
    const queue = this.inFlight.get(w)!;
    while (p && p.next < p.jobs.length && queue.length < IN_FLIGHT) {
      const job = p.jobs[p.next++];
      queue.push(job);
      w.postMessage(job);
    }
    if (!queue.length) this.idle.push(w);
  }

  private settle(): void {
    const p = this.pass!;
    if (++p.settled === p.jobs.length) p.resolve();
  }

  async run(jobs: CheckJob[], onReply: (r: CheckReply) => void): Promise<void> {
    if (!jobs.length) return;
    const left: CheckJob[] = [];
    await new Promise<void>((resolve, reject) => {
      this.pass = { jobs, next: 0, settled: 0, left, onReply, resolve, reject };
      const idle = this.idle;
      this.idle = [];
      for (const w of idle) this.feed(w);
      for (let i = this.all.size; i < Math.min(this.n, jobs.length); i++) this.spawn();
    }).finally(() => (this.pass = undefined));
    if (left.length) {
      const { runCheckJob } = await import('./check-job.js');
      const { Analyzer } = await import('../core/index.js');
      for (const job of left.sort((a, b) => a.id - b.id)) {
        const r = runCheckJob(job, new Analyzer(), this.locale);
        if (r.kind === 'failed') throw new Error(r.message);
        onReply(r);
      }
    }
  }

  async close(): Promise<void> {
    const ws = [...this.all];
    this.all.clear();
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/** Checks files on worker threads: each file's findings (cross-year ones included) and whether one was unreadable. */
export async function checkInWorkers(files: string[], o: BatchOptions): Promise<{ results: FileResult[]; ioError: boolean }> {
  const pool = new CheckPool(o.jobs, o.locale);
  try {
    return await checkWith(pool, files, o);
  } finally {
    await pool.close();
  }
}

async function checkWith(pool: CheckPool, files: string[], o: BatchOptions): Promise<{ results: FileResult[]; ioError: boolean }> {
  const replies: (Extract<CheckReply, { kind: 'file' }> | undefined)[] = new Array(files.length);
  let flushed = 0;
  let ioError = false;
  // Messages in the order of the files, as soon as every file before has come back.
  const flush = () => {
    while (flushed < files.length && replies[flushed]) {
      const r = replies[flushed]!;
      if (r.error !== undefined) {
        o.err(`xxgk-report: ${r.error}`);
        ioError = true;
      } else {
        if (r.note) o.err(`xxgk-report: ${r.note}`);
        for (const e of r.internal ?? []) o.err(o.internal(files[flushed], e));
      }
      flushed++;
      o.progress(flushed);
    }
  };
  await pool.run(files.map((file, id) => ({ id, kind: 'file', file })), (r) => {
    if (r.kind !== 'file') return;
    replies[r.id] = r;
    flush();
  });
  const read = replies.map((r, i) => ({ i, r: r! })).filter((x) => x.r.error === undefined);
  const results: FileResult[] = read.map((x) => ({ file: files[x.i], findings: x.r.findings ?? [] }));
  if (read.length > 1) {
    const summaries = read.map((x) => x.r.summary!);
    const prevs = previousOf(summaries);
    const cross: CheckJob[] = [];
    summaries.forEach((s, k) => {
      const prev = prevs[k];
      if (prev && prev !== s && mayFind(s, prev)) cross.push({ id: k, kind: 'cross', file: files[read[k].i], prev });
    });
    await pool.run(cross, (r) => {
      if (r.kind !== 'cross' || !r.findings.length) return;
      const res = results[r.id];
      res.findings = [...res.findings, ...r.findings].sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
    });
  }
  return { results, ioError };
}
