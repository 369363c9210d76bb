/**
 * The report as published: golden HTML of every fixture (reviewed once, compared afterwards), the
 * official geometry of the 三/四 tables, standard wording for variant labels, and untrusted text.
 * Regenerate the goldens after a reviewed change with XXGK_UPDATE_GOLDEN=1.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { analyzeText } from '../../server/src/core/index.js';
import { layoutReport, tableNumbers, type Grid } from '../../server/src/render/layout.js';
import { renderBody, renderDocument } from '../../server/src/render/html.js';
import { fixturesDir } from './helpers.js';
import { baseReport } from './base-report.js';

const goldenDir = join(fixturesDir, 'golden');
const fixtures = [
  ...readdirSync(join(fixturesDir, 'seeds')).filter((f) => f.endsWith('.report.md')).map((f) => join('seeds', f)),
  ...readdirSync(join(fixturesDir, 'clean')).filter((f) => f.endsWith('.report.md')).map((f) => join('clean', f)),
];

/** Every element of an HTML document as a browser parses it: tag, attribute names, parent's tag. */
function elements(doc: string): { tag: string; attrs: string[]; parent: string }[] {
  const out: { tag: string; attrs: string[]; parent: string }[] = [];
  const walk = (n: DefaultTreeAdapterMap['parentNode'], parent: string) => {
    for (const c of n.childNodes) {
      if (!('tagName' in c)) continue;
      out.push({ tag: c.tagName, attrs: c.attrs.map((a) => a.name), parent });
      walk(c, c.tagName);
    }
  };
  walk(parse(doc), '');
  return out;
}

function html(text: string): string {
  return renderDocument(layoutReport(analyzeText(text).report, []));
}

describe('golden HTML of the fixtures', () => {
  for (const f of fixtures) {
    test(f, () => {
      const actual = html(readFileSync(join(fixturesDir, f), 'utf8'));
      const golden = join(goldenDir, f.replace(/[\\/]/g, '-').replace(/\.report\.md$/, '.html'));
      if (process.env.XXGK_UPDATE_GOLDEN === '1') {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(golden, actual);
      }
      assert.ok(existsSync(golden), `${golden} is missing: review the output and write it with XXGK_UPDATE_GOLDEN=1`);
      assert.equal(actual, readFileSync(golden, 'utf8'));
    });
  }
});

function grid(text: string, kind: Grid['table']): Grid {
  const g = layoutReport(analyzeText(text).report).blocks.find((b): b is Grid => b.kind === 'grid' && b.table === kind);
  assert.ok(g, `a ${kind} table`);
  return g;
}

function cell(g: Grid, text: string) {
  const c = g.rows.flat().find((x) => x.text === text);
  assert.ok(c, `a cell "${text}"`);
  return c;
}

/** Expands the merged cells into the grid they cover; every row must fill the grid exactly once. */
function occupancy(g: Grid): string[][] {
  const occ: string[][] = g.rows.map(() => Array(g.columns).fill(''));
  g.rows.forEach((row, r) => {
    let c = 0;
    for (const x of row) {
      while (occ[r][c]) c++;
      for (let dr = 0; dr < (x.rowspan ?? 1); dr++) for (let dc = 0; dc < (x.colspan ?? 1); dc++) {
        assert.equal(occ[r + dr]?.[c + dc], '', `cell "${x.text}" overlaps another at row ${r + dr}, column ${c + dc}`);
        occ[r + dr][c + dc] = x.text || '·';
      }
      c += x.colspan ?? 1;
    }
  });
  for (const [r, row] of occ.entries()) assert.ok(row.every((x) => x !== ''), `row ${r} of the ${g.table} table is filled: ${row.join('|')}`);
  return occ;
}

describe('official layout of the tables', () => {
  test('表三 (2021): the note over three header rows, 申请人情况 over seven columns, 办理结果 over its 22 rows', () => {
    const g = grid(baseReport(2022), 't3');
    assert.equal(g.columns, 10);
    const note = g.rows[0][0];
    assert.match(note.text, /勾稽关系/);
    assert.deepEqual([note.colspan, note.rowspan], [3, 3]);
    assert.equal(cell(g, '申请人情况').colspan, 7);
    assert.equal(cell(g, '法人或其他组织').colspan, 5);
    assert.equal(cell(g, '自然人').rowspan, 2);
    assert.equal(cell(g, '三、本年度办理结果').rowspan, 22);
    assert.equal(cell(g, '（三）不予公开').rowspan, 8);
    assert.equal(cell(g, '（四）无法提供').rowspan, 3);
    assert.equal(cell(g, '（五）不予处理').rowspan, 5);
    assert.equal(cell(g, '（六）其他处理').rowspan, 3);
    assert.equal(cell(g, '（七）总计').colspan, 2);
    assert.equal(cell(g, '一、本年新收政府信息公开申请数量').colspan, 3);
    const occ = occupancy(g);
    assert.equal(occ.length, 3 + 25);
  });

  test('表三 (2019): （六）其他处理 is one row; 办理结果 spans 20', () => {
    const g = grid(baseReport(2020), 't3');
    assert.equal(cell(g, '三、本年度办理结果').rowspan, 20);
    assert.equal(cell(g, '（六）其他处理').colspan, 2);
    occupancy(g);
  });

  test('表四: one row of 15 cells under 行政复议 (5) and 行政诉讼 (10)', () => {
    const g = grid(baseReport(2022), 't4');
    assert.equal(cell(g, '行政复议').colspan, 5);
    assert.equal(cell(g, '行政诉讼').colspan, 10);
    assert.equal(cell(g, '未经复议直接起诉').colspan, 5);
    const body = g.rows[g.rows.length - 1];
    assert.equal(body.length, 15);
    assert.deepEqual(body.map((c) => c.text), ['3', '1', '0', '2', '6', '1', '0', '1', '1', '3', '0', '0', '0', '1', '1']);
    occupancy(g);
  });

  test('section 二: each block is a table captioned with its item', () => {
    const blocks = layoutReport(analyzeText(baseReport(2022)).report).blocks.filter((b): b is Grid => b.kind === 'grid' && b.table === 's2');
    assert.deepEqual(blocks.map((b) => b.rows[0][0].text), ['第二十条第（一）项', '第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项']);
    assert.deepEqual(blocks.map((b) => b.rows[0][0].colspan), [4, 2, 2, 2]);
    const five = layoutReport(analyzeText(baseReport(2020)).report).blocks.filter((b) => b.kind === 'grid' && b.table === 's2');
    assert.equal(five.length, 5);
  });

  test('labels written in an accepted variant appear in the standard wording', () => {
    const text = baseReport(2022).replace('| 1.属于国家秘密 |', '| 1、属于国家秘密 |').replace('## 五、存在的主要问题及改进情况', '## 五、存在的主要问题及改进措施');
    const l = layoutReport(analyzeText(text).report);
    const g = l.blocks.find((b): b is Grid => b.kind === 'grid' && b.table === 't3')!;
    assert.ok(g.rows.flat().some((c) => c.text === '1.属于国家秘密'));
    assert.ok(l.blocks.some((b) => b.kind === 'heading' && b.text === '五、存在的主要问题及改进情况'));
  });

  test('a row the form does not have is kept after the form rows, its values under their columns', () => {
    const text = baseReport(2022).replace(/(\| 四、结转下年度继续办理 \|[^\n]*\n)/, '$1| 五、另行说明的申请 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |\n');
    const g = grid(text, 't3');
    const row = g.rows[g.rows.length - 1];
    assert.deepEqual(row.map((c) => c.text), ['五、另行说明的申请', '1', '2', '3', '4', '5', '6', '21']);
    occupancy(g);
  });

  test('a finding marks the cell it is about, with its message', () => {
    const text = baseReport(2022).replace('| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
    const a = analyzeText(text);
    const l = layoutReport(a.report, a.findings);
    const g = l.blocks.find((b): b is Grid => b.kind === 'grid' && b.table === 't4')!;
    const marked = g.rows.flat().filter((c) => c.marks.length);
    assert.deepEqual(marked.map((c) => [c.text, c.marks.map((m) => m.code)]), [['7', ['A04']]]);
    const body = renderBody(l, { lines: a.report.lines, findings: a.findings });
    assert.match(body, /<td class="number xxgk-mark xxgk-error" title="A04 [^"]*尚未审结之和为 6[^"]*" data-line="\d+" data-offset="\d+">7<\/td>/);
    assert.match(body, /class="xxgk-summary has-errors"><summary>1 个错误，1 个警告/);
  });

  test('every number of the tables is in the layout, in order', () => {
    const nums = tableNumbers(layoutReport(analyzeText(baseReport(2022)).report));
    assert.equal(nums.length, 2 * 3 + 1 + 2 + 1 + 25 * 7 + 15);
    assert.deepEqual(nums.slice(-15), ['3', '1', '0', '2', '6', '1', '0', '1', '1', '3', '0', '0', '0', '1', '1']);
  });
});

describe('untrusted report text', () => {
  const evil = baseReport(2022).replace(
    '## 五、存在的主要问题及改进情况\n',
    '## 五、存在的主要问题及改进情况\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)"> 文字 <b onclick="alert(3)">粗</b> [链接](javascript:alert(4)) ![远程](http://example.com/x.png) <style>body{display:none}</style> [官网](https://www.gov.cn/)\n\n<iframe src="https://example.com"></iframe>\n',
  );

  test('scripts, event handlers, javascript: links, remote images and styles render as harmless text', () => {
    const out = html(evil);
    const body = out.slice(out.indexOf('<body>'));
    assert.doesNotMatch(body, /<script|<img|<iframe|<style|<b[ >]|onclick="|onerror="|href="javascript:/i);
    assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(body, /&lt;img src=x onerror=&quot;alert\(2\)&quot;&gt;/);
    assert.match(body, /\[远程\]/);
    assert.match(body, /<a href="https:\/\/www\.gov\.cn\/" rel="noopener noreferrer">官网<\/a>/);
    assert.match(out, /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:; base-uri 'none'; form-action 'none'"/);
  });

  test('CSS that tries to escape (style blocks, style attributes, </style>, </title>, quotes in a link) stays text, and the CSP admits only our own style block', () => {
    const text = evil
      .replace(/^# .*$/m, '# </title><style>*{display:none}</style>某市科学技术局2022年政府信息公开工作年度报告')
      .replace('| 行政处罚 | 35 |', '| 行政处罚 | </style><style>body{position:fixed;inset:0;background:url(https://evil.example/x)}</style> |')
      .replace(
        '## 六、其他需要报告的事项\n',
        '## 六、其他需要报告的事项\n\n<div style="position:fixed;inset:0;z-index:9999;background:#fff">假通知</div>\n\n<span style=\'background:url(//evil.example/y)\'>样式</span> [引号](<https://www.gov.cn/" style="position:fixed>) <link rel="stylesheet" href="https://evil.example/z.css"> @import url(https://evil.example/w.css);\n\n',
      );
    const out = html(text);
    const head = out.slice(0, out.indexOf('</head>'));
    const body = out.slice(out.indexOf('<body>'));
    // One style element, ours, in the head; no style attribute or element anywhere in the body.
    assert.equal(out.match(/<style/g)?.length, 1);
    const els = elements(out);
    assert.deepEqual(els.filter((e) => e.tag === 'style').map((e) => e.parent), ['head']);
    assert.deepEqual(els.filter((e) => e.attrs.includes('style') || /^(link|script|img|iframe|object|embed|base|meta)$/.test(e.tag) && e.parent !== 'head'), []);
    assert.deepEqual([...new Set(els.filter((e) => e.parent !== 'head').map((e) => e.tag))].sort(), ['a', 'article', 'body', 'col', 'colgroup', 'div', 'h1', 'h2', 'head', 'html', 'p', 'table', 'tbody', 'td', 'th', 'thead', 'tr']);
    // The link keeps its text; its quote cannot close the href and open a style attribute.
    assert.match(body, /<a href="https:\/\/www\.gov\.cn\/&quot; style=&quot;position:fixed" rel="noopener noreferrer">引号<\/a>/);
    assert.match(body, /&lt;div style=&quot;position:fixed;inset:0;z-index:9999;background:#fff&quot;&gt;假通知/);
    assert.match(body, /&lt;\/style&gt;&lt;style&gt;body\{position:fixed/);
    // The CSP's hash is the hash of exactly the style block written: anything else is refused.
    const css = head.slice(head.indexOf('<style>') + 7, head.indexOf('</style>'));
    const csp = /style-src 'sha256-([^']+)'/.exec(head)![1];
    assert.equal(csp, createHash('sha256').update(css, 'utf8').digest('base64'));
    assert.doesNotMatch(css, /url\(|@import|evil/);
    assert.doesNotMatch(head, /unsafe-inline|unsafe-eval|script-src/);
    assert.match(head, /<title>&lt;\/title&gt;&lt;style&gt;/);
  });

  test('column widths are data, sized by our style block, never a style attribute', () => {
    const out = html(baseReport(2022));
    const ws = [...out.matchAll(/<col data-w="([^"]+)">/g)].map((m) => m[1]);
    assert.ok(ws.length > 20, 'the tables have sized columns');
    for (const w of new Set(ws)) {
      assert.match(w, /^\d{1,3}\.\d{2}$/);
      assert.ok(out.includes(`col[data-w="${w}"] { width: ${w}%; }`), `a rule for ${w}`);
    }
    assert.doesNotMatch(renderBody(layoutReport(analyzeText(baseReport(2022)).report)), /\sstyle=/);
  });

  test('a table cell or heading with markup is escaped too', () => {
    const text = evil.replace('| 行政处罚 | 35 |', '| 行政处罚 | <img src=x onerror=alert(5)> |').replace('## 六、其他需要报告的事项', '## 六、其他需要报告的事项<script>x</script>');
    const body = html(text).split('<body>')[1];
    assert.doesNotMatch(body, /<img|<script/);
  });

  test('a paragraph of 20,000 "](" (micromark would take seconds) is shown exactly as written, and links elsewhere still work', () => {
    const junk = ']('.repeat(20000);
    const text = evil.replace('## 六、其他需要报告的事项\n', `## 六、其他需要报告的事项\n\n${junk}\n\n`);
    const body = html(text).split('<body>')[1];
    assert.ok(body.includes(`<p class="body">${junk}</p>`), 'the paragraph, text for text');
    assert.match(body, /<a href="https:\/\/www\.gov\.cn\/" rel="noopener noreferrer">官网<\/a>/);
  });

  test('odd input never throws: empty, binary junk, half a table', () => {
    for (const t of ['', '\u0000\u0001\uffff', '| a |\n|---|\n| 1 |', '# 标题\n\n## 三、收到和处理政府信息公开申请情况\n\n| 申请人情况 | 自然人 |\n|---|\n| 一、本年新收政府信息公开申请数量 |']) {
      assert.equal(typeof html(t), 'string');
    }
  });
});
