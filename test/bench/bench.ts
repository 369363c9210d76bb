/**
 * `npm run bench`: the analysis against a bare whole-document remark-parse + remark-gfm parse
 * and against markdownlint, on the same texts, in one run, as ratios.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { lint } from 'markdownlint/sync';
import { Analyzer } from '../../server/src/core/index.js';
import { fixturesDir } from '../unit/helpers.js';

const bare = unified().use(remarkParse).use(remarkGfm);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs: number, budgetMs = 20000): number {
  const xs: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    xs.push(performance.now() - s);
    if (performance.now() - t0 > budgetMs && xs.length >= 3) break;
  }
  return median(xs);
}

const ms = (x: number) => `${x.toFixed(2)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function fixtures(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['seeds', 'clean']) {
    const d = join(fixturesDir, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).filter((f) => f.endsWith('.report.md')).sort()) out.push({ name: `${dir}/${f}`, text: readFileSync(join(d, f), 'utf8') });
  }
  return out;
}

function lintText(text: string): void {
  lint({ strings: { doc: text } });
}

const RUNS = Number(process.env.BENCH_RUNS ?? 25);

console.log(`xxgk-report bench — node ${process.version}, ${RUNS} runs per figure (median)\n`);
console.log('1. Whole analysis (cold: new Analyzer, no cache) vs bare remark-parse+remark-gfm and markdownlint');
console.log(['fixture', 'bytes', 'analysis', 'bare parse', 'markdownlint', 'analysis/bare', 'analysis/markdownlint'].join(' | '));
const all = fixtures();
for (const f of all) {
  for (let i = 0; i < 3; i++) {
    new Analyzer().analyze(f.text);
    bare.parse(f.text);
    lintText(f.text);
  }
  const a = time(() => new Analyzer().analyze(f.text), RUNS);
  const b = time(() => bare.parse(f.text), RUNS);
  const l = time(() => lintText(f.text), RUNS);
  console.log([f.name, Buffer.byteLength(f.text), ms(a), ms(b), ms(l), ratio(a, b), ratio(a, l)].join(' | '));
}

const clean = all.find((f) => f.name.includes('clean-2021')) ?? all[0];
if (!clean) {
  console.error('no fixtures found');
  process.exit(1);
}

console.log('\n2. Re-analysis after a one-cell edit of a cached report (each run writes a new value into one cell)');
{
  const analyzer = new Analyzer();
  analyzer.analyze(clean.text);
  const m = /\| （七）总计 \| (\d+) \|/.exec(clean.text) ?? /\| (\d+) \|/.exec(clean.text)!;
  const at = m.index + m[0].indexOf(m[1]);
  // Every run writes a new value into the cell, so the edited chunk is never in the cache.
  let k = 0;
  const edited = () => clean.text.slice(0, at) + String(Number(m[1]) + 1 + k++) + clean.text.slice(at + m[1].length);
  const re = time(() => analyzer.analyze(edited()), RUNS * 4);
  const p = analyzer.parser;
  console.log(`(parser: ${p.hits} chunk cache hits, ${p.reused} table chunks re-split, ${p.misses} chunks parsed)`);
  const b = time(() => bare.parse(clean.text), RUNS);
  console.log(`${clean.name}: re-analysis ${ms(re)} | bare whole-document parse ${ms(b)} | re-analysis/bare ${ratio(re, b)} (target ≤ 0.33×)`);
}

console.log('\n3. Growth: the clean report repeated k times (each copy distinct), cold analysis vs bare parse of the same text');
console.log(['k', 'bytes', 'analysis', 'bare parse', 'bare/analysis'].join(' | '));
for (const k of [1, 20, 40, 80]) {
  // Each copy gets its own number of trailing spaces per line, so no two copies share a chunk
  // (identical chunks would be parsed once): the figure is that of k different reports' worth of text.
  const text = Array.from({ length: k }, (_, i) => clean.text.split('\n').map((l) => (l ? l + ' '.repeat(i) : l)).join('\n')).join('\n\n');
  const runs = k >= 40 ? 3 : k >= 20 ? 5 : RUNS;
  const a = time(() => new Analyzer().analyze(text), runs, 120000);
  const b = time(() => bare.parse(text), runs, 120000);
  console.log([`${k}×`, Buffer.byteLength(text), ms(a), ms(b), `${(b / a).toFixed(1)}× faster${k === 80 ? ' (target ≥ 8×)' : ''}`].join(' | '));
}
