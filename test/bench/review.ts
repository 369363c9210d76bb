/**
 * `npm run bench:review`: 2,000 published reports generated (200 agencies × 10 years; each year's report a saved web
 * page, a PDF printed from that page by the installed Chromium, or plain text, the shapes taking turns), then
 * `xxgk-report review` on each shape's folder and on all of them: files per second per shape, the peak memory of
 * the review's process (its worker threads included), and the whole run with its cross-year check.
 *
 * Knobs: XXGK_BENCH_AGENCIES (200), XXGK_BENCH_YEARS (10), XXGK_REVIEW_JOBS (threads; default one per core).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchPrinter, plainText, webPage, type Spec } from '../unit/review-corpus.js';
import { repoRoot } from '../unit/helpers.js';
import type { ReviewData } from '../../server/src/review/types.js';

const AGENCIES = Number(process.env.XXGK_BENCH_AGENCIES ?? 200);
const YEARS = Number(process.env.XXGK_BENCH_YEARS ?? 10);
const SHAPES = ['html', 'pdf', 'text'] as const;
const MB = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

function spec(a: number, year: number): Spec {
  const k = a * 31 + year;
  const r = (base: number) => base + ((k * 7) % 13);
  const carried = [year === 2015 ? 2 : 3 + ((a + year - 1) % 4), 0, 0, 0, 0, 0];
  return {
    agency: a % 5 === 0 ? `第${a + 1}区人民政府` : `第${a + 1}区政务服务数据管理局`,
    year,
    kind: a % 5 === 0 ? '政府' : '部门',
    // Month and day by other residues than the shape's turn, so that each shape gets early and late reports alike.
    published: `${year + 1}-0${1 + (Math.floor(k / 3) % 3)}-${String(10 + (Math.floor(k / 9) % 18)).padStart(2, '0')}`,
    received: [r(40), k % 3, 0, k % 2, 0, 1],
    carried,
    next: [3 + ((a + year) % 4), 0, 0, 0, 0, 0],
  };
}

async function generate(root: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = { html: 0, pdf: 0, text: 0 };
  const browser = await launchPrinter();
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  const pages = await Promise.all([0, 1].map(() => context.newPage()));
  const pdfJobs: { path: string; html: string }[] = [];
  for (let a = 0; a < AGENCIES; a++) {
    for (let y = 0; y < YEARS; y++) {
      const s = spec(a, 2015 + y);
      const shape = SHAPES[(a + y) % 3];
      const dir = join(root, shape, `区${String(a + 1).padStart(3, '0')}`);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${s.year}.${shape === 'text' ? 'txt' : shape}`);
      if (shape === 'html') writeFileSync(path, webPage(s));
      else if (shape === 'text') writeFileSync(path, plainText(s));
      else pdfJobs.push({ path, html: webPage(s) });
      counts[shape]++;
    }
  }
  let next = 0;
  await Promise.all(
    pages.map(async (page) => {
      while (next < pdfJobs.length) {
        const job = pdfJobs[next++];
        await page.setContent(job.html, { waitUntil: 'load' });
        writeFileSync(job.path, await page.pdf({ format: 'A4', printBackground: true }));
      }
    }),
  );
  await browser.close();
  return counts;
}

/** Peak resident memory of a process (Linux: VmHWM of /proc/PID/status, read while it runs). */
function peakOf(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function review(dir: string, out: string): Promise<{ ms: number; peak?: number; data: ReviewData }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'xxgk-report.js'), 'review', dir, '-o', out, '--force'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let peak: number | undefined;
  const timer = setInterval(() => {
    const p = child.pid ? peakOf(child.pid) : undefined;
    if (p !== undefined) peak = Math.max(peak ?? 0, p);
  }, 100);
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  clearInterval(timer);
  if (code !== 0) throw new Error(`review failed (${code}): ${err}`);
  return { ms: performance.now() - t0, peak, data: JSON.parse(readFileSync(out, 'utf8')) as ReviewData };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'xxgk-bench-review-'));
  // The outputs beside, never inside, the folders reviewed (the review refuses to write into what it reads).
  const outs = mkdtempSync(join(tmpdir(), 'xxgk-bench-review-out-'));
  try {
    const t0 = performance.now();
    const counts = await generate(root);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`generated ${total} published reports (${counts.html} web pages, ${counts.pdf} PDFs printed from them by Chromium, ${counts.text} text) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    console.log(`review threads: ${Number(process.env.XXGK_REVIEW_JOBS) || availableParallelism()} (cores: ${availableParallelism()}), heap limit per thread ${process.env.XXGK_REVIEW_MEMORY_MB ?? 512} MB`);
    for (const shape of SHAPES) {
      const r = await review(join(root, shape), join(outs, `${shape}.json`));
      const ok = r.data.reports.filter((x) => x.status === 'ok').length;
      console.log(`${shape.padEnd(5)} ${String(counts[shape]).padStart(5)} files  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${(counts[shape] / (r.ms / 1000)).toFixed(1).padStart(6)} files/s  peak ${r.peak ? MB(r.peak) : 'n/a'}  (${ok} read, ${r.data.summary.findings.errors} errors, ${r.data.summary.findings.warnings} warnings)`);
    }
    const all = await review(root, join(outs, 'all.json'));
    const s = all.data.summary;
    console.log(`all   ${String(total).padStart(5)} files  ${(all.ms / 1000).toFixed(1).padStart(6)} s  ${(total / (all.ms / 1000)).toFixed(1).padStart(6)} files/s  peak ${all.peak ? MB(all.peak) : 'n/a'}  (${s.reports} reports of ${s.agencies} agencies, ${s.unreadable} not read, ${s.crossYear} with cross-year findings)`);
    const html = join(outs, 'all.html');
    const t1 = performance.now();
    const { renderReviewHtml } = await import('../../server/src/review/html.js');
    writeFileSync(html, renderReviewHtml(all.data));
    console.log(`the HTML summary of ${total} files: ${MB(readFileSync(html).length)} written in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outs, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
