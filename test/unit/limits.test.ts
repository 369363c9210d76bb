/**
 * Issue 14, the analysis core: every hostile input of the issue's table that the core reads is analysed in time
 * proportional to its size (the fuzz's budget: 50 ms + 2 ms per KB, asserted at 20× so that a busy machine never
 * fails it) and bounded memory, and what the user sees is the report's own findings — the real A04 of the report is
 * still there, no false S01/S09/S11/D01 — plus, where the text was read otherwise than as written, one S13.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from '../../server/src/core/index.js';
import type { Analysis } from '../../server/src/core/index.js';
import { nextYearReport } from '../../server/src/core/newyear.js';
import { LINE_CHARS } from '../../server/src/core/parse.js';
import { EXPORT_BUDGET, cutToBudget, layoutReport, layoutSize } from '../../server/src/render/layout.js';
import { renderBody } from '../../server/src/render/html.js';
import { ExportLimitError, exportReport } from '../../server/src/render/export.js';
import { baseReport } from './base-report.js';

/** The clean 2022 report with one real error: 行政复议's total is 7, its parts add up to 6 (A04). */
const REPORT = baseReport(2022).replace('| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
const BUDGET_FACTOR = 20;
const budgetMs = (text: string) => 50 + (2 * text.length) / 1024;

/** `insert` as a block of its own before section 五. */
const before5 = (insert: string, report = REPORT) => report.replace('## 五、存在', `${insert}\n\n## 五、存在`);

function timed(text: string, options = {}): Analysis {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const a = new Analyzer().analyze(text, options);
  const ms = performance.now() - t0;
  assert.deepEqual(a.errors, [], 'no rule failed');
  assert.ok(ms < budgetMs(text) * BUDGET_FACTOR, `took ${ms.toFixed(0)} ms for ${text.length} chars (budget ${budgetMs(text).toFixed(0)} ms × ${BUDGET_FACTOR})`);
  const grown = (process.memoryUsage().rss - rss0) / 1024 / 1024;
  assert.ok(grown < 400, `memory grew ${grown.toFixed(0)} MB`);
  return a;
}

const codes = (a: Analysis) => a.findings.map((f) => f.code).sort();
const baseline = codes(new Analyzer().analyze(REPORT));

/** The report's own findings, and S13 at most `s13` times (one per kind of limit). */
function sameFindings(a: Analysis, s13: number): void {
  assert.deepEqual(codes(a).filter((c) => c !== 'S13'), baseline, 'the report is read as before: its A04, nothing invented');
  assert.ok(a.findings.filter((f) => f.code === 'S13').length <= s13, 'one S13 per kind of limit');
}

test('the base report has its A04 (and T03 for the prose that names 7 reviews)', () => {
  assert.ok(baseline.includes('A04'), baseline.join(' '));
});

describe('list markers on one line (2,000–2,800 overflowed the block collector; 4,000–8,000 never finished)', () => {
  for (const n of [2000, 2800, 4000, 8000]) {
    test(`${n} markers`, () => {
      const line = `${'- '.repeat(n)}x`;
      const a = timed(before5(line));
      sameFindings(a, 1);
      const s13 = a.findings.find((f) => f.code === 'S13');
      assert.ok(s13, 'S13 says the line was read as text past the limit');
      assert.match(s13.message, new RegExp(`嵌套 ${n.toLocaleString('en-US')} 层，超过 32 层的上限`));
      assert.equal(a.report.text.slice(s13.span.start, s13.span.end), line);
    });
  }
  test('alternating quotes and lists, 4,000 deep', () => sameFindings(timed(before5(`${'> - '.repeat(4000)}x`)), 1));
  test('the same at 30 markers is an ordinary nested list, no S13', () => {
    const a = timed(before5(`${'- '.repeat(30)}x`));
    assert.deepEqual(codes(a), baseline);
  });
});

describe('other parser paths over 2 s under 1 MB', () => {
  test('20,000 and 40,000 emphasis runs (`*a`, `**`, `_a`)', () => {
    for (const t of ['*a'.repeat(20000), '*a'.repeat(40000), `x${'*'.repeat(40000)}x`, '_a'.repeat(20000), '**a'.repeat(20000)]) sameFindings(timed(before5(t)), 0);
  });
  test('20,000 strike runs (`~~a`) and a 40,000-tilde run', () => {
    for (const t of ['~~a'.repeat(20000), `x${'~'.repeat(40000)}`]) sameFindings(timed(before5(t)), 0);
  });
  test('lazy block quotes: 20,000 lazy lines, quotes of every depth to 32 each with a lazy line', () => {
    sameFindings(timed(before5(`> a\n${'b\n'.repeat(20000)}`)), 1);
    sameFindings(timed(before5(Array.from({ length: 5000 }, (_, i) => `${'>'.repeat((i % 32) + 1)} a\nb`).join('\n'))), 1);
    sameFindings(timed(before5('> - a\nb\n'.repeat(5000))), 1);
  });
  test('setext underlines: 20,000 `a` / `=` pairs, one 20,000-line paragraph underlined', () => {
    sameFindings(timed(before5('a\n=\n'.repeat(20000))), 1);
    sameFindings(timed(before5(`${'a\n'.repeat(20000)}-`)), 1);
  });
  test('500-deep list indents', () => {
    const a = timed(before5(Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- a`).join('\n')));
    sameFindings(a, 2);
    assert.ok(a.findings.some((f) => f.code === 'S13' && /缩进 130 列，超过 128 列的上限/.test(f.message)), a.findings.map((f) => f.message).join('\n'));
  });
  test('800 backtick runs of growing length', () => {
    sameFindings(timed(before5(Array.from({ length: 800 }, (_, i) => '`'.repeat(i + 1)).join(' '))), 0);
    sameFindings(timed(before5(Array.from({ length: 800 }, (_, i) => `${'`'.repeat(i + 1)}a`).join(''))), 0);
  });
  test('20,000 footnote definitions, one after the other and blank-line separated', () => {
    sameFindings(timed(before5(Array.from({ length: 20000 }, (_, i) => `[^${i}]: 注释${i}`).join('\n'))), 1);
    sameFindings(timed(before5(Array.from({ length: 20000 }, (_, i) => `[^${i}]: 注释${i}`).join('\n\n'))), 0);
  });
  test('reference definitions, 1.2 MB', () => {
    const defs = Array.from({ length: 40000 }, (_, i) => `[ref${i}]: <https://www.gov.cn/${i}> "标题${i}"`).join('\n');
    assert.ok(defs.length > 1_200_000);
    sameFindings(timed(before5(defs)), 1);
  });
  test('1 MB of disable comments', () => {
    const comments = Array.from({ length: 20000 }, (_, i) => `<!-- xxgk-disable C0${i % 5} -->\n<!-- xxgk-enable C0${i % 5} ${i} -->`).join('\n');
    assert.ok(comments.length > 1_000_000);
    sameFindings(timed(before5(comments)), 1);
    // Many ranges and next-line comments, each finding looked up against them.
    const next = Array.from({ length: 30000 }, (_, i) => `<!-- xxgk-disable-next-line T0${i % 5} -->`).join('\n\n');
    sameFindings(timed(before5(next)), 0);
  });
  test('masks that change no block leave the model as it was: 600 bold phrases, 600 code spans and links in the prose', () => {
    const prose = Array.from({ length: 600 }, (_, i) => `**要点${i}** \`代码\` [链接](https://www.gov.cn/${i})`).join('，');
    const a = timed(before5(prose));
    assert.deepEqual(codes(a), baseline);
    assert.ok(a.report.blocks.some((b) => b.kind === 'paragraph' && b.text === prose), 'the paragraph keeps its text');
  });
});

describe('front matter', () => {
  // 10,000 pairs (20 KB) are past the nesting limit, 50,000 (100 KB) past the size limit as well.
  for (const [n, message] of [[10000, /^文首元数据中的方括号或花括号嵌套超过 32 层的上限：未读取$/], [50000, /^文首元数据有 98 KB，超过 64 KB 的上限：未读取$/]] as const) {
    test(`unclosed YAML flow, "[{" × ${n}: S11 names the limit, nothing else changes`, () => {
      const a = timed(REPORT.replace('格式: 2021', `格式: 2021\nx: ${'[{'.repeat(n)}`));
      const s11 = a.findings.filter((f) => f.code === 'S11');
      assert.equal(s11.length, 1);
      assert.match(s11[0].message, message);
      assert.deepEqual(codes(a).filter((c) => c !== 'S11'), baseline);
    });
  }
  test('a 300 KB !!binary value: S11 says the front matter is past 64 KB, in a short message', () => {
    const a = timed(REPORT.replace('格式: 2021', `格式: 2021\n图片: !!binary ${'QUJD'.repeat(75000)}`));
    const s11 = a.findings.filter((f) => f.code === 'S11');
    assert.equal(s11.length, 1);
    assert.match(s11[0].message, /^文首元数据有 \d+ KB，超过 64 KB 的上限：未读取$/);
  });
  test('a long value of a known key is quoted in part', () => {
    const a = timed(REPORT.replace('年度: 2022', `年度: 2022\n报告类型: ${'很长'.repeat(20000)}`));
    const s11 = a.findings.find((f) => f.code === 'S11');
    assert.ok(s11 && s11.message.length < 200, s11?.message.slice(0, 300));
    assert.match(s11.message, /很长很长…”无效/);
  });
  test('duplicate keys, also 年度 and year: one S11 each, the first counts', () => {
    const a = timed(REPORT.replace('年度: 2022', '年度: 2022\n年度: 2019\nyear: 2025'));
    const s11 = a.findings.filter((f) => f.code === 'S11').map((f) => f.message);
    assert.deepEqual(s11, ['元数据键“年度”重复（第 3 行已有）：只采用第一个', '元数据键“year”与第 3 行的“年度”含义相同：只采用第一个']);
    assert.equal(a.report.meta.year, 2022);
  });
  test('an alias bomb in an unknown key is not expanded', () => {
    const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`), 'z: [*h,*h,*h,*h,*h,*h,*h,*h,*h]'].join('\n');
    const a = timed(REPORT.replace('格式: 2021', `格式: 2021\n${laughs}`));
    assert.ok(a.findings.filter((f) => f.code === 'S11').every((f) => f.message.length < 200));
  });
});

describe('numbers beyond Number.MAX_SAFE_INTEGER', () => {
  const t4 = (cells: string) => REPORT.replace('| 行政复议 | 3 | 1 | 0 | 2 | 7 |', `| 行政复议 | ${cells} |`);
  test('a cell past 2^53 is C01, and no sum through it passes', () => {
    const a = timed(t4('9007199254740993 | 0 | 0 | 0 | 9007199254740991'));
    const c01 = a.findings.filter((f) => f.code === 'C01');
    assert.equal(c01.length, 1);
    assert.match(c01[0].message, /“9007199254740993”超过 9007199254740991/);
    assert.deepEqual(a.findings.filter((f) => f.code === 'A04'), [], 'the sum through it is skipped (no cascade)');
  });
  test('safe parts whose sum is past 2^53: a wrong total is reported with the exact sum and no quick fix', () => {
    // 9007199254740991 + 2 = 9007199254740993, which doubles round to …992: the stated …992 must not pass.
    const a = timed(t4('9007199254740991 | 2 | 0 | 0 | 9007199254740991'));
    const a04 = a.findings.filter((f) => f.code === 'A04');
    assert.equal(a04.length, 1);
    assert.match(a04[0].message, /之和为 9007199254740993（计算值超过 9007199254740991/);
    assert.equal(a04[0].fix, undefined);
  });
  test('A02 compares sums past 2^53 exactly', () => {
    const r = baseReport(2022)
      .replace(/\| 一、本年新收政府信息公开申请数量 \|[^\n]*/, '| 一、本年新收政府信息公开申请数量 | 1180 | 36 | 5 | 2 | 9 | 9007199254740991 | 1248 |')
      .replace(/\| 二、上年结转政府信息公开申请数量 \|[^\n]*/, '| 二、上年结转政府信息公开申请数量 | 40 | 3 | 0 | 0 | 1 | 2 | 46 |');
    const a = timed(r);
    const a02 = a.findings.filter((f) => f.code === 'A02' && f.message.startsWith('“其他”'));
    assert.equal(a02.length, 1, a.findings.map((f) => `${f.code} ${f.message}`).join('\n'));
    assert.match(a02[0].message, /= 9007199254740993，/);
  });
  test('new-year writes no rounded or exponent number', () => {
    const r = baseReport(2022).replace(/\| 四、结转下年度继续办理 \|[^\n]*/, '| 四、结转下年度继续办理 | 25 | 100000000000000000000000 | 9007199254740993 | 0 | 0 | 1 | 27 |');
    const next = nextYearReport(new Analyzer().model(r));
    const carried = /\| 二、上年结转政府信息公开申请数量 \|([^\n]*)/.exec(next.text)?.[1] ?? '';
    assert.doesNotMatch(next.text, /e\+|9007199254740992|100000000000000000000000/);
    assert.deepEqual(carried.split('|').map((c) => c.trim()).slice(0, 3), ['25', '', '']);
  });
});

describe('line ends, section numbers, undecodable text, a document past the limit', () => {
  test('CR-only line ends: the front matter and every finding are read as with LF', () => {
    const a = timed(REPORT.replace(/\n/g, '\r'));
    const lf = new Analyzer().analyze(REPORT);
    assert.deepEqual(a.findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character}`), lf.findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character}`));
    assert.equal(a.report.meta.yearSource, 'frontmatter');
  });
  test('a section numbered 五一、 is S02', () => {
    const a = timed(REPORT.replace('## 五、存在', '## 五一、存在'));
    assert.ok(a.findings.some((f) => f.code === 'S02' && f.message.includes('编号应为“五、”')));
  });
  test('text read in the wrong encoding (U+FFFD, NUL) is one S13', () => {
    const a = timed(before5('\ufffd\ufffd乱码\u0000文字'));
    const s13 = a.findings.filter((f) => f.code === 'S13');
    assert.equal(s13.length, 1);
    assert.match(s13[0].message, /有 3 个无法解码的字符/);
  });
  test('a document past maxChars: analysed up to the limit, one S13, no finding about what lies beyond', () => {
    const big = REPORT + '\n' + '附注段落，没有结构。\n\n'.repeat(200000);
    const a = timed(big, { maxChars: 100_000 });
    assert.ok(a.report.text.length <= 100_000);
    const s13 = a.findings.filter((f) => f.code === 'S13');
    assert.equal(s13.length, 1);
    assert.match(s13[0].message, /超过编辑时检查的上限 100,000 个字符：只检查到第 \d+ 行/);
    assert.deepEqual(codes(a).filter((c) => c !== 'S13'), baseline.filter((c) => !['S01', 'S04', 'D04', 'N01'].includes(c)));
    // Cut inside a section: nothing is said about the sections that follow.
    const cut = new Analyzer().analyze(REPORT, { maxChars: REPORT.indexOf('## 四、') });
    assert.deepEqual(cut.findings.filter((f) => f.code === 'S01'), []);
  });
});

describe('lines past LINE_CHARS (a 19 MB line of numbers overflowed the stack, then took 20 s and 2.5 GB)', () => {
  test('a 19 MB line of numbers: its block is one plain paragraph, one S13, the report read as before', () => {
    const line = Array.from({ length: 2_600_000 }, (_, i) => i).join(' ').slice(0, 19_000_000);
    const a = timed(before5(line));
    sameFindings(a, 1);
    const s13 = a.findings.find((f) => f.code === 'S13');
    assert.ok(s13);
    assert.match(s13.message, /^此行有 19,000,000 个字符，超过每行 500,000 个字符的上限：此行所在的段落按纯文本读取/);
    assert.equal(a.report.text.slice(s13.span.start, s13.span.end), line);
  });
  test('the whole text one line of digits: no throw, one S13 and the missing parts', () => {
    const a = timed('1234567890'.repeat(1_900_000));
    assert.equal(a.findings.filter((f) => f.code === 'S13').length, 1);
    assert.ok(a.findings.some((f) => f.code === 'S01'));
  });
  test('a line just under the limit is parsed as Markdown (no S13)', () => {
    const a = timed(before5(`**加粗**${'文'.repeat(LINE_CHARS - 20)}`));
    assert.deepEqual(codes(a), baseline);
  });
  test('the preview and the export show such a block as written (an entity stays as typed), in time', () => {
    const line = '甲&amp;乙 '.repeat(70_000);
    const a = timed(before5(line));
    const t0 = performance.now();
    const html = renderBody(layoutReport(a.report, a.findings), { lines: a.report.lines, findings: a.findings });
    assert.ok(performance.now() - t0 < 20_000);
    assert.ok(html.includes('甲&amp;amp;乙 甲&amp;amp;乙'), 'plain text, not Markdown');
  });
});

describe('previews and exports past their budget (8,000 tables: a 7.3 s preview of 9 MB)', () => {
  test("a cut layout keeps its first blocks, and a table's merged cells end with the rows shown", () => {
    const a = new Analyzer().analyze(REPORT);
    const full = layoutReport(a.report, a.findings);
    const size = layoutSize(full.blocks);
    const t3 = full.blocks.findIndex((b) => b.kind === 'grid' && b.table === 't3');
    assert.ok(t3 > 0);
    const before = layoutSize(full.blocks.slice(0, t3));
    // A budget that ends inside 表三, a few rows in.
    const cut = cutToBudget(full, { cells: before.cells + 40, chars: size.chars });
    assert.ok(cut);
    assert.equal(cut.shown, t3 + 1);
    assert.equal(cut.total, full.blocks.length);
    assert.ok(layoutSize(cut.layout.blocks).cells <= before.cells + 40);
    const grid = cut.layout.blocks[t3];
    assert.ok(grid.kind === 'grid');
    const full3 = full.blocks[t3];
    assert.ok(full3.kind === 'grid' && grid.rows.length < full3.rows.length && grid.rows.length > 0);
    grid.rows.forEach((r, i) => r.forEach((c) => assert.ok(!c.rowspan || i + c.rowspan <= grid.rows.length, `row ${i}: rowspan ${c.rowspan} of ${grid.rows.length} rows`)));
    assert.equal(cutToBudget(full, size), null, 'what fits is not cut');
  });
  test('an export past the budget is refused with what is too big and the limit, in both languages', async () => {
    const line = '9'.repeat(EXPORT_BUDGET.chars + 10);
    const a = new Analyzer().analyze(before5(line));
    const e = await exportReport(a.report, 'html').then(() => null, (x: unknown) => x);
    assert.ok(e instanceof ExportLimitError);
    assert.match(e.zh, /^报告有 4,0\d\d,\d{3} 个字符，超过导出的上限（4,000,000 个字符），未导出$/);
    assert.match(e.en, /^The report has 4,0\d\d,\d{3} characters, more than the export limit of 4,000,000 characters; not exported$/);
  });
  test('an export of a document read in part (past maxChars) is refused: a part is never exported as the whole', async () => {
    const a = new Analyzer().analyze(REPORT + '\n' + '附注。\n\n'.repeat(50_000), { maxChars: 100_000 });
    const e = await exportReport(a.report, 'docx').then(() => null, (x: unknown) => x);
    assert.ok(e instanceof ExportLimitError);
    assert.match(e.zh, /^报告有 [\d,]+ 个字符，超过编辑时检查的上限（100,000 个字符），只读取了一部分/);
  });
});
