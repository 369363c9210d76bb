/**
 * Import under hostile input (issue 14), in two parts.
 *
 * 1. The inputs found to break it, each as a regression: spans a table cannot hold, nesting without
 *    end, a line of millions of numbers, thousands of heading-like lines, label characters repeated,
 *    a .docx with an undefined entity or 20,000 nested tables, chrome with `--->`, `<script>` in alt
 *    text. Each gives a report or a clear one-line message, in bounded time and memory.
 * 2. Property-based fuzzing with fast-check: generated HTML (deep nesting, huge and odd spans,
 *    entities, broken tags, table soup), .docx (spans, nesting, entities, many and large entries) and
 *    text (long runs of every character class the recognisers look at), asserting for each: no throw
 *    but import's own clear error; time within a budget proportional to the size; the written report
 *    keeps every comment closed and carries no HTML of the source; and no number in a table cell that
 *    is not a number of the input. Deterministic (XXGK_FUZZ_SEED); XXGK_IMPORT_FUZZ_RUNS runs
 *    (`npm run fuzz:import` for a long run).
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { zipSync, strToU8 } from 'fflate';
import { analyzeText } from '../../server/src/core/index.js';
import { importReport, ImportError } from '../../server/src/import/index.js';

const RUNS = Number(process.env.XXGK_IMPORT_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.XXGK_FUZZ_SEED ?? 20240606);

// ---------------------------------------------------------------- shared checks

const stats = { cases: 0, reports: 0, refused: 0, worstRatio: 0, worstCase: '', peakRssMb: 0 };

/** A budget in proportion to the size: 300 ms plus 40 ms per 10 KB (a real report of 20 KB imports in under 100 ms). */
const budgetMs = (bytes: number) => 300 + (bytes / 10_240) * 40;

/** The numbers a text holds (digit runs, as values), to check that the import invents none. */
function numbersIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.normalize('NFKC').matchAll(/\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g)) out.add(String(Number(m[0].replace(/[,，]/g, ''))));
  return out;
}

/** Imports, and checks what a user would rely on: a clear error or a report that says only what the input says. */
async function checkImport(name: string, data: Uint8Array | string, inputText: string): Promise<void> {
  stats.cases++;
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  const t0 = performance.now();
  let text: string | null = null;
  try {
    text = (await importReport({ name, data })).text;
  } catch (e) {
    assert.ok(e instanceof ImportError, `${name}: not import's own error: ${(e as Error).stack}`);
    assert.ok(!e.message.includes('\n') && e.message.length < 300, `${name}: one short line: ${e.message}`);
    assert.doesNotMatch(e.message, /call stack|Cannot read properties|undefined|xmldom/, `${name}: says what is wrong: ${e.message}`);
    stats.refused++;
  }
  const ms = performance.now() - t0;
  const ratio = ms / budgetMs(bytes);
  if (ratio > stats.worstRatio) Object.assign(stats, { worstRatio: ratio, worstCase: `${name} (${bytes} bytes, ${ms.toFixed(0)} ms)` });
  stats.peakRssMb = Math.max(stats.peakRssMb, process.memoryUsage().rss / 1024 / 1024);
  assert.ok(ms <= budgetMs(bytes) * 4, `${name}: ${ms.toFixed(0)} ms for ${bytes} bytes (budget ${budgetMs(bytes).toFixed(0)} ms)`);
  if (text === null) return;
  stats.reports++;
  // Every comment the import writes is closed where it should be: its own comments are one line each or end
  // with a line of their own, and no text of the source opens one.
  const outside = text.replace(/<!--[^]*?-->/g, '');
  assert.ok(!outside.includes('<!--'), `${name}: a comment opened by the source's text`);
  for (const m of text.matchAll(/<!-- xxgk-import: 网页页面内容[^]*?-->/g)) assert.ok(m[0].endsWith('\n-->'), `${name}: the chrome comment ended early`);
  // No HTML of the source in the report's text.
  assert.doesNotMatch(outside, /<(script|style|iframe|img|a|div|span|table|td|p)\b/i, `${name}: markup came in`);
  // No number in a table cell that the input does not have.
  const have = numbersIn(inputText);
  const report = analyzeText(text).report;
  for (const t of report.tables.all) {
    for (const row of t.rows) {
      for (const c of row.cells.values()) {
        if (c.value === null) continue;
        assert.ok(have.has(String(c.value)), `${name}: ${c.rowLabel}/${c.colLabel} = ${c.value}, a number the input does not have`);
      }
    }
  }
}

// ---------------------------------------------------------------- .docx

const CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

function docx(body: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(CT),
    '_rels/.rels': strToU8(RELS),
    'word/document.xml': strToU8(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`),
    ...extra,
  });
}
const wp = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p>`;
const wcell = (t: string, span?: number) => `<w:tc>${span ? `<w:tcPr><w:gridSpan w:val="${span}"/></w:tcPr>` : ''}${wp(t)}</w:tc>`;

// ---------------------------------------------------------------- 1. the inputs of the issue

describe('import: the hostile inputs found, each a regression', () => {
  const rows = (n: number, attr: string) => Array.from({ length: n }, (_, i) => `<tr><td ${attr}>${i}</td><td>2</td></tr>`).join('');
  const cases: [string, () => Uint8Array | string][] = [
    ['rowspan and colspan of 1,000 on every cell (53 KB)', () => `<html><body><p>一、总体情况</p><table>${rows(1000, 'rowspan="1000" colspan="1000"')}</table></body></html>`],
    ['rowspan of 3,000 on 6,000 rows (180 KB)', () => `<html><body><table>${rows(6000, 'rowspan="3000"')}</table></body></html>`],
    ['tables nested 5,000 deep', () => '<html><body>' + '<table><tr><td>'.repeat(5000) + '一、总体情况' + '</td></tr></table>'.repeat(5000) + '</body></html>'],
    ['20,000 nested <td> with text', () => '<html><body><table><tr>' + '<td>一'.repeat(20000) + '</tr></table></body></html>'],
    ['100,000 nested <b>/<div>/<span>', () => '<html><body>' + '<b><div><span>'.repeat(33400) + '文' + '</span></div></b>'.repeat(33400) + '</body></html>'],
    ['a 19 MB line of numbers', () => '1 '.repeat(9_500_000)],
    ['5,000 heading-like lines', () => Array.from({ length: 5000 }, (_, i) => `（${'一二三四五'[i % 5]}）标题${i}`).join('\n')],
    ['5,000 full-width heading-like lines', () => Array.from({ length: 5000 }, (_, i) => `第${'一二三'[i % 3]}章　标题　${i}`).join('\n')],
    ['900 KB of repeated label characters, on lines', () => Array.from({ length: 60000 }, () => '属于国家秘密其他').join('\n')],
    ['900 KB of repeated label characters, one line', () => '属于国家秘密'.repeat(150000)],
    ['a .docx whose cell spans 2,000,000,000 columns', () => docx(wp('一、总体情况') + `<w:tbl><w:tr>${wcell('1', 2_000_000_000)}</w:tr><w:tr>${wcell('2', 2_000_000_000)}</w:tr></w:tbl>`)],
    ['a .docx with 20,000 nested tables', () => docx('<w:tbl><w:tr><w:tc>'.repeat(20000) + wp('x') + '</w:tc></w:tr></w:tbl>'.repeat(20000))],
    ['a .docx with an undefined XML entity', () => docx(wp('一、总体情况&i;'))],
  ];
  for (const [name, make] of cases) {
    test(name, async () => {
      const data = make();
      const file = typeof data === 'string' ? (data.startsWith('<html') ? 'x.html' : 'x.txt') : 'x.docx';
      const t0 = performance.now();
      try {
        const r = await importReport({ name: file, data });
        assert.ok(typeof r.text === 'string');
      } catch (e) {
        assert.ok(e instanceof ImportError, String((e as Error).stack));
        assert.doesNotMatch(e.message, /call stack|xmldom|Cannot read/);
        if (name.includes('19 MB')) assert.match(e.message, /18\.1 MB of text; a report has far less \(the limit is 1\.0 MB of text\)/);
        if (name.includes('entity')) assert.match(e.message, /not a readable \.docx \(the document's XML is broken\)/);
        if (name.includes('nested tables') && file === 'x.docx') assert.match(e.message, /nested too deeply/);
      }
      assert.ok(performance.now() - t0 < 20_000, 'finishes, it does not hang');
      assert.ok(process.memoryUsage().rss < 2 * 1024 ** 3, 'memory bounded');
    });
  }

  test('a table too large for its spans is read row by row, and the import says so', async () => {
    const r = await importReport({ name: 'x.html', data: `<html><body><table>${rows(300, 'rowspan="1000" colspan="1000"')}</table></body></html>` });
    assert.ok(r.warnings.some((w) => /合并单元格过多.*已按原样逐行读取/.test(w)), r.warnings.join('\n'));
  });

  test('page chrome with --->, <!-- and --> never ends the chrome comment early', async () => {
    const r = await importReport({ name: 'x.html', data: '<html><body><div>首页 ---> 政务公开 --- <!-- x --> --!></div><h1>某局2022年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>内容</p></body></html>' });
    const outside = r.text.replace(/<!--[^]*?-->/g, '');
    assert.ok(!outside.includes('-->') && !outside.includes('政务公开'), outside);
    assert.match(r.text, /首页 - - -> 政务公开 - - -/);
  });

  test('<script> in an image\'s alt text: imported as text, never as HTML', async () => {
    const r = await importReport({ name: 'x.html', data: '<html><body><h1><img alt="<script>alert(1)</script>">某局2022年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>x</p></body></html>' });
    assert.doesNotMatch(r.text, /<script/);
    assert.match(r.text, /&lt;script>alert\(1\)&lt;\/script>/);
  });
});

// ---------------------------------------------------------------- 2. generated

const digits = fc.oneof(fc.constantFrom('0', '1', '7', '12', '99', '1,234', '１２', '3.5', '-1', '+2'), fc.integer({ min: 0, max: 99999 }).map(String));
const cjk = fc.constantFrom('一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项', '本年新收政府信息公开申请数量', '（一）予以公开', '1.属于国家秘密', '总计', '行政复议', '第二十条第（一）项', '信息内容', '规章', '某局2022年政府信息公开工作年度报告', '2023年1月18日', '发布时间：2023-01-18', '自然人', '商业企业');
const text = fc.oneof(cjk, digits, fc.string({ maxLength: 12 }), fc.constantFrom('&amp;', '&#x4e00;', '&nbsp;', '&bogus;', '<', '>', '--->', '<!--', '-->', ']]>', '\u0000', '\u001b[2J', '\ufeff'));
const span = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 3 }).map((n) => ` rowspan="${n}"`), fc.constantFrom(' colspan="0"', ' colspan="-5"', ' rowspan="99999"', ' colspan="1e9"', ' colspan="abc"', ' rowspan="2000000000"'));

const html: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.tuple(fc.constantFrom('p', 'div', 'span', 'b', 'td', 'tr', 'table', 'h1', 'h3', 'li', 'br', 'img', 'script', 'style', 'tbody'), span, fc.array(tie('node'), { maxLength: 4 }), fc.boolean()).map(
      ([tag, attrs, kids, closed]) => `<${tag}${attrs}${tag === 'img' ? ' alt="<script>x</script>"' : ''}>${kids.join('')}${closed ? `</${tag}>` : ''}`,
    ),
    fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('table><tr><td', 'div', 'b', 'span')).map(([n, t]) => `<${t}>`.repeat(n) + '文'),
    fc.array(fc.tuple(span, digits), { minLength: 1, maxLength: 12 }).map((cells) => `<table><tr>${cells.map(([a, d]) => `<td${a}>${d}</td>`).join('')}</tr></table>`),
  ),
})).node;

const lineRun = fc.tuple(fc.constantFrom('一', '（', '1', '０', ' ', '\t', '|', '-', '年', '属于', '总计', '.', '、', '第二十条', '——'), fc.integer({ min: 1, max: 3000 })).map(([c, n]) => c.repeat(n));
const textDoc = fc.array(fc.oneof(cjk, digits, lineRun, fc.array(digits, { minLength: 1, maxLength: 9 }).map((d) => `${'（一）予以公开'}\t${d.join('\t')}`)), { maxLength: 40 }).map((parts) => parts.join('\n'));

describe('import: generated hostile input (fast-check)', () => {
  after(() => {
    console.log(
      `import fuzz: ${stats.cases} cases (${stats.reports} imported, ${stats.refused} refused with a message), worst ${stats.worstRatio.toFixed(2)}× the size budget (${stats.worstCase}), peak RSS ${stats.peakRssMb.toFixed(0)} MB`,
    );
  });
  const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };
  /** A failure as a short message: the property's own assertion and the start of the counterexample. */
  const short = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (e) {
      const m = String((e as Error).message);
      const cause = /Got (?:error|AssertionError)[^\n]*\n?([^\n]*)/.exec(m)?.[0] ?? '';
      throw new Error(`${m.split('\n')[0]} — ${cause.slice(0, 400)} — counterexample: ${(/Counterexample: (.*)/.exec(m)?.[1] ?? '').slice(0, 600)}`);
    }
  };

  test('HTML: deep nesting, huge and odd spans, entities, broken tags', async () => {
    await short(() => fc.assert(
      fc.asyncProperty(fc.array(html, { maxLength: 8 }), async (nodes) => {
        const page = `<html><head><title>某局2022年政府信息公开工作年度报告</title></head><body>${nodes.join('')}</body></html>`;
        await checkImport('fuzz.html', page, page.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))));
      }),
      params,
    ));
  });

  test('.docx: spans, nesting, entities, many entries', async () => {
    const cell = fc.tuple(digits, fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: undefined })).map(([d, s]) => wcell(d, s));
    const body = fc.array(
      fc.oneof(
        cjk.map(wp),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }).map((rs) => `<w:tbl>${rs.map((r) => `<w:tr>${r.join('')}</w:tr>`).join('')}</w:tbl>`),
        fc.integer({ min: 1, max: 300 }).map((n) => '<w:tbl><w:tr><w:tc>'.repeat(n) + wp('x') + '</w:tc></w:tr></w:tbl>'.repeat(n)),
        fc.constantFrom(wp('&amp;'), wp('&lt;script&gt;'), wp('&undefined;'), '<w:p><w:r><w:t>unclosed', wp(']]>')),
      ),
      { maxLength: 10 },
    );
    await short(() => fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 0, max: 40 }), async (parts, entries) => {
        const extra: Record<string, Uint8Array> = {};
        for (let i = 0; i < entries; i++) extra[`word/media/junk${i}.bin`] = new Uint8Array(i * 100);
        const xml = parts.join('');
        await checkImport('fuzz.docx', docx(xml, extra), xml.replace(/<[^>]+>/g, ' '));
      }),
      params,
    ));
  });

  test('text: long runs of every character class the recognisers look at', async () => {
    await short(() => fc.assert(
      fc.asyncProperty(textDoc, async (doc) => {
        await checkImport('fuzz.txt', doc, doc);
      }),
      params,
    ));
  });
});
