/** A worker for the pool's test: answers a file job at once, or never ('hang'), or dies ('crash'), or fills its heap ('oom'). */
import { parentPort } from 'node:worker_threads';

const hold: unknown[] = [];
parentPort!.on('message', (job: { id: number; type: string; name: string; index: number; file: string }) => {
  if (job.name === 'hang') return;
  if (job.name === 'crash') process.exit(3);
  if (job.name === 'oom') for (;;) hold.push(new Array(1e6).fill(job.index));
  parentPort!.postMessage({ id: job.id, type: 'file', record: { index: job.index, file: job.file, status: 'ok', errors: 0, warnings: 0, infos: 0, topRules: [], findings: [], unread: [], ms: 0, reason: `thread ${process.pid}` } });
});
