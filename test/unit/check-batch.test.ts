/**
 * `check DIR` on worker threads (server/src/cli/batch.ts) says what the sequential check says, and the cross-year
 * rules given last year's summary (core/summary.ts) find what they find given its model.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Analyzer, analyzeAcross } from '../../server/src/core/index.js';
import { crossSummary, mayFind, previousOf, standIn } from '../../server/src/core/summary.js';
import { main } from '../../server/src/cli/main.js';
import { CHECK_PARALLEL_FROM, checkThreads, lastBatch } from '../../server/src/cli/batch.js';
import { generateReports } from '../server/many-reports.js';

const tmp = mkdtempSync(join(tmpdir(), 'xxgk-batch-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Generated reports (agencies × years, some with X01 and other errors), with X02 errors and oddities of our own. */
function corpus(n: number): { file: string; text: string }[] {
  const out = generateReports(n, 'batch').map((r, i) => ({ file: `r${String(i).padStart(3, '0')}.report.md`, text: r.text }));
  // An X02: the 2023 report of the first agency (after its 2022 one, both of the 2021 edition) with 规章's 现行有效件数 one more.
  const k = 8;
  assert.match(out[k].text, /\| 规章 \| \d+ \| \d+ \| \d+ \|/);
  out[k].text = out[k].text.replace(/(\| 规章 \| \d+ \| \d+ \| )(\d+)( \|)/, (_m, a, v, b) => `${a}${Number(v) + 1}${b}`);
  // The same agency and year twice (the first in order is last year's for the next year), and last year's in a copy that differs.
  out.push({ file: 'z-dup.report.md', text: out[3].text.replace(/(\| 四、结转下年度继续办理 \| )(\d+)/, (_m, a, v) => `${a}${Number(v) + 7}`) });
  return out;
}

describe('check DIR on worker threads', () => {
  const files = corpus(48);
  const dir = join(tmp, 'reports');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.file), f.text);
  // A report in UTF-16 (a note), and a *.report.md that cannot be read (a link to nothing): a message, exit 2.
  writeFileSync(join(dir, 'sub', 'utf16.report.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(files[0].text, 'utf16le')]));
  symlinkSync(join(tmp, 'nothing-here'), join(dir, 'sub', 'unreadable.report.md'));

  async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['check', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out, err };
  }

  test('the same findings, messages and exit status as the sequential check, in text and JSON', async () => {
    assert.ok(files.length >= CHECK_PARALLEL_FROM);
    for (const format of ['text', 'json']) {
      const one = await run('--format', format, '--jobs', '1', dir);
      const two = await run('--format', format, '--jobs', '2', dir);
      assert.deepEqual(two, one);
      assert.equal(one.code, 2, 'the unreadable one');
      assert.ok(one.err.some((l) => l.includes('UTF-16')), 'the encoding note');
    }
    const one = await run('--jobs', '1', dir);
    for (const code of ['X01', 'X02', 'A04']) assert.ok(one.out.some((l) => l.includes(` ${code} `)), `${code} among the findings`);
  });

  test('what analyzeAcross finds over every model, with one, two or three threads', async () => {
    // The reference keeps every model, as check did before it kept only summaries. Half the agencies' reports are
    // neighbours (their cross-year rules run in the first pass), the rest far apart, in another run of files, some
    // on another thread (checked again in the cross pass).
    const far = join(dir, 'far');
    mkdirSync(far, { recursive: true });
    // Other agencies (renamed), each year of one about 24 files from the next.
    const spread = corpus(48).map((f, i) => {
      const agency = /^机关:\s*(.+)$/m.exec(f.text)![1].trim();
      return { file: join(far, `${String((i % 2) * 100 + i).padStart(3, '0')}-${f.file}`), text: f.text.split(agency).join(`远方${agency}`) };
    });
    for (const f of spread) writeFileSync(f.file, f.text);
    // In the order check lists the files (the first of an agency and year is last year's for the next: z-dup's copy).
    const texts = new Map([...files.map((f) => [join(dir, f.file), f.text] as const), ...spread.map((f) => [f.file, f.text] as const)]);
    const listed = (JSON.parse((await run('--format', 'json', '--jobs', '1', dir)).out.join('\n')) as { files: { file: string }[] }).files.map((f) => f.file).filter((f) => texts.has(f));
    assert.equal(listed.length, texts.size);
    const an = new Analyzer();
    const full = listed.map((file) => ({ file, analysis: an.analyze(texts.get(file)!) }));
    const across = analyzeAcross(full.map((f) => ({ file: f.file, report: f.analysis.report })));
    const want = new Map(full.map((f) => [f.file, [...f.analysis.findings, ...(across.get(f.file) ?? [])].map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.code} ${x.message}`).sort()]));
    assert.ok([...want.values()].some((l) => l.some((x) => x.includes(' X01 '))) && [...want.values()].some((l) => l.some((x) => x.includes(' X02 '))));
    const passes: string[] = [];
    // The default too: one thread per core less one (one thread on two cores, as in CI; none on one).
    for (const jobs of ['1', '2', '3', 'default']) {
      const r = await run('--format', 'json', ...(jobs === 'default' ? [] : ['--jobs', jobs]), dir);
      passes.push(`${jobs}: ${lastBatch.crossDone} in the first pass, ${lastBatch.crossPass} in the cross pass`);
      assert.ok(lastBatch.crossDone > 0, passes.join('; '));
      if (jobs === '2' || jobs === '3') assert.ok(lastBatch.crossPass > 0, passes.join('; '));
      const got = JSON.parse(r.out.join('\n')) as { files: { file: string; findings: { line: number; column: number; code: string; message: string }[] }[] };
      for (const [file, lines] of want) {
        const f = got.files.find((x) => x.file === file);
        assert.ok(f, `${file} in the output of --jobs ${jobs}`);
        assert.deepEqual(f.findings.map((x) => `${x.line}:${x.column} ${x.code} ${x.message}`).sort(), lines, `${file}, --jobs ${jobs}`);
      }
    }
  });
});

test('check\'s threads: --jobs N is N threads, 1 none; by default one per core less one', () => {
  const saved = process.env.XXGK_CHECK_JOBS;
  delete process.env.XXGK_CHECK_JOBS;
  try {
    assert.equal(checkThreads(undefined), availableParallelism() - 1);
    assert.equal(checkThreads(1), 0);
    assert.equal(checkThreads(3), 3);
    process.env.XXGK_CHECK_JOBS = '2';
    assert.equal(checkThreads(undefined), 2);
    assert.equal(checkThreads(1), 0, '--jobs wins over the environment');
  } finally {
    if (saved === undefined) delete process.env.XXGK_CHECK_JOBS;
    else process.env.XXGK_CHECK_JOBS = saved;
  }
});

describe('cross-year rules given last year\'s summary', () => {
  test('find what they find given its model, and mayFind never misses a finding', () => {
    const files = corpus(60);
    const an = new Analyzer();
    const full = files.map((f) => ({ file: f.file, report: an.analyze(f.text).report }));
    const across = analyzeAcross(full);
    const summaries = full.map((f) => crossSummary(f.file, f.report));
    const prevs = previousOf(summaries);
    let found = 0;
    for (let i = 0; i < full.length; i++) {
      const want = across.get(full[i].file) ?? [];
      found += want.length;
      const prev = prevs[i];
      if (!prev) {
        assert.deepEqual(want, [], `${full[i].file}: findings without a previous year`);
        continue;
      }
      assert.equal(prev.file, full.find((f) => f.file === prev.file)!.file);
      const got = analyzeAcross([full[i], standIn(prev)]).get(full[i].file) ?? [];
      assert.deepEqual(got, want, full[i].file);
      if (want.length) assert.ok(mayFind(summaries[i], prev), `${full[i].file}: mayFind missed ${want.map((f) => f.code)}`);
    }
    assert.ok(found > 3, `cross-year findings in the corpus (${found})`);
  });
});
