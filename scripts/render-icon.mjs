// Renders media/icon.svg to media/icon.png (256×256, the Marketplace wants at least 128×128) with the Chromium the
// tests use (XXGK_CHROMIUM or /usr/bin/chromium), through playwright-core. Run after changing the SVG; commit both.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync(new URL('../media/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.XXGK_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: new URL('../media/icon.png', import.meta.url).pathname, omitBackground: true });
  console.log('wrote media/icon.png');
} finally {
  await browser.close();
}
