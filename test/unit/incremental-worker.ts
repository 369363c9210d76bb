/**
 * The worker of incremental.test.ts: what new Analyzers give for each of a list of texts, worked out from the last text
 * to the first, in a thread of its own (no module state shared with the test's warm Analyzer).
 */
import { parentPort } from 'node:worker_threads';
import { Analyzer, type Analysis } from '../../server/src/core/index.js';

/** Everything a consumer reads of an analysis (the suppressions' function aside: their effect is in the findings). */
export function contents(a: Analysis) {
  const r = a.report;
  return {
    findings: a.findings,
    errors: a.errors,
    text: r.text,
    lineStarts: r.lines.lineStarts,
    blocks: r.blocks,
    frontMatter: r.frontMatter,
    title: r.title,
    meta: r.meta,
    preamble: r.preamble,
    period: r.period,
    signature: r.signature,
    sections: r.sections,
    section: [...r.section].map(([no, s]) => [no, r.sections.indexOf(s)]),
    tables: r.tables,
    tableIndex: [r.tables.t3, r.tables.t4, ...r.tables.s2].map((t) => (t ? r.tables.all.indexOf(t) : -1)),
    limits: r.limits,
  };
}


parentPort?.on('message', (texts: string[]) => {
  const out: ReturnType<typeof contents>[] = new Array(texts.length);
  for (let i = texts.length - 1; i >= 0; i--) out[i] = contents(new Analyzer().analyze(texts[i]));
  parentPort!.postMessage(out);
});
