/**
 * The review's worker threads: one per core, long-lived (pdf.js and the parser load once per thread), each with a
 * heap limit; a file that takes longer than its time budget, or runs its thread out of memory, is a row with the
 * reason, and the thread is replaced. A thread is also replaced after a number of files, so that no cache grows
 * over a long run.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../core/index.js';
import type { ReportRecord, ReviewFinding } from './types.js';
import { seconds, type WorkerBudget } from '../import/worker.js';

export interface FileJob {
  type: 'file';
  id: number;
  index: number;
  file: string;
  name: string;
  path?: string;
  url?: string;
  attachment?: string;
  /** The bytes (a URL's download); else the worker reads `path`. */
  data?: Uint8Array;
}

export interface CrossJob {
  type: 'cross';
  id: number;
  /** One agency's reports, their texts deflated (raw deflate). */
  files: { file: string; text: Uint8Array }[];
}

export type WorkerJob = FileJob | CrossJob;

export type JobReply =
  | { id: number; type: 'file'; record: ReportRecord; text?: Uint8Array }
  | { id: number; type: 'cross'; findings: [string, ReviewFinding[]][] }
  | { id: number; type: 'failed'; message: string };

/** Each thread's heap limit (MB) and the time for one file (ms): the import's worker budget. */
export type PoolBudget = WorkerBudget;

export const REVIEW_BUDGET: PoolBudget = {
  memoryMb: Number(process.env.XXGK_REVIEW_MEMORY_MB) || 512,
  timeoutMs: Number(process.env.XXGK_REVIEW_TIMEOUT_MS) || 60_000,
};

export function secs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${seconds(ms)} s`;
}

/** Files a thread reads before it is replaced by a fresh one. */
const RECYCLE_AFTER = 300;

/**
 * Threads for a run: every core, as many as the machine's memory holds at a thread's heap limit and then some
 * (XXGK_REVIEW_JOBS or --jobs to change it).
 */
export function defaultJobs(budget: PoolBudget = REVIEW_BUDGET): number {
  const byMemory = Math.floor(totalmem() / ((budget.memoryMb + 256) * 1048576));
  return Math.max(1, Number(process.env.XXGK_REVIEW_JOBS) || Math.min(availableParallelism(), byMemory));
}

function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'review-worker.js');
  return existsSync(bundled) ? bundled : join(here, 'worker-main.js');
}

/** Why a thread failed a job, for the row: `too-slow`, `too-large` (memory) or `stopped`. */
export class JobFailure extends Error {
  constructor(
    readonly code: 'too-slow' | 'memory' | 'stopped',
    message: string,
  ) {
    super(message);
  }
}

interface Slot {
  worker: Worker;
  job?: { job: WorkerJob; resolve: (r: JobReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };
  done: number;
}

export class ReviewPool {
  private slots: Slot[] = [];
  private queue: { job: WorkerJob; resolve: (r: JobReply) => void; reject: (e: Error) => void }[] = [];
  private closed = false;
  private nextId = 1;

  constructor(
    readonly size: number,
    private readonly locale: Locale,
    private readonly budget: PoolBudget = REVIEW_BUDGET,
    /** The threads' script (tests give one of their own). */
    private readonly script: string = workerScript(),
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, {
      workerData: { locale: this.locale },
      resourceLimits: { maxOldGenerationSizeMb: this.budget.memoryMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
      stdout: true,
      stderr: true,
    });
    const slot: Slot = { worker, done: 0 };
    // pdf.js and others may print warnings: read and drop them (the row says what went wrong).
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on('message', (reply: JobReply) => {
      const cur = slot.job;
      if (!cur || cur.job.id !== reply.id) return;
      clearTimeout(cur.timer);
      slot.job = undefined;
      slot.done++;
      if (reply.type === 'failed') cur.reject(new JobFailure('stopped', reply.message));
      else cur.resolve(reply);
      if (slot.done >= RECYCLE_AFTER) this.replace(slot);
      else this.pump();
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const memory = e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /heap|memory/i.test(e.message);
      this.fail(slot, memory ? new JobFailure('memory', `needs more memory than a file may take (${this.budget.memoryMb} MB)`) : new JobFailure('stopped', e.message.split('\n')[0].slice(0, 160)));
    });
    worker.on('exit', (code) => this.fail(slot, new JobFailure('stopped', `the reader stopped (exit ${code})`)));
    return slot;
  }

  /** The slot's thread failed (or ended): its job fails, a new thread takes its place. */
  private fail(slot: Slot, e: JobFailure): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    const cur = slot.job;
    slot.job = undefined;
    if (cur) {
      clearTimeout(cur.timer);
      cur.reject(e);
    }
    this.slots.splice(i, 1);
    void slot.worker.terminate();
    if (!this.closed) {
      this.slots.push(this.spawn());
      this.pump();
    }
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
    if (!this.closed) this.slots.push(this.spawn());
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const next = this.queue.shift();
      if (!next) return;
      const timer = setTimeout(
        () => this.fail(slot, new JobFailure('too-slow', `took longer than ${secs(this.budget.timeoutMs)}`)),
        next.job.type === 'cross' ? this.budget.timeoutMs * 4 : this.budget.timeoutMs,
      );
      slot.job = { ...next, timer };
      slot.worker.postMessage(next.job);
    }
  }

  /** Runs a job on the next free thread. Rejects with a JobFailure when its thread fails. */
  run(job: Omit<FileJob, 'id'> | Omit<CrossJob, 'id'>): Promise<JobReply> {
    if (this.closed) return Promise.reject(new JobFailure('stopped', 'the review was stopped'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ } as unknown as WorkerJob, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new JobFailure('stopped', 'the review was stopped'));
    const slots = this.slots.splice(0);
    for (const s of slots) {
      s.worker.removeAllListeners('exit');
      s.worker.removeAllListeners('error');
      s.worker.on('error', () => undefined);
      if (s.job) {
        clearTimeout(s.job.timer);
        s.job.reject(new JobFailure('stopped', 'the review was stopped'));
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
