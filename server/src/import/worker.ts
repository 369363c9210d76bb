/**
 * An import in a worker thread, with budgets: memory (V8's heap limit for the worker) and time (the
 * worker is stopped). The language server imports this way, so that one hostile file cannot take the
 * server — and the user's open reports — down or freeze it: it runs beside, and fails with a message.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImportError, type ImportErrorCode, type ImportOptions, type ImportResult } from './types.js';

export interface WorkerBudget {
  /** Heap of the worker, MB. */
  memoryMb: number;
  /** Time, ms. */
  timeoutMs: number;
}

/** The budget of an import in the server; XXGK_IMPORT_TIMEOUT_MS and XXGK_IMPORT_MEMORY_MB change it (for a slow machine, or a test). */
export const IMPORT_BUDGET: WorkerBudget = {
  memoryMb: Number(process.env.XXGK_IMPORT_MEMORY_MB) || 768,
  timeoutMs: Number(process.env.XXGK_IMPORT_TIMEOUT_MS) || 60_000,
};

/** The worker's script: the bundle's own beside dist/server.js, else the compiled module beside this one. */
/** A budget in seconds as the messages give it (one decimal under 10 s); the review's and the fetch's messages too. */
export const seconds = (ms: number) => (ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000)));

function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'import-worker.js');
  return existsSync(bundled) ? bundled : join(here, 'worker-main.js');
}

export function importInWorker(input: { name: string; data: Uint8Array }, options: ImportOptions = {}, budget: WorkerBudget = IMPORT_BUDGET): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript(), {
      workerData: { name: input.name, data: input.data, options },
      resourceLimits: { maxOldGenerationSizeMb: budget.memoryMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
      stdout: true,
      stderr: true,
    });
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      f();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new ImportError('too-slow', `${input.name}: reading it took longer than ${seconds(budget.timeoutMs)} s; it is not a report the import can read`, `${input.name}：读取超过了 ${seconds(budget.timeoutMs)} 秒，不是导入能读的报告`))),
      budget.timeoutMs,
    );
    worker.on('message', (m: { ok: true; result: ImportResult } | { ok: false; code: ImportErrorCode | null; message: string; zh?: string }) =>
      finish(() => (m.ok ? resolve(m.result) : reject(m.code ? new ImportError(m.code, m.message, m.zh) : new Error(m.message)))),
    );
    worker.on('error', (e: Error & { code?: string }) =>
      finish(() =>
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /heap|memory/i.test(e.message)
            ? new ImportError('too-large', `${input.name}: reading it needs more memory than an import may take (${budget.memoryMb} MB); it is not a report the import can read`, `${input.name}：读取需要的内存超过了导入的上限（${budget.memoryMb} MB），不是导入能读的报告`)
            : new ImportError('unreadable', `${input.name}: the import stopped (${e.message.split('\n')[0].slice(0, 120)})`, `${input.name}：导入中止（${e.message.split('\n')[0].slice(0, 120)}）`),
        ),
      ),
    );
    worker.on('exit', (code) => finish(() => reject(new ImportError('unreadable', `${input.name}: the import stopped (exit ${code})`, `${input.name}：导入中止（退出码 ${code}）`))));
  });
}
