/** A thread of `check DIR` (batch.ts): runs the jobs of each message in turn (check-job.ts) and sends back their replies in one. */
import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer, type Locale, BlockParser } from '../core/index.js';
import { CheckRunner } from './check-job.js';
import type { CheckJob, CheckReply } from './batch.js';

const { locale } = workerData as { locale: Locale };
// A small chunk cache: distinct reports share few chunks, and a thread's memory is to stay bounded.
const runner = new CheckRunner(new Analyzer(new BlockParser(512)), locale);

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
