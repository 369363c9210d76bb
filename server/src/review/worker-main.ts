/**
 * A worker thread of the review's pool (pool.ts): reads and checks one file at a time (job.ts), and the
 * cross-year check of one agency's reports. The texts travel deflated (a fraction of their size).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Analyzer, type Locale } from '../core/index.js';
import { ImportError } from '../import/index.js';
import { MAX_FILE_BYTES, baseRecord, reviewAcross, reviewFile, unreadableReason } from './job.js';
import type { FileJob, JobReply, WorkerJob } from './pool.js';
import { fetchReport, type FetchedReport } from './fetch.js';

const { locale } = workerData as { locale: Locale };
const analyzer = new Analyzer();

function readBytes(job: FileJob): Uint8Array {
  if (job.data) return job.data;
  const path = job.path!;
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new ImportError('unreadable', 'is a directory');
    size = st.size;
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('unreadable', `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (size > MAX_FILE_BYTES) throw new ImportError('too-large', `the file is too large to be a report (${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB)`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ImportError('unreadable', `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

async function run(job: WorkerJob): Promise<JobReply> {
  if (job.type === 'cross') {
    const files = job.files.map((f) => ({ file: f.file, text: inflateRawSync(f.text).toString('utf8') }));
    return { id: job.id, type: 'cross', findings: [...reviewAcross(files, { locale, analyzer })] };
  }
  let data: Uint8Array;
  let fetched: FetchedReport | undefined;
  try {
    if (job.url && !job.data) {
      fetched = await fetchReport(job.url);
      data = new Uint8Array(0);
    } else data = readBytes(job);
  } catch (e) {
    return { id: job.id, type: 'file', record: baseRecord(job, unreadableReason(e, job.name, locale)) };
  }
  const out = await reviewFile(
    fetched ? { ...job, name: fetched.name, attachment: fetched.attachment, data, imported: fetched.result } : { ...job, data },
    { locale, analyzer },
  );
  return { id: job.id, type: 'file', record: out.record, text: out.text === undefined ? undefined : deflateRawSync(Buffer.from(out.text, 'utf8')) };
}

parentPort!.on('message', (job: WorkerJob) => {
  run(job).then(
    (reply) => parentPort!.postMessage(reply),
    (e: unknown) => parentPort!.postMessage({ id: job.id, type: 'failed', message: e instanceof Error ? e.message : String(e) } satisfies JobReply),
  );
});
