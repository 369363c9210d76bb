/**
 * `check` over files, with memory bounded whatever the number of files: each file is read and analysed alone, and
 * what is kept of it is its findings and the few numbers the cross-year rules need of it (core/summary.ts), never its
 * model. Then, for each report whose previous year is among the files and whose compared numbers differ at all
 * (mayFind), it is analysed again with that previous year's stand-in and the cross-year rules run: the same findings
 * as analyzeAcross over every model (test/unit/check-batch.test.ts). Messages come out in the order of the files.
 *
 * With many files (CHECK_PARALLEL_FROM) and more than one core, worker threads check them (checkThreads) and the
 * process only hands out the files and keeps the answers: a process that checked 2,000 files itself held 113 MB (its
 * heap has no bound, and V8 lets garbage pile up), against 97 MB for one that does not with one thread whose heap is
 * bounded (young.ts holds both young generations). Otherwise the process checks them alone, in the same way (a file at
 * a time, its findings and summary kept, then the cross-year pass).
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Analyzer, type Finding, type Locale, mayFind, previousOf, type CrossSummary } from '../core/index.js';
import { CheckRunner, batchRunner } from './check-job.js';

/** From this many files on, check uses worker threads (fewer are checked faster by the process alone). */
export const CHECK_PARALLEL_FROM = 16;

/**
 * The threads of a batch given `--jobs N` (N threads; 1: none, the process checks the files), or by default one per
 * core less one, as Jest's workers (XXGK_CHECK_JOBS as --jobs). The core left is V8's: each thread warms up anew
 * (its first few hundred reports cost three to four times the later ones while V8 compiles and optimises the checker,
 * on background threads) and collects its garbage on them too. On two cores, two threads competed with those for the
 * second core: 2,000 reports cost 1.15–1.25× the CPU time of one thread for 6–13% less wall time, and 20% more memory.
 */
export function checkThreads(jobs: number | undefined): number {
  const n = jobs ?? (Number(process.env.XXGK_CHECK_JOBS) || undefined);
  if (n !== undefined) return n > 1 ? n : 0;
  return availableParallelism() - 1;
}

export type CheckJob = { id: number; kind: 'file'; file: string } | { id: number; kind: 'cross'; file: string; prev: CrossSummary };

export type CheckReply =
  | {
      id: number;
      kind: 'file';
      error?: string;
      note?: string;
      internal?: string[];
      findings?: Finding[];
      summary?: CrossSummary;
      /** The cross-year findings given the report of job `prev` as last year's (check-job.ts). */
      cross?: { prev: number; findings: Finding[] };
    }
  | { id: number; kind: 'cross'; findings: Finding[] }
  | { id: number; kind: 'failed'; message: string };

export interface FileResult {
  file: string;
  findings: Finding[];
}

export interface BatchOptions {
  locale: Locale;
  /** Worker threads (0: none, the process checks the files): checkThreads. */
  threads: number;
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
 * collects sooner. A file that needs more (a report of several MB) is checked by the process itself. 2,000 reports:
 * 64 MB and 8 MB young, a peak of 168 MB; 32 and 4, 157 MB for the same CPU time; 24 and 2, 146 MB and 8% more CPU.
 */
const THREAD_HEAP_MB = Number(process.env.XXGK_CHECK_HEAP_MB) || 32;
const THREAD_YOUNG_MB = Number(process.env.XXGK_CHECK_YOUNG_MB) || 4;
/**
 * V8's budget of bytecode inlined into one optimised function (920 by default), for a batch. Every thread compiles
 * and optimises the checker anew: the first few hundred reports of a thread cost it three to four times what the
 * later ones do, and a thread of a 2,000-report batch spent about 40% of its time so. With less inlined, optimising
 * costs less and the optimised code is as fast on these reports (2,000 reports in one thread, the second time
 * round: 2.26 s at 920, 2.25 s at 60): check DIR of 2,000 reports 16% less CPU time at 150, a little less at 60.
 * V8's flags are the process's: set before the threads start, they apply to them too. A flag only the optimising
 * compiler reads; the language server does not set it.
 */
const BATCH_INLINING = Number(process.env.XXGK_CHECK_INLINING) || 60;

/** Jobs sent to a thread ahead of its answers, and how many consecutive files at a time (see CheckPool.feed). */
const IN_FLIGHT = 8;
const RUN = 16;

/**
 * `n` threads that run jobs, kept for both passes of a batch (a fresh thread compiles and warms up again), or with
 * n = 0 the process itself, a job at a time. The jobs a thread could not finish (out of its heap, or stopped) are run
 * by the process, one at a time, when the threads are done with the rest. `run` rejects when a job fails otherwise
 * (an internal error).
 */
class CheckPool {
  /** The process's own runner (n = 0), as a thread's (check-job.ts: batchRunner). */
  private runner?: CheckRunner;
  /** Whether the process's loop over jobs is running (or about to). */
  private looping = false;
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
    w.on('message', (replies: CheckReply[]) => {
      const p = this.pass;
      if (!p) return;
      for (const r of replies) {
        if (r.kind === 'failed') return p.reject(new Error(r.message));
        this.inFlight.get(w)?.shift();
        p.onReply(r);
        this.settle();
      }
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
   * 2,000 reports on two threads, eight: 14.6 s), sent in runs of RUN consecutive files, one message each and one
   * message back (a message each way per file was a seventh of a thread's time), so that a thread also sees an
   * agency's consecutive years together (check-job.ts: their cross-year rules then need no second analysis).
   */
  private feed(w: Worker): void {
    const p = this.pass;
    const queue = this.inFlight.get(w)!;
    while (p && p.next < p.jobs.length && queue.length < IN_FLIGHT) {
      const run = p.jobs.slice(p.next, Math.min(p.jobs.length, p.next + RUN));
      p.next += run.length;
      queue.push(...run);
      w.postMessage(run);
    }
    if (!queue.length) this.idle.push(w);
  }

  private settle(): void {
    const p = this.pass!;
    if (++p.settled === p.jobs.length) p.resolve();
  }

  private runHere(job: CheckJob, runner = (this.runner ??= batchRunner(this.locale))): CheckReply {
    try {
      return runner.run(job);
    } catch (e) {
      return { id: job.id, kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** With no threads: one job, then the event loop (setImmediate: --progress, a signal), then the next. */
  private readonly step = (): void => {
    const p = this.pass;
    if (!p || p.next >= p.jobs.length) {
      this.looping = false;
      return;
    }
    const r = this.runHere(p.jobs[p.next++]);
    if (r.kind === 'failed') {
      this.looping = false;
      return p.reject(new Error(r.message));
    }
    p.onReply(r);
    this.settle();
    setImmediate(this.step);
  };

  async run(jobs: CheckJob[], onReply: (r: CheckReply) => void): Promise<void> {
    if (!jobs.length) return;
    const left: CheckJob[] = [];
    await new Promise<void>((resolve, reject) => {
      this.pass = { jobs, next: 0, settled: 0, left, onReply, resolve, reject };
      const idle = this.idle;
      this.idle = [];
      for (const w of idle) this.feed(w);
      for (let i = this.all.size; i < Math.min(this.n, jobs.length); i++) this.spawn();
      if (this.n === 0 && !this.looping) {
        this.looping = true;
        setImmediate(this.step);
      }
    }).finally(() => (this.pass = undefined));
    // What a thread could not do: a fresh analyzer each (a file too large for a thread's heap need not stay cached).
    for (const job of left.sort((a, b) => a.id - b.id)) {
      const r = this.runHere(job, new CheckRunner(new Analyzer(), this.locale));
      if (r.kind === 'failed') throw new Error(r.message);
      onReply(r);
    }
  }

  async close(): Promise<void> {
    const ws = [...this.all];
    this.all.clear();
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/** Of the last batch, for the tests: reports checked again in the cross pass, and cross-checked in the first. */
export const lastBatch = { crossPass: 0, crossDone: 0 };

/**
 * Checks files, from CHECK_PARALLEL_FROM files on with `jobs` worker threads (jobs > 1), else in the process: each
 * file's findings (cross-year ones included) and whether one was unreadable.
 */
export async function checkFiles(files: string[], o: BatchOptions): Promise<{ results: FileResult[]; ioError: boolean }> {
  if (files.length >= CHECK_PARALLEL_FROM) setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${BATCH_INLINING}`);
  const pool = new CheckPool(files.length >= CHECK_PARALLEL_FROM ? o.threads : 0, o.locale);
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
  lastBatch.crossPass = lastBatch.crossDone = 0;
  const results: FileResult[] = read.map((x) => ({ file: files[x.i], findings: x.r.findings ?? [] }));
  if (read.length > 1) {
    const summaries = read.map((x) => x.r.summary!);
    const prevs = previousOf(summaries);
    const fileOf = new Map(summaries.map((s, k) => [s, read[k].i]));
    const cross: CheckJob[] = [];
    const add = (k: number, findings: Finding[]) => {
      if (!findings.length) return;
      const res = results[k];
      res.findings = [...res.findings, ...findings].sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
    };
    summaries.forEach((s, k) => {
      const prev = prevs[k];
      if (!prev || prev === s || !mayFind(s, prev)) return;
      const done = read[k].r.cross;
      if (done && done.prev === fileOf.get(prev)) {
        add(k, done.findings);
        lastBatch.crossDone++;
      } else cross.push({ id: k, kind: 'cross', file: files[read[k].i], prev });
    });
    lastBatch.crossPass = cross.length;
    await pool.run(cross, (r) => {
      if (r.kind === 'cross') add(r.id, r.findings);
    });
  }
  return { results, ioError };
}
