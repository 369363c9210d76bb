/** A thread of `check DIR` (batch.ts): runs the jobs of each message in turn (check-job.ts) and sends back their replies in one. */
import './young.js'; // first: V8 put its flag back when it set up this thread's heap
import { parentPort, workerData } from 'node:worker_threads';
import type { Locale } from '../core/index.js';
import { batchRunner } from './check-job.js';
import type { CheckJob, CheckReply } from './batch.js';

const { locale } = workerData as { locale: Locale };
const runner = batchRunner(locale);

parentPort!.on('message', (jobs: CheckJob[]) => {
  const replies: CheckReply[] = [];
  for (const job of jobs) {
    try {
      replies.push(runner.run(job));
    } catch (e) {
      replies.push({ id: job.id, kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  }
  parentPort!.postMessage(replies);
});
