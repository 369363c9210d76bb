/** One job of `check DIR` (batch.ts), run by a worker thread (check-worker.ts), or by the process itself for a file too large for a thread's heap. */
import { Analyzer, analyzeAcross, type Locale, crossSummary, standIn } from '../core/index.js';
import { messageOf, readReport } from './read.js';
import type { CheckJob, CheckReply } from './batch.js';

export function runCheckJob(job: CheckJob, analyzer: Analyzer, locale: Locale): CheckReply {
  let read: { text: string; note?: string };
  try {
    read = readReport(job.file, locale);
  } catch (e) {
    return job.kind === 'file' ? { id: job.id, kind: 'file', error: messageOf(e, locale) } : { id: job.id, kind: 'cross', findings: [] };
  }
  const a = analyzer.analyze(read.text, { locale });
  if (job.kind === 'file') return { id: job.id, kind: 'file', note: read.note, internal: a.errors, findings: a.findings, summary: crossSummary(job.file, a.report) };
  return { id: job.id, kind: 'cross', findings: analyzeAcross([{ file: job.file, report: a.report }, standIn(job.prev)], { locale }).get(job.file) ?? [] };
}
