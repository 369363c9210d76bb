/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The exports as a reader meets them, through the CLI (`xxgk-report export`):
 *  - the HTML opened in headless Chromium (Debian `chromium`): screenshot, and the 三/四 tables'
 *    rowspan/colspan read from the DOM;
 *  - the PDF printed by that browser read back with `pdftotext` (every number of the tables,
 *    the headings in order, CJK intact) and page 1 rendered with `pdftoppm`.
 * Screenshots and renders go to test-output/export/.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { analyzeText } from '../../server/src/core/index.js';
import { layoutReport, tableNumbers } from '../../server/src/render/layout.js';
import { SECTIONS } from '../../server/src/core/standard.js';
import { PRINT_CSS, SCREEN_CSS, renderBody } from '../../server/src/render/html.js';
import { renderPdf } from '../../server/src/render/pdf.js';
import { baseReport, bigFiguresReport } from '../unit/base-report.js';
import { launchChromium, repoRoot } from '../vscode/code-server.js';
import { fixturesDir } from '../unit/helpers.js';

const outDir = join(repoRoot, 'test-output', 'export');
const bin = join(repoRoot, 'bin', 'xxgk-report.js');
const cases = [
  { name: 'clean-2021', file: join(fixturesDir, 'clean', 'clean-2021.report.md') },
  { name: 'clean-2019', file: join(fixturesDir, 'clean', 'clean-2019.report.md') },
  { name: 'seed-004', file: join(fixturesDir, 'seeds', '004.report.md') },
];

/** A report whose prose, cells and title try every way to get markup and CSS into the page. */
const HOSTILE = baseReport(2022)
  .replace(/^# .*$/m, '# </title><style>*{display:none}</style>某市科学技术局2022年政府信息公开工作年度报告')
  .replace('| 行政处罚 | 35 |', '| 行政处罚 | </style><style>body{position:fixed;inset:0;background:url(https://evil.example/x)}</style> |')
  .replace(
    '## 六、其他需要报告的事项\n',
    '## 六、其他需要报告的事项\n\n<div style="position:fixed;inset:0;z-index:9999;background:#fff">假通知</div>\n\n<span style=\'background:url(//evil.example/y)\'>样式</span> <link rel="stylesheet" href="https://evil.example/z.css"> <img src="https://evil.example/i.png" onerror="alert(1)"> [链接](javascript:alert(2)) ![图](https://evil.example/j.png)\n\n<style>@import url(https://evil.example/w.css); h1{display:none}</style>\n\n',
  );

/** The column widths (shares of the table) the layout gives 表三 of `text`: what our styles must make of it. */
function t3Shares(text: string): number[] {
  const grid = layoutReport(analyzeText(text).report).blocks.find((b) => b.kind === 'grid' && b.table === 't3');
  assert.ok(grid && grid.kind === 'grid');
  return grid.widths.map((w) => w / 100);
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120000 });
}

describe('export from the CLI', () => {
  let browser: Browser;
  let tmp: string;
  before(async () => {
    mkdirSync(outDir, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'xxgk-export-'));
    browser = await launchChromium(tmp);
  });
  after(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const c of cases) {
    test(`${c.name}: HTML in a real browser has the official table geometry`, async () => {
      const out = join(outDir, `${c.name}.html`);
      rmSync(out, { force: true });
      const r = cli(['export', '--format', 'html', c.file, '-o', out]);
      assert.equal(r.status, 0, r.stderr);
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(pathToFileURL(out).href);
      const geo = await page.evaluate(() => {
        const t3 = document.querySelector('table.t3') as HTMLTableElement;
        const t4 = document.querySelector('table.t4') as HTMLTableElement;
        const find = (t: HTMLTableElement, text: string) => [...t.querySelectorAll('th,td')].find((x) => x.textContent === text) as HTMLTableCellElement | undefined;
        const span = (c?: HTMLTableCellElement) => (c ? [c.colSpan, c.rowSpan] : null);
        return {
          edition: t3.dataset.edition,
          note: span(t3.rows[0].cells[0] as HTMLTableCellElement),
          applicants: span(find(t3, '申请人情况')),
          legal: span(find(t3, '法人或其他组织')),
          result: span(find(t3, '三、本年度办理结果')),
          refuse: span(find(t3, '（三）不予公开')),
          other: span(find(t3, '（六）其他处理')),
          total: span(find(t3, '（七）总计')),
          t4review: span(find(t4, '行政复议')),
          t4suit: span(find(t4, '行政诉讼')),
          t4cells: t4.rows[t4.rows.length - 1].cells.length,
          // The rendered table is a rectangle: every row covers the same number of grid columns.
          t3width: t3.rows[3].cells.length + 0,
          t3rowBoxes: [...t3.rows].map((row) => row.getBoundingClientRect().width),
          scripts: document.querySelectorAll('script, iframe, img, object, embed').length,
        };
      });
      const shot = join(outDir, `${c.name}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      const t3shot = join(outDir, `${c.name}-table3.png`);
      await page.locator('table.t3').screenshot({ path: t3shot });
      // At the width it is printed (156 mm of A4, 442 pt), no label of 表三 runs over its cell: 三、 and （三）, which
      // cannot be broken, fit their narrow columns.
      const overflowing = await page.evaluate(() => {
        const t3 = document.querySelector('table.t3') as HTMLTableElement;
        t3.style.width = '442pt';
        return [...t3.querySelectorAll('td')].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent);
      });
      assert.deepEqual(overflowing, [], 'no cell of 表三 runs over its border');
      await page.close();
      const rows2021 = geo.edition === '2021';
      assert.deepEqual(geo.note, [3, 3]);
      assert.deepEqual(geo.applicants, [7, 1]);
      assert.deepEqual(geo.legal, [5, 1]);
      assert.deepEqual(geo.result, [1, rows2021 ? 22 : 20]);
      assert.deepEqual(geo.refuse, [1, 8]);
      assert.deepEqual(geo.other, rows2021 ? [1, 3] : [2, 1]);
      assert.deepEqual(geo.total, [2, 1]);
      assert.deepEqual(geo.t4review, [5, 1]);
      assert.deepEqual(geo.t4suit, [10, 1]);
      assert.equal(geo.t4cells, 15);
      assert.equal(new Set(geo.t3rowBoxes.map((w) => Math.round(w))).size, 1, 'all rows of 表三 are as wide as the table');
      assert.equal(geo.scripts, 0);
      assert.deepEqual(dialogs, []);
      assert.ok(statSync(shot).size > 10000);
    });
  }

  test('PDF: every number of the tables and the headings in order, CJK intact; page 1 as PNG', () => {
    const c = cases[0];
    const out = join(outDir, `${c.name}.pdf`);
    rmSync(out, { force: true });
    const r = cli(['export', '--format', 'pdf', c.file, '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(out).subarray(0, 5).toString(), '%PDF-');
    const txt = spawnSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' });
    assert.equal(txt.status, 0, 'pdftotext (Debian poppler-utils) reads the PDF');
    const text = txt.stdout;
    const flat = text.replace(/\s+/g, '');
    // Headings in order, CJK intact.
    const layout = layoutReport(analyzeText(readFileSync(c.file, 'utf8')).report);
    let at = -1;
    for (const h of [layout.title, ...SECTIONS.map((s) => s.heading)]) {
      const i = flat.indexOf(h.replace(/\s+/g, ''), at + 1);
      assert.ok(i > at, `heading "${h}" appears after the previous one`);
      at = i;
    }
    // Header cells wide enough not to wrap come out whole (narrow merged labels wrap per character).
    for (const h of ['申请人情况', '法人或其他组织', '未经复议直接起诉', '第二十条第（一）项']) assert.ok(flat.includes(h), h);
    // Every number of the tables: each token at least as often in the PDF as in the tables.
    const tokens = text.split(/[^0-9.]+/).filter(Boolean);
    const have = new Map<string, number>();
    for (const t of tokens) have.set(t, (have.get(t) ?? 0) + 1);
    const need = new Map<string, number>();
    for (const n of tableNumbers(layout)) need.set(n, (need.get(n) ?? 0) + 1);
    for (const [n, k] of need) assert.ok((have.get(n) ?? 0) >= k, `${n} appears ${k} times in the tables, ${have.get(n) ?? 0} in the PDF`);
    const png = join(outDir, `${c.name}-page1`);
    const pp = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', out, png]);
    assert.equal(pp.status, 0);
    assert.ok(existsSync(`${png}.png`));
  });

  test('five- and six-digit figures in every column: 表三\'s header repeats on every page it spans, rows stay whole, no figure wraps (PDF and HTML)', async () => {
    const src = join(tmp, 'big.report.md');
    writeFileSync(src, bigFiguresReport());
    const layout = layoutReport(analyzeText(readFileSync(src, 'utf8')).report);
    const figures = tableNumbers(layout);
    assert.ok(figures.some((n) => n.length >= 6) && figures.includes('13364'));
    // HTML in Chromium: every figure on one line inside its cell.
    const html = join(outDir, 'big-figures.html');
    rmSync(html, { force: true });
    assert.equal(cli(['export', '--format', 'html', src, '-o', html]).status, 0);
    const page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
    await page.goto(pathToFileURL(html).href);
    await page.emulateMedia({ media: 'print' });
    const bad = await page.evaluate(() =>
      [...document.querySelectorAll('table.form td.number')].flatMap((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        return td.textContent && (lines > 1 || td.scrollWidth > td.clientWidth) ? [`${td.textContent} (${lines} lines, ${td.scrollWidth}/${td.clientWidth} px)`] : [];
      }),
    );
    await page.close();
    assert.deepEqual(bad, [], 'figures that wrap or overflow their cell');
    // PDF: pages split at form feeds; every page that shows a row of 表三 shows its header too.
    const pdf = join(outDir, 'big-figures.pdf');
    rmSync(pdf, { force: true });
    const r = cli(['export', '--format', 'pdf', src, '-o', pdf]);
    assert.equal(r.status, 0, r.stderr);
    const txt = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    const pages = txt.stdout.split('\f');
    const t3Rows = ['本年新收政府信息公开申请', '上年结转政府信息公开申请', '予以公开', '属于国家秘密', '本机关不掌握相关政府信息', '信访举报投诉类申请', '（七）总计', '结转下年度继续办理'];
    const withT3 = pages.map((p, i) => ({ p, i })).filter(({ p }) => t3Rows.some((l) => p.includes(l)));
    assert.ok(withT3.length >= 2, `表三 spans ${withT3.length} page(s); this test needs it to span several`);
    for (const { p, i } of withT3) {
      assert.match(p, /申请人情况/, `page ${i + 1} repeats the header (申请人情况)`);
      for (const head of ['法人或其他组织', '自然人', '总计']) assert.ok(p.includes(head), `page ${i + 1} repeats the column head ${head}`);
    }
    // Every figure comes out whole: as a token of its own, as often as in the tables.
    const tokens = txt.stdout.split(/[^0-9.]+/).filter(Boolean);
    const count = (list: string[]) => list.reduce((m, t) => m.set(t, (m.get(t) ?? 0) + 1), new Map<string, number>());
    const have = count(tokens);
    for (const [n, k] of count(figures)) assert.ok((have.get(n) ?? 0) >= k, `${n}: ${k} in the tables, ${have.get(n) ?? 0} whole in the PDF`);
    // Each row of 表三 on one page: its label and its figures on the same line.
    for (const { p } of withT3) for (const line of p.split('\n').filter((l) => /（七）总计/.test(l))) assert.match(line, /\d{6,}\s*$/, `（七）总计 and its figures on one line: ${line}`);
    for (const [i] of withT3.entries()) {
      const png = join(outDir, `big-figures-table3-page${i + 1}`);
      assert.equal(spawnSync('pdftoppm', ['-png', '-r', '70', '-f', String(withT3[i].i + 1), '-l', String(withT3[i].i + 1), '-singlefile', pdf, png]).status, 0);
    }
  });

  test('a hostile report in a real browser: our styles apply, its CSS does not, nothing is fetched', async () => {
    const src = join(tmp, 'hostile.report.md');
    writeFileSync(src, HOSTILE);
    const out = join(outDir, 'hostile.html');
    rmSync(out, { force: true });
    const r = cli(['export', '--format', 'html', src, '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.request().url() === pathToFileURL(out).href ? route.continue() : route.abort();
    });
    await page.addInitScript(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(pathToFileURL(out).href);
    const seen = await page.evaluate(() => {
      const h1 = document.querySelector('h1')!;
      const t3 = document.querySelector('table.t3') as HTMLTableElement;
      const col = t3.querySelector('col') as HTMLElement;
      const hit = document.elementFromPoint(450, 300);
      return {
        violations: (window as unknown as { violations: string[] }).violations,
        sheets: document.styleSheets.length,
        styled: document.querySelectorAll('[style]').length,
        fixed: [...document.querySelectorAll('body *')].filter((e) => getComputedStyle(e).position === 'fixed').length,
        bodyDisplay: getComputedStyle(document.body).display,
        titleAlign: getComputedStyle(h1).textAlign,
        firstColShare: col.getBoundingClientRect().width / t3.getBoundingClientRect().width,
        hitInReport: !!hit?.closest('article.report'),
        text: document.body.innerText,
      };
    });
    await page.screenshot({ path: join(outDir, 'hostile.png'), fullPage: true });
    await page.close();
    assert.deepEqual(seen.violations, [], 'our own style block passes the hash CSP; nothing else was tried');
    assert.equal(seen.sheets, 1);
    assert.equal(seen.styled, 0);
    assert.equal(seen.fixed, 0, 'no element escapes the page flow');
    assert.equal(seen.bodyDisplay, 'block');
    assert.equal(seen.titleAlign, 'center', 'the official styling applies');
    const want = t3Shares(HOSTILE);
    assert.ok(Math.abs(seen.firstColShare - want[0]) < 0.01, `表三's first column is ${(want[0] * 100).toFixed(1)}% wide (${seen.firstColShare})`);
    assert.ok(seen.hitInReport, 'the middle of the page is the report, not an overlay');
    assert.match(seen.text, /<div style="position:fixed;inset:0;z-index:9999;background:#fff">假通知<\/div>/);
    assert.match(seen.text, /<\/style><style>body\{position:fixed/);
    assert.deepEqual(requests, [pathToFileURL(out).href], 'the page fetched nothing but itself');
  });

  /**
   * The preview's shell as client/src/preview.ts writes it (nonce-only CSP, our styles, media/preview.js, the toolbar
   * when asked), in a new folder beside media/preview.js: returns the folder (its shell.html).
   */
  function previewShell(prefix: string, opts: { toolbar?: boolean; imgSrc?: string } = {}): string {
    const dir = mkdtempSync(join(tmp, prefix));
    const n = 'testnonce0123456789';
    writeFileSync(join(dir, 'preview.js'), readFileSync(join(repoRoot, 'media', 'preview.js')));
    const toolbar = opts.toolbar ? '<div class="xxgk-toolbar" role="toolbar"><button data-export="html">HTML</button><button data-export="pdf">PDF</button><button data-export="docx">Word</button></div>\n' : '';
    writeFileSync(join(dir, 'shell.html'), `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}';${opts.imgSrc ? ` img-src ${opts.imgSrc};` : ''}">
<style nonce="${n}">${PRINT_CSS}\n${SCREEN_CSS}</style></head><body>${toolbar}<div id="content"></div><script nonce="${n}" src="preview.js"></script></body></html>`);
    return dir;
  }

  test('the preview script, under the preview CSP: columns sized through the CSSOM, report styles inert', async () => {
    const dir = previewShell('preview-', { imgSrc: 'data:' });
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    const requests: string[] = [];
    page.on('request', (q) => requests.push(q.url()));
    await page.addInitScript(() => {
      const w = window as unknown as { posted: unknown[]; violations: string[]; acquireVsCodeApi: () => unknown };
      w.posted = [];
      w.violations = [];
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.posted.push(m), getState: () => undefined, setState: () => undefined });
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.sample}`));
    });
    await page.goto(pathToFileURL(join(dir, 'shell.html')).href);
    const analysis = analyzeText(HOSTILE);
    const body = renderBody(layoutReport(analysis.report, analysis.findings), { lines: analysis.report.lines, findings: analysis.findings });
    await page.evaluate((html) => window.postMessage({ type: 'update', uri: 'file:///x.report.md', version: 1, title: 't', html }, '*'), body);
    await page.waitForFunction(() => document.body.dataset.version === '1');
    const seen = await page.evaluate(() => {
      const t3 = document.querySelector('table.t3') as HTMLTableElement;
      const cols = [...t3.querySelectorAll('col')].map((c) => c.getBoundingClientRect().width / t3.getBoundingClientRect().width);
      return {
        posted: (window as unknown as { posted: { type: string }[] }).posted.map((m) => m.type),
        violations: (window as unknown as { violations: string[] }).violations,
        cols,
        fixed: [...document.querySelectorAll('body *')].filter((e) => getComputedStyle(e).position === 'fixed').length,
        elements: document.querySelectorAll('#content script, #content style, #content link, #content img, #content iframe, #content [style]:not(col)').length,
      };
    });
    await page.close();
    assert.deepEqual(seen.posted, ['ready']);
    assert.deepEqual(seen.violations, []);
    const want = t3Shares(HOSTILE);
    assert.ok([0, 1, 2].every((i) => Math.abs(seen.cols[i] - want[i]) < 0.01), `表三's label columns are ${want.slice(0, 3).map((w) => w.toFixed(3))} of it: ${seen.cols.map((c) => c.toFixed(3))}`);
    assert.equal(seen.fixed, 0);
    assert.equal(seen.elements, 0);
    assert.ok(requests.every((u) => u.startsWith('file:')), `only the shell and its script were loaded: ${requests}`);
  });

  test('the preview: its toolbar never covers the report, and 表三\'s header stays in view while its rows are scrolled to', async () => {
    const dir = previewShell('preview-toolbar-', { toolbar: true });
    const page = await browser.newPage({ viewport: { width: 820, height: 700 } });
    await page.addInitScript(() => {
      (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({ postMessage: () => undefined, getState: () => undefined, setState: () => undefined });
    });
    await page.goto(pathToFileURL(join(dir, 'shell.html')).href);
    const text = baseReport(2022);
    const analysis = analyzeText(text);
    const body = renderBody(layoutReport(analysis.report, analysis.findings), { lines: analysis.report.lines, findings: analysis.findings });
    await page.evaluate((html) => window.postMessage({ type: 'update', uri: 'file:///x.report.md', version: 1, title: 't', html }, '*'), body);
    await page.waitForFunction(() => document.body.dataset.version === '1');
    // The editor scrolled to a row in the middle of 表三 (its first visible line): the preview follows.
    const line = text.split('\n').findIndex((l) => l.startsWith('| 6.属于四类过程性信息 |'));
    await page.evaluate((l) => window.postMessage({ type: 'scroll', line: l }, '*'), line);
    await page.waitForTimeout(300);
    const seen = await page.evaluate(() => {
      const bar = document.querySelector('.xxgk-toolbar')!.getBoundingClientRect();
      const content = document.getElementById('content')!;
      const head = document.querySelector('table.t3 thead')!.getBoundingClientRect();
      const row = [...document.querySelectorAll('table.t3 td.label')].find((td) => td.textContent === '6.属于四类过程性信息')!.getBoundingClientRect();
      const at = document.elementFromPoint(head.left + head.width / 2, head.top + 4);
      return { barBottom: bar.bottom, contentTop: content.getBoundingClientRect().top, scrolled: content.scrollTop + (document.scrollingElement?.scrollTop ?? 0), headTop: head.top, headBottom: head.bottom, rowTop: row.top, atHeader: !!at?.closest('table.t3 thead') };
    });
    await page.close();
    assert.ok(seen.scrolled > 0, 'the preview scrolled');
    assert.ok(seen.contentTop >= seen.barBottom - 0.5, `the report starts below the toolbar (${seen.contentTop} ≥ ${seen.barBottom})`);
    assert.ok(seen.headTop >= seen.barBottom - 0.5 && seen.atHeader, `表三's header is in view below the toolbar: ${JSON.stringify(seen)}`);
    assert.ok(seen.rowTop >= seen.headBottom - 0.5, `the row scrolled to is below the header: ${JSON.stringify(seen)}`);
  });

  test('the PDF printer is a wall of its own: a page with no CSP fetches nothing (not even from this machine) and runs no script', async () => {
    // A server on this machine that counts what reaches it; the page asks it for an image, a style sheet, a frame,
    // a font and a script, and has a script of its own that would rewrite the text.
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const at = `http://127.0.0.1:${port}`;
    const file = join(tmp, 'local.css');
    writeFileSync(file, 'body{color:red}');
    try {
      const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${at}/style.css"><link rel="stylesheet" href="${pathToFileURL(file).href}">
<style>@font-face{font-family:x;src:url(${at}/font.woff)} p{font-family:x}</style></head>
<body><p id="t">原文未改</p><img src="${at}/image.png"><iframe src="${at}/frame.html"></iframe><script src="${at}/script.js"></script>
<script>document.getElementById('t').textContent = '脚本改写了正文';</script></body></html>`;
      // The browser's own walls down (same-origin policy, private network access), so that only the printer's stand.
      const browser = join(tmp, 'chromium-unwalled');
      writeFileSync(browser, `#!/bin/sh\nexec ${process.env.XXGK_BROWSER || '/usr/bin/chromium'} --disable-web-security --allow-file-access-from-files --disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks "$@"\n`, { mode: 0o755 });
      const pdf = await renderPdf(html, { browserPath: browser });
      const path = join(tmp, 'wall.pdf');
      writeFileSync(path, pdf);
      const text = spawnSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).stdout;
      assert.match(text, /原文未改/, 'the page was printed');
      assert.doesNotMatch(text, /脚本改写了正文/, 'its script did not run');
      assert.deepEqual(hits, [], 'nothing reached the server');
    } finally {
      server.close();
    }
  });

  test('export never writes over the source, and replaces a file only with --force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-export-safe-'));
    try {
      const src = join(dir, 'a.report.md');
      const text = readFileSync(cases[0].file, 'utf8');
      writeFileSync(src, text);
      const self = cli(['export', '--format', 'html', src, '-o', src]);
      assert.equal(self.status, 2);
      assert.match(self.stderr, /a\.report\.md：就是报告本身（同一个文件）；xxgk-report 从不覆盖源文件/); // Chinese by default
      assert.match(cli(['export', '--format', 'html', src, '-o', src, '--locale', 'en']).stderr, /never writes over its source/);
      assert.equal(readFileSync(src, 'utf8'), text);
      const out = join(dir, 'a.html');
      writeFileSync(out, 'keep me');
      const refused = cli(['export', src, '-o', out]);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /a\.html：已存在；加 --force 才会替换/);
      assert.equal(readFileSync(out, 'utf8'), 'keep me');
      const forced = cli(['export', src, '-o', out, '--force']);
      assert.equal(forced.status, 0, forced.stderr);
      assert.match(readFileSync(out, 'utf8'), /^<!DOCTYPE html>/);
      const noBrowser = spawnSync(process.execPath, [bin, 'export', '--format', 'pdf', src, '-o', join(dir, 'a.pdf'), '--browser', join(dir, 'no-such-browser')], { encoding: 'utf8' });
      assert.equal(noBrowser.status, 2);
      assert.match(noBrowser.stderr, /No Chrome, Edge or Chromium was found.*xxgk\.export\.browserPath/s);
      assert.ok(!existsSync(join(dir, 'a.pdf')));
      const bad = cli(['export', '--format', 'odt', src, '-o', join(dir, 'a.odt')]);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--format must be html, pdf or docx/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
