/**
 * The jobs of `check DIR` (batch.ts), run by a worker thread (check-worker.ts) or by the process itself (with no
 * threads, or for a file too large for a thread's heap).
 *
 * A runner remembers the summaries of the last reports it checked: when a report's previous year is among them and
 * the numbers the cross-year rules compare differ (mayFind), it runs those rules at once, on the model it has, with
 * that summary's stand-in, as a cross job would, and says which file it took as last year's. The batch keeps those
 * findings when the file is the one previousOf gives (files are handed out in runs of consecutive files, and an
 * agency's years are usually neighbours); otherwise the report is checked again in the cross pass.
 */
import { Analyzer, BlockParser, analyzeAcross, type Locale, crossSummary, standIn, mayFind, summaryKey, type CrossSummary, type Report, type Finding } from '../core/index.js';
import { messageOf, readReport } from './read.js';
import type { CheckJob, CheckReply } from './batch.js';

/** Summaries a runner remembers. */
const RECENT = 256;

/**
 * A runner with a batch's parser, which keeps nothing from one report to the next (BlockParser.once): distinct reports
 * share few chunks, most chunks are read on the plain paths (parse.ts), and a cache of 512 chunks held a thread's heap
 * 30 MB higher for the same CPU time; read in place, no table is copied to move it (a sixth of what a report allocated).
 */
export function batchRunner(locale: Locale): CheckRunner {
  return new CheckRunner(new Analyzer(BlockParser.once()), locale);
}

export class CheckRunner {
  private recent = new Map<string, { id: number; summary: CrossSummary }>();
  constructor(readonly analyzer: Analyzer, private readonly locale: Locale) {}

  run(job: CheckJob): CheckReply {
    const locale = this.locale;
    let read: { text: string; note?: string };
    try {
      read = readReport(job.file, locale);
    } catch (e) {
      return job.kind === 'file' ? { id: job.id, kind: 'file', error: messageOf(e, locale) } : { id: job.id, kind: 'cross', findings: [] };
    }
    const a = this.analyzer.analyze(read.text, { locale });
    if (job.kind === 'cross') return { id: job.id, kind: 'cross', findings: this.across(job.file, a.report, job.prev) };
    const summary = crossSummary(job.file, a.report);
    const reply: CheckReply = { id: job.id, kind: 'file', note: read.note, internal: a.errors, findings: a.findings, summary };
    const k = summaryKey(summary);
    if (k !== null) {
      const last = this.recent.get(summaryKey(summary, summary.year! - 1)!);
      if (last && mayFind(summary, last.summary)) reply.cross = { prev: last.id, findings: this.across(job.file, a.report, last.summary) };
      if (!this.recent.has(k)) {
        this.recent.set(k, { id: job.id, summary });
        if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value!);
      }
    }
    return reply;
  }

  private across(file: string, report: Report, prev: CrossSummary): Finding[] {
    return analyzeAcross([{ file, report }, standIn(prev)], { locale: this.locale }).get(file) ?? [];
  }
}
