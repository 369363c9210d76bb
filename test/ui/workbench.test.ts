/**
 * UI level, as a user meets the packaged extension: the .vsix is built, installed into code-server
 * (VS Code 1.100.3), a report with a broken total is opened in the workbench in headless Chromium,
 * the squiggle and the Problems entry appear, and screenshots are saved under test-output/ui/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { installExtension, launchChromium, repoRoot, startCodeServer, workbenchUrl } from '../vscode/code-server.js';
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
  try {
    // 1. Package the extension as a user receives it.
    const vsix = join(root, 'xxgk-report.vsix');
    const pkg = spawnSync(process.execPath, [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120000,
    });
    assert.equal(pkg.status, 0, `vsce package failed:\n${pkg.stdout}\n${pkg.stderr}`);
    assert.ok(statSync(vsix).size > 10000);

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
          const box = await squiggle.first().boundingBox();
          assert.ok(box, 'the squiggle is on screen');
          await page.mouse.move(box.x + box.width / 2, box.y - 30, { steps: 4 });
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 4, { steps: 8 });
          await hover.first().waitFor({ timeout: 5000 }).catch(() => undefined);
        }
        await hover.first().waitFor({ timeout: 5000 });
        const hoverPng = await shot(page, 'broken-total-hover.png');

        // 7. The preview beside the editor (editor title button), in the official layout, with the cell marked.
        await page.keyboard.press('Escape');
        await page.locator('.editor-actions [aria-label*="Open preview (official layout)"]').first().click();
        let frame: import('playwright-core').Frame | undefined;
        const t0 = Date.now();
        while (!frame && Date.now() - t0 < 60000) {
          for (const f of page.frames()) {
            if (await f.locator('h1.doc-title').count().catch(() => 0)) frame = f;
          }
          if (!frame) await page.waitForTimeout(250);
        }
        assert.ok(frame, 'the preview shows the report title');
        assert.equal(await frame.locator('h1.doc-title').innerText(), '某市科学技术局2022年政府信息公开工作年度报告');
        assert.equal(await frame.locator('table.t3 td.label[rowspan="22"]').innerText(), '三、本年度办理结果');
        const marked = frame.locator('table.t4 td.xxgk-error');
        assert.equal(await marked.count(), 1);
        assert.match((await marked.getAttribute('title')) ?? '', /^A04 /);
        await marked.scrollIntoViewIfNeeded();
        const previewPng = await shot(page, 'preview.png');
        // Clicking a cell in the preview reveals its source cell in the editor.
        const otherLine = BROKEN_T4.split('\n').findIndex((l) => l.startsWith('| 规章 |')) + 1;
        await frame.locator('table.s2 td.label', { hasText: '规章' }).click();
        await page.locator('.statusbar-item', { hasText: `Ln ${otherLine},` }).first().waitFor({ timeout: 15000 });

        // 8. Check all reports in the workspace from the command palette: the task's problem matcher fills the
        // Problems panel for reports never opened (errors.report.md) and with the cross-year findings.
        await page.locator('.monaco-editor textarea').first().focus();
        await page.keyboard.press('F1');
        await page.locator('.quick-input-widget input').first().waitFor({ timeout: 15000 });
        await page.keyboard.type('Check all reports in the workspace');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Check all reports in the workspace' }).first().waitFor({ timeout: 15000 });
        await page.keyboard.press('Enter');
        // The command brings the Problems panel to the front when the reports have errors.
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'errors.report.md' }).first().waitFor({ timeout: 60000 });
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'X01' }).first().waitFor({ timeout: 30000 });
        const all = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).join('\n');
        assert.match(all, /xxgk-check/);
        const checkAllPng = await shot(page, 'check-all.png');
        console.log(`screenshots: ${squigglePng}, ${hoverPng}, ${previewPng}, ${checkAllPng}`);
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
