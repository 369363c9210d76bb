/**
 * The Word export opened as Word opens it: word/document.xml of the .docx, its tables with the
 * official merged cells (w:gridSpan, w:vMerge), every number, the headings, the page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { analyzeText } from '../../server/src/core/index.js';
import { layoutReport, tableNumbers } from '../../server/src/render/layout.js';
import { renderDocx } from '../../server/src/render/docx.js';
import { SECTIONS } from '../../server/src/core/standard.js';
import { fixturesDir } from './helpers.js';
import { baseReport } from './base-report.js';

interface Tc {
  span: number;
  vmerge: 'restart' | 'continue' | null;
  text: string;
}

async function documentXml(text: string): Promise<string> {
  const bytes = await renderDocx(layoutReport(analyzeText(text).report));
  assert.equal(strFromU8(bytes.subarray(0, 2)), 'PK');
  const files = unzipSync(bytes);
  assert.ok(files['[Content_Types].xml'] && files['word/document.xml'], 'a Word package');
  return strFromU8(files['word/document.xml']);
}

function tables(xml: string): Tc[][][] {
  return xml.split('<w:tbl>').slice(1).map((tbl) =>
    tbl.split('</w:tbl>')[0].split('<w:tr>').slice(1).map((tr) =>
      tr.split('<w:tc>').slice(1).map((tc) => ({
        span: Number(tc.match(/<w:gridSpan w:val="(\d+)"\/>/)?.[1] ?? 1),
        vmerge: /<w:vMerge w:val="restart"\/>/.test(tc) ? 'restart' : /<w:vMerge(?: w:val="continue")?\/>/.test(tc) ? 'continue' : null,
        text: [...tc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
      })),
    ),
  );
}

/** Rows of a table must all cover the same number of grid columns, or Word misdraws it. */
function widths(t: Tc[][]): number[] {
  return t.map((r) => r.reduce((a, c) => a + c.span, 0));
}

/** How many rows the cell that starts a vertical merge at (row, grid column) spans. */
function vspan(t: Tc[][], row: number, text: string): number {
  const cells = t[row];
  let col = 0;
  for (const c of cells) {
    if (c.text === text) break;
    col += c.span;
  }
  const at = (r: number) => {
    let x = 0;
    for (const c of t[r]) {
      if (x === col) return c;
      x += c.span;
    }
    return undefined;
  };
  assert.equal(at(row)?.vmerge, 'restart', `${text} starts a vertical merge`);
  let n = 1;
  while (row + n < t.length && at(row + n)?.vmerge === 'continue') n++;
  return n;
}

test('表三 (2021) in Word: the official merged cells, every row the full width', async () => {
  const xml = await documentXml(baseReport(2022));
  const t3 = tables(xml).find((t) => t.some((r) => r.some((c) => c.text === '申请人情况')))!;
  assert.ok(t3, 'the 三 table');
  assert.deepEqual([...new Set(widths(t3))], [10]);
  assert.equal(t3[0][0].span, 3);
  assert.equal(vspan(t3, 0, t3[0][0].text), 3);
  assert.equal(t3[0].find((c) => c.text === '申请人情况')!.span, 7);
  assert.equal(t3[1].find((c) => c.text === '法人或其他组织')!.span, 5);
  const resultRow = t3.findIndex((r) => r.some((c) => c.text === '三、本年度办理结果'));
  assert.equal(vspan(t3, resultRow, '三、本年度办理结果'), 22);
  const refuseRow = t3.findIndex((r) => r.some((c) => c.text === '（三）不予公开'));
  assert.equal(vspan(t3, refuseRow, '（三）不予公开'), 8);
  assert.equal(t3.find((r) => r.some((c) => c.text === '（七）总计'))!.find((c) => c.text === '（七）总计')!.span, 2);
});

test('表三 (2019) in Word: 办理结果 over 20 rows', async () => {
  const t3 = tables(await documentXml(baseReport(2020))).find((t) => t.some((r) => r.some((c) => c.text === '申请人情况')))!;
  assert.deepEqual([...new Set(widths(t3))], [10]);
  const resultRow = t3.findIndex((r) => r.some((c) => c.text === '三、本年度办理结果'));
  assert.equal(vspan(t3, resultRow, '三、本年度办理结果'), 20);
});

test('表四 in Word: 行政复议 over 5, 行政诉讼 over 10, one row of 15 values', async () => {
  const t4 = tables(await documentXml(baseReport(2022))).find((t) => t.some((r) => r.some((c) => c.text === '行政诉讼')))!;
  assert.deepEqual([...new Set(widths(t4))], [15]);
  assert.deepEqual(t4[0].map((c) => [c.text, c.span]), [['行政复议', 5], ['行政诉讼', 10]]);
  assert.deepEqual(t4[t4.length - 1].map((c) => c.text), ['3', '1', '0', '2', '6', '1', '0', '1', '1', '3', '0', '0', '0', '1', '1']);
});

for (const f of ['clean/clean-2021', 'clean/clean-2019', 'seeds/000', 'seeds/001', 'seeds/002', 'seeds/003', 'seeds/004']) {
  test(`${f}: every number of the tables in order, the headings in order, A4 with official margins`, async () => {
    const text = readFileSync(join(fixturesDir, `${f}.report.md`), 'utf8');
    const xml = await documentXml(text);
    const layout = layoutReport(analyzeText(text).report);
    const all = tables(xml);
    for (const t of all) assert.equal(new Set(widths(t)).size, 1, `a table with rows of unequal width: ${widths(t).join(',')}`);
    const inTables = all.flatMap((t) => t.flatMap((r) => r.map((c) => c.text)));
    const nums = tableNumbers(layout);
    // The numbers in order (other tables of the report, if any, may add their own).
    let i = 0;
    for (const x of inTables) if (x === nums[i]) i++;
    assert.equal(i, nums.length, `all ${nums.length} numbers in order`);
    const texts = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    let at = -1;
    for (const h of [layout.title, ...SECTIONS.map((s) => s.heading)]) {
      const k = texts.indexOf(h, at + 1);
      assert.ok(k > at, `"${h}" in order`);
      at = k;
    }
    assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/);
    assert.match(xml, /<w:pgMar w:top="2098" w:right="1474" w:bottom="1985" w:left="1588"/);
  });
}

test('markup in the report is text in Word, and the XML stays well-formed', async () => {
  const xml = await documentXml(baseReport(2022).replace('## 五、存在的主要问题及改进情况\n', '## 五、存在的主要问题及改进情况\n\n<script>alert(1)</script> & "引号" <b>x</b>\n'));
  assert.doesNotMatch(xml, /<script>|<b>/);
  assert.match(xml, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(xml, /&amp;/);
});

test('odd layouts never throw', async () => {
  for (const t of ['', '| a |\n|---|\n| 1 |', '\u0000\u0001']) {
    const bytes = await renderDocx(layoutReport(analyzeText(t).report));
    assert.ok(bytes.length > 1000);
  }
});
