/** The worker thread of importInWorker: one import, its result or its error posted back. */
import { parentPort, workerData } from 'node:worker_threads';
import { importReport, ImportError } from './index.js';

const { name, data, options } = workerData as { name: string; data: Uint8Array; options: object };
importReport({ name, data }, options).then(
  (result) => parentPort!.postMessage({ ok: true, result }),
  (e: unknown) => parentPort!.postMessage({ ok: false, code: e instanceof ImportError ? e.code : null, message: e instanceof Error ? e.message : String(e), zh: e instanceof ImportError ? e.zh : undefined }),
);
