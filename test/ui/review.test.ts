/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The review's HTML summary as a reviewer meets it, in the installed Chromium: no script error and no CSP violation
 * (its own style and script pass by hash), the table sorts by a column and filters by text, by publication and by
 * errors; screenshots of the summary saved under test-output/review/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { BAD_FILES, FOLDER, launchPrinter, render } from '../unit/review-corpus.js';
import { repoRoot } from '../unit/helpers.js';

const outDir = join(repoRoot, 'test-output', 'review');
const bin = join(repoRoot, 'bin', 'xxgk-report.js');

let browser: Browser;
let dir = '';
let html = '';

before(async () => {
  browser = await launchPrinter();
  dir = mkdtempSync(join(tmpdir(), 'xxgk-review-ui-'));
  for (const p of FOLDER) {
    mkdirSync(dirname(join(dir, 'published', p.file)), { recursive: true });
    writeFileSync(join(dir, 'published', p.file), await render(p, browser));
  }
  for (const b of BAD_FILES) {
    mkdirSync(dirname(join(dir, 'published', b.file)), { recursive: true });
    writeFileSync(join(dir, 'published', b.file), b.data);
  }
  html = join(dir, 'summary.html');
  const r = spawnSync(process.execPath, [bin, 'review', join(dir, 'published'), '-o', html], { encoding: 'utf8', timeout: 300000 });
  assert.equal(r.status, 0, r.stderr);
  mkdirSync(outDir, { recursive: true });
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  const url = pathToFileURL(html).href;
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : (problems.push(`request: ${route.request().url()}`), route.abort())));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  return { page, problems };
}

const visibleRows = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLTableRowElement>('#report-table tbody tr')].filter((r) => !r.hidden).map((r) => [...r.cells].map((c) => c.textContent?.trim() ?? '')));

test('the summary in Chromium: no script error, no CSP violation, nothing fetched; screenshots', async () => {
  const { page, problems } = await open();
  try {
    const facts = await page.evaluate(() => ({
      sheets: document.styleSheets.length,
      fontSize: getComputedStyle(document.body).fontSize,
      rows: document.querySelectorAll('#report-table tbody tr').length,
      shown: document.getElementById('shown-count')?.textContent,
      bars: document.querySelectorAll('#chart-rules g.bar').length,
      barFill: getComputedStyle(document.querySelector('#chart-rules rect')!).fill,
    }));
    assert.equal(facts.sheets, 1);
    assert.equal(facts.fontSize, '14px', 'the page\'s own style applies under its CSP');
    assert.equal(facts.rows, FOLDER.length + BAD_FILES.length);
    assert.equal(facts.shown, String(facts.rows), 'the script ran and counted the rows');
    assert.ok(facts.bars > 0);
    assert.notEqual(facts.barFill, 'rgb(0, 0, 0)', 'the bars are coloured by severity');
    await page.screenshot({ path: join(outDir, 'summary.png') });
    await page.locator('#charts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outDir, 'charts.png') });
    await page.screenshot({ path: join(outDir, 'summary-full.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the table sorts by a column, both ways, and filters by text, by publication and by errors', async () => {
  const { page, problems } = await open();
  try {
    const yearOf = (rows: string[][]) => rows.map((r) => r[1]).filter(Boolean).map(Number);
    await page.locator('#report-table thead th', { hasText: '年度' }).locator('button').click();
    const up = yearOf(await visibleRows(page));
    assert.deepEqual(up, [...up].sort((a, b) => a - b));
    assert.equal(await page.locator('#report-table thead th', { hasText: '年度' }).getAttribute('aria-sort'), 'ascending');
    await page.locator('#report-table thead th', { hasText: '年度' }).locator('button').click();
    const down = yearOf(await visibleRows(page));
    assert.deepEqual(down, [...up].sort((a, b) => b - a));
    assert.notDeepEqual(down, up);
    // Days after the deadline, descending: the late report first.
    const days = page.locator('#report-table thead th', { hasText: '距截止日期' }).locator('button');
    await days.click();
    await days.click();
    assert.equal((await visibleRows(page))[0][10], FOLDER[2].file);

    await page.fill('#filter', '统计局');
    let rows = await visibleRows(page);
    assert.deepEqual(rows.map((r) => r[0]).sort(), ['江城市统计局', '江城市统计局']);
    assert.equal(await page.locator('#shown-count').innerText(), '2');
    await page.fill('#filter', '统计局 2023');
    assert.deepEqual((await visibleRows(page)).map((r) => r[10]), [FOLDER[7].file]);
    await page.fill('#filter', '');
    await page.selectOption('#filter-time', 'late');
    assert.deepEqual((await visibleRows(page)).map((r) => r[10]), [FOLDER[2].file]);
    await page.selectOption('#filter-time', 'unreadable');
    assert.deepEqual((await visibleRows(page)).map((r) => r[10]).sort(), BAD_FILES.map((b) => b.file).sort());
    await page.selectOption('#filter-time', '');
    await page.check('#filter-errors');
    rows = await visibleRows(page);
    assert.ok(rows.length >= 1);
    assert.ok(rows.every((r) => Number(r[7]) > 0), JSON.stringify(rows));
    await page.uncheck('#filter-errors');
    assert.equal((await visibleRows(page)).length, FOLDER.length + BAD_FILES.length);
    // A rule id in the table goes to that rule's entry.
    await page.locator('#report-table a[href="#rule-a04"]').first().click();
    assert.equal(await page.evaluate(() => location.hash), '#rule-a04');
    await page.fill('#filter', '统计局');
    await page.screenshot({ path: join(outDir, 'filtered.png') });
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
