/**
 * The review's worker pool with a worker of the test's own: a job past its time budget, a thread that dies and one
 * that runs out of its heap each fail that job with the reason, the thread is replaced, and the jobs around it are done.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { JobFailure, ReviewPool } from '../../server/src/review/pool.js';

const script = fileURLToPath(new URL('./review-pool-worker.js', import.meta.url));
const job = (name: string, index: number) => ({ type: 'file' as const, index, file: `${name}-${index}`, name });

test('a job past its budget, a dead thread and one out of memory fail alone; the other jobs are done', async () => {
  const pool = new ReviewPool(2, 'zh-CN', { memoryMb: 64, timeoutMs: 1500 }, script);
  try {
    const names = ['a', 'hang', 'b', 'crash', 'c', 'oom', 'd', 'e', 'f', 'g'];
    const settled = await Promise.allSettled(names.map((n, i) => pool.run(job(n, i))));
    const outcome = settled.map((s) => (s.status === 'fulfilled' ? 'ok' : (s.reason as JobFailure).code));
    assert.deepEqual(outcome, names.map((n) => (n === 'hang' ? 'too-slow' : n === 'crash' ? 'stopped' : n === 'oom' ? 'memory' : 'ok')));
    const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => (s.reason as Error).message);
    assert.deepEqual(failed, ['took longer than 1.5 s', 'the reader stopped (exit 3)', 'needs more memory than a file may take (64 MB)']);
    // After three threads were replaced, the pool still has two that answer.
    const after = await Promise.all([pool.run(job('x', 20)), pool.run(job('y', 21))]);
    assert.deepEqual(after.map((r) => r.type), ['file', 'file']);
  } finally {
    await pool.close();
  }
});

test('a closed pool refuses new jobs and fails those still waiting', async () => {
  const pool = new ReviewPool(1, 'zh-CN', { memoryMb: 64, timeoutMs: 60000 }, script);
  const waiting = Promise.allSettled([pool.run(job('hang', 0)), pool.run(job('a', 1))]);
  await pool.close();
  const s = await waiting;
  assert.deepEqual(s.map((x) => x.status), ['rejected', 'rejected']);
  await assert.rejects(pool.run(job('a', 2)), /stopped/);
});
