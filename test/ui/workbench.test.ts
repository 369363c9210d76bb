/**
 * UI level, as a user meets the packaged extension: the .vsix is built (as for the Marketplace: no
 * --allow-missing-repository, and only what runs), installed into code-server (VS Code 1.100.3) and driven in
 * headless Chromium:
 *  1. a report with a broken total: the squiggle, the Problems entry, the hover, the preview, check all reports;
 *  2. a first-time clerk from an empty folder: the walkthrough, 新建年度报告, a row typed with completions, a
 *     squiggle and its quick fix, the preview (restored after a reload), and a PDF whose 表三 header repeats on
 *     each page, read back with pdftotext.
 * Screenshots go to test-output/ui/; with XXGK_UPDATE_SCREENSHOTS=1 those the README shows are copied to docs/images/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { installExtension, launchChromium, repoRoot, startCodeServer, workbenchUrl, type CodeServer } from '../vscode/code-server.js';
import { BROKEN_T4, writeWorkspace } from '../vscode/workspace.js';

const outDir = join(repoRoot, 'test-output', 'ui');

async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, name);
  await page.screenshot({ path });
  return path;
}

test('the packaged extension in the workbench: squiggle on the broken total, entry in Problems, screenshot', { timeout: 300000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'xxgk-ui-'));
  rmSync(outDir, { recursive: true, force: true }); // no screenshot of an earlier run left to mislead
  try {
    // 1. Package the extension as a user receives it.
    const vsix = join(root, 'xxgk-report.vsix');
    const pkg = spawnSync(process.execPath, [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', vsix], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120000,
    });
    assert.equal(pkg.status, 0, `vsce package failed:\n${pkg.stdout}\n${pkg.stderr}`);
    assert.doesNotMatch(`${pkg.stdout}${pkg.stderr}`, /WARNING/, 'vsce has nothing to warn about (repository, licence, icon, README images)');
    const size = statSync(vsix).size;
    // `npm run package` (minified bundles) made 2.12 MB with playwright-core's 7.6 MB package in it, 1.62 MB with it
    // bundled into one file, 0.65 MB since PDF printing speaks to the browser itself; this build's bundles are not
    // minified (source maps stay out), 0.85 MB; then PDF import (pdf.js, 3 MB unpacked), the review's workbook writer
    // (exceljs) and the one bundle of the command line and the server (issue 16) made it 4.0 MB unminified (its V8
    // code caches stay out: VS Code's runtime rejects them). The bound leaves room for what the extension will carry,
    // not for a library come back (playwright-core alone was 7.6 MB).
    assert.ok(size > 10000 && size < 5 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB`);
    const listing = spawnSync('unzip', ['-l', vsix], { encoding: 'utf8' }).stdout;
    assert.doesNotMatch(listing, /playwright/, 'no browser automation library: PDF printing drives the browser over its DevTools pipe');
    assert.doesNotMatch(listing, /extension\/(media\/icon\.svg|docs\/images\/|scripts\/|test\/|server\/src\/|client\/src\/)|\.map\b/, 'no sources, tests, source maps or README pictures');
    for (const f of ['extension/docs/rules/A04.md', 'extension/docs/walkthrough/start.md', 'extension/docs/guide.md', 'extension/media/icon.png', 'extension/changelog.md']) assert.match(listing, new RegExp(f.replace(/[.]/g, '\\.')), f);
    console.log(`xxgk-report.vsix: ${(size / 1024 / 1024).toFixed(2)} MB, ${listing.trim().split('\n').pop()?.trim()}`);

    // 2. Install it into code-server's extensions folder.
    const extensionsDir = join(root, 'extensions');
    const installed = installExtension(vsix, extensionsDir, root);
    assert.match(installed, /xxgk-report\.xxgk-report.*was successfully installed|successfully installed/i);
    assert.ok(readdirSync(extensionsDir).some((d) => d.startsWith('xxgk-report.xxgk-report-')), 'the extension folder exists');

    // 3. Open the workbench on a folder holding a report with a broken total.
    const workspace = join(root, 'workspace');
    writeWorkspace(workspace);
    const server = await startCodeServer({ root, extensionsDir, echo: !!process.env.XXGK_DEBUG });
    const browser = await launchChromium(root);
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      try {
        await page.goto(workbenchUrl(server, workspace));
        await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 60000 });
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken.report.md' }).click();
        await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });

        // 4. Go to the 行政复议 row (Ctrl+G) and wait for the squiggle under its total.
        const line = BROKEN_T4.split('\n').findIndex((l) => l.includes('| 行政复议 | 3 | 1 | 0 | 2 | 7 |')) + 1;
        await page.locator('.monaco-editor textarea').first().focus();
        await page.keyboard.press('Control+G');
        await page.keyboard.type(String(line));
        await page.keyboard.press('Enter');
        const squiggle = page.locator('.monaco-editor .squiggly-error');
        await squiggle.first().waitFor({ timeout: 60000 });
        assert.ok((await squiggle.count()) >= 1);

        // 5. The Problems panel lists it with its code and message.
        await page.keyboard.press('Control+Shift+M');
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'A04' });
        await row.first().waitFor({ timeout: 30000 });
        const problems = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).join('\n');
        assert.match(problems, /A04/);
        assert.match(problems, /T03/);
        assert.match(problems, /xxgk/);
        const squigglePng = await shot(page, 'broken-total.png');

        // 6. Hover the squiggle: the message and the sum term by term.
        // The squiggle lies under the text layer: move the mouse over its middle, as a user does. Lines
        // can still shift while code lenses arrive, so a user who sees no hover moves again: so does the test.
        const hover = page.locator('.monaco-hover-content', { hasText: '6' });
        for (let attempt = 0; attempt < 6 && !(await hover.first().isVisible()); attempt++) {
          // While the lines are drawn again the squiggle is briefly off screen: look again.
          const box = await squiggle.first().boundingBox();
          if (!box) {
            await squiggle.first().waitFor({ timeout: 10000 });
            continue;
          }
          await page.mouse.move(box.x + box.width / 2, box.y - 30, { steps: 4 });
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 4, { steps: 8 });
          await hover.first().waitFor({ timeout: 5000 }).catch(() => undefined);
        }
        await hover.first().waitFor({ timeout: 5000 });
        await page.waitForTimeout(400); // the hover has faded in
        const hoverPng = await shot(page, 'broken-total-hover.png');

        // 7. The preview beside the editor (editor title button), in the official layout, with the cell marked.
        await page.keyboard.press('Escape');
        await page.locator('.editor-actions [aria-label*="Open preview (official layout)"]').first().click();
        const frame = await previewFrame(page);
        assert.equal(await frame.locator('h1.doc-title').innerText(), '某市科学技术局2022年政府信息公开工作年度报告');
        assert.equal(await frame.locator('table.t3 td.label[rowspan="22"]').innerText(), '三、本年度办理结果');
        const marked = frame.locator('table.t4 td.xxgk-error');
        assert.equal(await marked.count(), 1);
        assert.match((await marked.getAttribute('title')) ?? '', /^A04 /);
        await marked.scrollIntoViewIfNeeded();
        const previewPng = await shot(page, 'preview.png');
        forReadme(previewPng, 'preview.png');
        // Clicking a cell in the preview reveals its source cell in the editor.
        const otherLine = BROKEN_T4.split('\n').findIndex((l) => l.startsWith('| 规章 |')) + 1;
        await frame.locator('table.s2 td.label', { hasText: '规章' }).click();
        await page.locator('.statusbar-item', { hasText: `Ln ${otherLine},` }).first().waitFor({ timeout: 15000 });

        // 8. Check all reports in the workspace from the command palette: the task's problem matcher fills the
        // Problems panel for reports never opened (errors.report.md) and with the cross-year findings.
        await page.locator('.monaco-editor textarea').first().focus();
        await palette(page, 'Check all reports in the workspace');
        // The command brings the Problems panel to the front when the reports have errors.
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'errors.report.md' }).first().waitFor({ timeout: 60000 });
        const all = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).join('\n');
        assert.match(all, /xxgk-check/);
        const checkAllPng = await shot(page, 'check-all.png');
        // The list is long now (and drawn only where visible): the Problems filter finds the cross-year findings.
        const filter = page.getByPlaceholder(/Filter \(e\.g\./).first();
        await filter.fill('X01');
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'X01' }).first().waitFor({ timeout: 30000 });
        await filter.fill('');
        console.log(`screenshots: ${squigglePng}, ${hoverPng}, ${previewPng}, ${checkAllPng}`);

        // 9. A first-time clerk, in another window on an empty folder.
        const fresh = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        try {
          await firstUse(fresh, server, join(root, 'empty'));
        } catch (e) {
          await shot(fresh, 'first-use-failure.png').catch(() => undefined);
          throw e;
        } finally {
          await fresh.close().catch(() => undefined);
        }
      } catch (e) {
        // Keep what the workbench showed when a step failed, for the CI log reader.
        await shot(page, 'failure.png').catch(() => undefined);
        throw e;
      }
    } finally {
      await browser.close().catch(() => undefined);
      await server.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** The screenshots the README shows: copied to docs/images/ when XXGK_UPDATE_SCREENSHOTS=1 (review, then commit). */
function forReadme(png: string, name: string): void {
  if (process.env.XXGK_UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(join(repoRoot, 'docs', 'images'), { recursive: true });
  copyFileSync(png, join(repoRoot, 'docs', 'images', name));
}

async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').first().waitFor({ timeout: 15000 });
  await page.keyboard.type(command);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
}

async function gotoLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').first().waitFor({ timeout: 15000 });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

/** The text of the editor's line `n` (1-based), read from the rendered lines once it is on screen. */
async function lineText(page: Page, n: number): Promise<string> {
  await gotoLine(page, n);
  const found = await page.waitForFunction((n) => {
    // The cursor is on line n (the status bar says so), and the current-line highlight sits in a row of the overlays positioned like the text's row.
    const cur = document.querySelector('.monaco-editor.focused .view-overlays .current-line')?.parentElement;
    const top = cur?.style.top;
    const at = document.querySelector('[id="status.editor.selection"]')?.textContent ?? '';
    if (!top || !at.includes(`Ln ${n},`)) return null;
    const line = [...(cur.closest('.monaco-editor')?.querySelectorAll('.view-lines .view-line') ?? [])].find((l) => (l as HTMLElement).style.top === top);
    return line ? { text: (line.textContent ?? '').replace(/\u00a0/g, ' ') } : null;
  }, n, { timeout: 15000 });
  return ((await found.jsonValue()) as { text: string }).text;
}

/** The frame (a webview's) in which `what` appears. */
async function frameWith(page: Page, what: (f: Frame) => Locator, message: string): Promise<Frame> {
  const t0 = Date.now();
  while (Date.now() - t0 < 60000) {
    for (const f of page.frames()) if (await what(f).count().catch(() => 0)) return f;
    await page.waitForTimeout(250);
  }
  assert.fail(message);
}

function previewFrame(page: Page): Promise<Frame> {
  return frameWith(page, (f) => f.locator('h1.doc-title'), 'the preview shows the report');
}

/** The first line (1-based) of a file that starts with `prefix`. */
function lineStarting(text: string, prefix: string): number {
  const i = text.split('\n').findIndex((l) => l.startsWith(prefix));
  assert.ok(i >= 0, prefix);
  return i + 1;
}

/**
 * From an empty folder to a PDF, as a clerk who has never used Markdown: the walkthrough, 新建年度报告, a row of
 * 表三 typed with completions, a wrong total underlined and fixed, the preview (still there after a reload), PDF.
 */
async function firstUse(page: Page, server: CodeServer, folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  await page.goto(workbenchUrl(server, folder));
  await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 60000 });

  // The walkthrough on the Welcome page.
  await palette(page, 'Welcome: Open Walkthrough');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Write an annual report' }).first().waitFor({ timeout: 15000 });
  await page.keyboard.type('Write an annual report');
  await page.keyboard.press('Enter');
  await page.locator('.gettingStartedContainer', { hasText: 'Start a report' }).first().waitFor({ timeout: 30000 });
  // Beside the steps, the selected step's page (docs/walkthrough/start.md, rendered in a webview).
  await frameWith(page, (f) => f.getByText('开始一份报告'), "the walkthrough shows the step's page");
  forReadme(await shot(page, 'walkthrough.png'), 'walkthrough.png');

  // 新建年度报告: agency, year (last year, the first offered), kind.
  await palette(page, 'New annual report');
  await page.locator('.quick-input-widget input').first().waitFor({ timeout: 15000 });
  await page.keyboard.type('某县教育局');
  await page.keyboard.press('Enter');
  const year = new Date().getFullYear() - 1;
  await page.locator('.quick-input-list .monaco-list-row', { hasText: `${year} 年度` }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: '部门' }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  const file = join(folder, `某县教育局${year}年政府信息公开工作年度报告.report.md`);
  await page.locator('.tabs-container .tab', { hasText: '某县教育局' }).first().waitFor({ timeout: 30000 });
  assert.ok(existsSync(file), 'the report was written in the folder');
  const written = readFileSync(file, 'utf8');
  // The first prompt is selected: typing replaces it.
  await page.locator('.monaco-editor .selected-text').first().waitFor({ timeout: 15000 });
  await page.keyboard.type('全年主动公开政府信息120条，其中政策解读15条。');
  const overviewLine = lineStarting(written, '（请概述本年度主动公开工作。）');
  assert.equal(await lineText(page, overviewLine), '全年主动公开政府信息120条，其中政策解读15条。');
  await page.locator('.statusbar-item', { hasText: 'Markdown' }).first().waitFor({ timeout: 15000 });
  forReadme(await shot(page, 'new-report.png'), 'new-report.png');
  // Its language status (the {} beside "Markdown" in the status bar): year, edition, what is left to do.
  await page.locator('[id="status.languageStatus"]').first().click();
  const langStatus = page.locator('.monaco-hover, .context-view', { hasText: `${year} 年度` });
  await langStatus.first().waitFor({ timeout: 15000 });
  // The report just written is in the workspace's index (the count follows the file watcher).
  await page.locator('.monaco-hover, .context-view', { hasText: '工作区共 1 份报告' }).first().waitFor({ timeout: 15000 });
  assert.match(await langStatus.first().innerText(), /2021版格式/);
  await shot(page, 'language-status.png');
  await page.keyboard.press('Escape');
  // The log says the file was taken for a report (xxgk-report: Show the log).
  await palette(page, 'Show the log');
  await page.locator('.panel .monaco-editor .view-lines', { hasText: 'is an annual report' }).first().waitFor({ timeout: 15000 });
  await shot(page, 'log.png');
  await page.locator('.tabs-container .tab', { hasText: '某县教育局' }).first().click();

  // 表三: a row deleted, then typed again from its first pipe: the missing row is offered.
  const row = lineStarting(written, '| 2.重复申请 |');
  await gotoLine(page, row);
  await page.keyboard.press('Control+Shift+K');
  await page.keyboard.press('Control+Shift+Enter');
  await page.keyboard.type('|');
  const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: '2.重复申请' });
  await suggestion.first().waitFor({ timeout: 30000 });
  forReadme(await shot(page, 'completion.png'), 'completion.png');
  await page.keyboard.press('Enter');
  assert.equal(await lineText(page, row), '| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |');

  // 表四: 行政复议 typed with a total that does not add up: underlined.
  const review = lineStarting(written, '| 行政复议 |');
  await gotoLine(page, review);
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
  await page.keyboard.press('Escape');
  const squiggle = page.locator('.monaco-editor .squiggly-error');
  await squiggle.first().waitFor({ timeout: 60000 });
  // The quick fix on the total: Ctrl+. and the preferred fix.
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  // The light bulb in the gutter (blue: a preferred fix) shows there is a fix here, then Ctrl+. lists it.
  await page.locator('.monaco-editor .codicon-gutter-lightbulb-auto-fix').first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: '改为计算值 6' });
  await fix.first().waitFor({ timeout: 30000 });
  forReadme(await shot(page, 'quick-fix.png'), 'quick-fix.png');
  // The preferred fix is the one selected: Enter applies it.
  assert.match((await fix.first().getAttribute('class')) ?? '', /\bfocused\b/, 'the preferred fix is selected');
  await page.keyboard.press('Enter');
  // The edit lands a moment after Enter (under load, after the line was read once): wait for the line to change.
  const fixed = '| 行政复议 | 3 | 1 | 0 | 2 | 6 |';
  for (const end = Date.now() + 15000; Date.now() < end && (await lineText(page, review)) !== fixed; ) await page.waitForTimeout(200);
  assert.equal(await lineText(page, review), fixed);
  await page.waitForFunction(() => !document.querySelector('.monaco-editor .squiggly-error'), undefined, { timeout: 30000 });
  await page.keyboard.press('Control+S');

  // The preview beside the editor, in the official layout.
  await page.locator('.editor-actions [aria-label*="Open preview (official layout)"]').first().click();
  let frame = await previewFrame(page);
  assert.equal(await frame.locator('h1.doc-title').innerText(), `某县教育局${year}年政府信息公开工作年度报告`);
  await frame.locator('table.t4').first().waitFor();
  await shot(page, 'first-use-preview.png');

  // Reload the window (Developer: Reload Window, which saves the window's state first): the preview comes back (a
  // webview serializer), with the report.
  await palette(page, 'Developer: Reload Window');
  await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 60000 });
  frame = await previewFrame(page);
  assert.equal(await frame.locator('h1.doc-title').innerText(), `某县教育局${year}年政府信息公开工作年度报告`);
  await shot(page, 'preview-after-reload.png');

  // PDF: the command, the save dialog (VS Code's own, with the suggested name), Enter.
  await page.locator('.tabs-container .tab', { hasText: '某县教育局' }).first().click();
  // The report's editor is the active one again (its preview button is back), so its commands are in the palette.
  await page.locator('.editor-actions [aria-label*="Open preview (official layout)"]').first().waitFor({ timeout: 30000 });
  await palette(page, 'Export as PDF');
  const pdf = join(folder, `某县教育局${year}年政府信息公开工作年度报告.pdf`);
  const dialog = page.locator('.quick-input-widget input').first();
  await dialog.waitFor({ timeout: 30000 });
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  const t0 = Date.now();
  while (!existsSync(pdf) && Date.now() - t0 < 90000) {
    const anyway = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Export anyway|仍然导出/ });
    if (await anyway.count()) await anyway.first().click();
    await page.waitForTimeout(500);
  }
  assert.ok(existsSync(pdf), 'the PDF was written where the dialog said');
  await page.locator('.notification-toast', { hasText: /Exported to|已导出到/ }).first().waitFor({ timeout: 30000 });
  await page.mouse.move(150, 600); // no tooltip over the picture
  await page.waitForTimeout(800); // the toast has faded in
  forReadme(await shot(page, 'exported.png'), 'exported.png');
  const txt = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  assert.equal(txt.status, 0);
  const pages = txt.stdout.split('\f');
  const t3 = pages.map((p, i) => ({ p, i })).filter(({ p }) => /本年新收政府信息公开申请|予以公开|信访举报投诉类申请|结转下年度继续办理/.test(p));
  assert.ok(t3.length >= 2, `表三 spans ${t3.length} page(s) of the PDF`);
  for (const { p, i } of t3) {
    assert.match(p, /申请人情况/, `page ${i + 1}: 表三's header`);
    assert.match(p, /法人或其他组织/, `page ${i + 1}: 表三's header`);
    const png = join(outDir, `first-use-pdf-page${i + 1}`);
    assert.equal(spawnSync('pdftoppm', ['-png', '-r', '90', '-f', String(i + 1), '-l', String(i + 1), '-singlefile', pdf, png]).status, 0);
  }
  forReadme(join(outDir, `first-use-pdf-page${t3[t3.length - 1].i + 1}.png`), 'pdf-table3.png');
}
