/**
 * One Analyzer kept warm over many edits gives what a new Analyzer gives for each text: the parser hands out the same
 * block objects for chunks that neither changed nor moved, and the model reuses what it read from them (parse.ts,
 * model/tables.ts). Random edits of every kind the caches could get wrong, on the real fixtures and on a fixture
 * written twice (the same chunks at two offsets): cell values, row labels, headings (a 第二十条 item, a section's
 * numeral and wording, a section heading made none), the year and edition in the title and the front matter, lines
 * inserted and deleted, disable comments, and going back to an earlier text.
 *
 * What a new Analyzer gives is worked out in a worker thread, one for each document, its texts taken in the reverse
 * order: it shares no module state with the warm one (a cache held by a module, wrongly keyed, could give both the same
 * wrong answer).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Analyzer } from '../../server/src/core/index.js';
import { fixture, fixturesDir } from './helpers.js';
import { contents } from './incremental-worker.js';
import { rng } from '../server/many-reports.js';

/** Prose in which the prose rules find something (dates, document numbers, figures that differ from the tables). */
const FINDS = [
  '2021 年 3 月 5 日，本机关收到行政复议 9 件、行政诉讼 7 件，2019年全年无变化。',
  '本年度未收到政府信息公开申请，申请全部按时办结，未发生行政复议。依据国办发(2021)3号、〔2021 号文件，20210305日印发。',
  '制发规范性文件 99 件，实施行政许可 77 件，行政事业性收费 5 万元，2021年2月30日。',
];
const LINES = [
  '',
  '| 规章 | 1 | 2 | 3 |',
  '| 行政许可 | 5 |',
  '| 总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |',
  '## 七、其他需要报告的事项',
  '## 二、主动公开政府信息情况',
  '### 第二十条第（一）项',
  '### 第二十条第（六）项',
  '<!-- xxgk-disable-next-line C01 -->',
  '<!-- xxgk-disable -->',
  '<!-- xxgk-enable -->',
  '<!-- xxgk-disable T03, D05 -->',
  '本年共收到政府信息公开申请 3 件，主动公开政府信息 12 条。',
  '2022年1月20日',
  '---',
  '```',
  '> 引用',
  ...FINDS,
];
const CHARS = ['|', '#', '\n', ' ', '0', '7', '一', '五', '（', '）', '-', '年', '项', 'a'];
const NUMERALS = '一二三四五六七八九';
const YEARS = ['2019', '2020', '2021', '2022'];

/** All matches of a pattern in the text, as [start, end). */
function spans(text: string, re: RegExp): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** One random edit of the text (most keep its length, so that the chunks after the edit stay where they were). */
function edit(text: string, rnd: () => number, history: string[]): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const splice = (s: number, e: number, by: string) => text.slice(0, s) + by + text.slice(e);
  const lineAt = () => {
    const starts = [0, ...spans(text, /\n/g).map(([, e]) => e)];
    return pick(starts);
  };
  const r = rnd();
  if (r < 0.3) {
    // A cell's number: a digit changed (same length), or a number of another length, or emptied.
    const cells = spans(text, /(?<=\|\s*)\d+(?:\.\d+)?(?=\s*\|)/g);
    if (!cells.length) return text;
    const [s, e] = pick(cells);
    const k = rnd();
    if (k < 0.6) return splice(e - 1, e, String(Math.floor(rnd() * 10)));
    return splice(s, e, k < 0.85 ? String(Math.floor(rnd() * 2000)) : '');
  }
  if (r < 0.4) {
    // A row label or header cell: one character changed.
    const labels = spans(text, /(?<=^\|\s*)[^|\d\s][^|]*?(?=\s*\|)/gm);
    if (!labels.length) return text;
    const [s, e] = pick(labels);
    const at = s + Math.floor(rnd() * (e - s));
    return splice(at, at + 1, pick(['一', '行', '政', 'x', '1']));
  }
  if (r < 0.45) {
    // A section's heading (same length): no longer one ('## ' to '###'), or another wording; the tables after it
    // stand in another section while neither they nor their offsets change.
    const heads = spans(text, /^## [^\n]+/gm);
    if (!heads.length) return text;
    const [s, e] = pick(heads);
    if (rnd() < 0.5) return splice(s, s + 3, '###');
    const at = s + 3 + Math.floor(rnd() * (e - s - 3));
    return splice(at, at + 1, 'x');
  }
  if (r < 0.5) {
    // A numeral of a heading (the 第二十条 item, a section's number), same length.
    const nums = spans(text, /(?<=^#{2,3} [^\n]*)[一二三四五六七八九]/gm);
    if (!nums.length) return text;
    const [s, e] = pick(nums);
    return splice(s, e, pick([...NUMERALS]));
  }
  if (r < 0.58) {
    // A year (title, front matter, period, signature), same length: the edition may change and no table with it.
    const years = spans(text, /20[12]\d/g);
    if (!years.length) return text;
    const [s, e] = pick(years);
    return splice(s, e, pick(YEARS));
  }
  if (r < 0.62) {
    // The front matter's edition (格式) or type, or a front matter added or removed.
    if (text.startsWith('---\n')) {
      const f = spans(text.slice(0, text.indexOf('\n---', 3) + 4), /(?<=^格式:\s*)\d{4}|(?<=^报告类型:\s*)\S+/gm);
      if (f.length && rnd() < 0.8) {
        const [s, e] = pick(f);
        return splice(s, e, /\d/.test(text[s]) ? pick(['2019', '2021']) : pick(['部门', '政府']));
      }
      return text.slice(text.indexOf('\n---', 3) + 5);
    }
    return `---\n格式: ${pick(['2019', '2021'])}\n---\n` + text;
  }
  if (r < 0.72) {
    // A line inserted.
    const at = lineAt();
    return splice(at, at, pick(LINES) + '\n');
  }
  if (r < 0.8) {
    // A line deleted.
    const at = lineAt();
    const nl = text.indexOf('\n', at);
    return splice(at, nl < 0 ? text.length : nl + 1, '');
  }
  if (r < 0.94) {
    // Any character replaced by one that means something to the parser or a rule (same length).
    if (!text.length) return pick(LINES);
    const at = Math.floor(rnd() * text.length);
    return splice(at, at + 1, pick(CHARS));
  }
  // Back to an earlier text.
  return history.length ? pick(history) : text;
}

function reports(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['clean', 'seeds']) {
    for (const f of readdirSync(join(fixturesDir, dir)).filter((f) => f.endsWith('.report.md')).sort()) out.push({ name: `${dir}/${f}`, text: fixture(`${dir}/${f}`) });
  }
  return out;
}

/** Knobs for a longer hunt: edits per document, and the first document's seed (the next ones count on from it). */
const EDITS = Number(process.env.XXGK_INCREMENTAL_EDITS ?? 40);
const SEED = Number(process.env.XXGK_INCREMENTAL_SEED ?? 16);

/** What new Analyzers give for each text, worked out in a worker of its own (see above). */
function fresh(texts: string[]): Promise<ReturnType<typeof contents>[]> {
  const worker = new Worker(new URL('./incremental-worker.js', import.meta.url));
  return new Promise<ReturnType<typeof contents>[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage(texts);
  }).finally(() => worker.terminate());
}

test('a warm Analyzer gives, after every random edit, what a new Analyzer gives', async () => {
  const docs = reports();
  assert.ok(docs.length >= 5, 'the fixtures are there');
  // Fixtures with prose the rules find things in, written twice: the same chunks stand at two offsets in one text.
  for (const doc of docs.slice(0, 3)) {
    const at = doc.text.indexOf('\n', doc.text.indexOf('\n## ') + 1) + 1;
    const text = `${doc.text.slice(0, at)}\n${FINDS.join('\n\n')}\n${doc.text.slice(at)}`;
    docs.push({ name: `${doc.name} with findings, twice`, text: `${text}\n${text}` });
  }
  const lists = docs.map((doc, k) => {
    const rnd = rng(SEED + k);
    const texts: string[] = [doc.text];
    for (let i = 0; i < EDITS; i++) texts.push(edit(texts[texts.length - 1], rnd, texts));
    return texts;
  });
  // A worker works out the next document's while this thread checks one; one warm Analyzer goes through them all.
  const warm = new Analyzer();
  let next = fresh(lists[0]);
  for (let k = 0; k < docs.length; k++) {
    const want = await next;
    next = k + 1 < docs.length ? fresh(lists[k + 1]) : next;
    lists[k].forEach((text, i) => assert.deepStrictEqual(contents(warm.analyze(text)), want[i], `${docs[k].name}, edit ${i} (seed ${SEED + k})`));
  }
});

test('the model reuses a table read from an unchanged block, and re-reads it when its context changes', () => {
  const base = fixture('clean/clean-2021.report.md');
  const warm = new Analyzer();
  const a = warm.analyze(base).report;
  // A cell of 表三 changed: the other tables are the same objects, 表三 is read again.
  const t3 = a.tables.t3!;
  const cell = [...t3.rows.find((r) => r.cells.size)!.cells.values()][0];
  const digit = base[cell.span.end - 1] === '1' ? '2' : '1';
  const edited = base.slice(0, cell.span.end - 1) + digit + base.slice(cell.span.end);
  const b = warm.analyze(edited).report;
  assert.notEqual(b.tables.t3, t3);
  assert.equal(b.tables.t4, a.tables.t4);
  assert.equal(b.tables.s2[0], a.tables.s2[0]);
  // The year changed in the front matter (same length), and with it the edition: every table is read again.
  const e = edited.replace('年度: 2021', '年度: 2019');
  assert.notEqual(e, edited);
  const c = warm.analyze(e).report;
  assert.notEqual(c.tables.t4, b.tables.t4);
  assert.equal(c.tables.t4!.readAs, 2019);
  assert.deepStrictEqual(contents(warm.analyze(e)), contents(new Analyzer().analyze(e)));
});
