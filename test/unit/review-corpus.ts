/**
 * Published reports made here for the review's tests and bench: a report in the dialect (from the realistic base
 * report, with its own figures), and the same report as an agency publishes it — a saved web page (the official
 * layout inside a site's page, with its publication time), a PDF printed from that page by the installed Chromium,
 * and plain text (tab-separated tables, as copied out of a page).
 */
import type { Browser } from 'playwright-core';
import { analyzeText } from '../../server/src/core/index.js';
import { T3_APPLICANTS, T3_ROWS, outcomeTerms } from '../../server/src/core/standard.js';
import { layoutReport } from '../../server/src/render/layout.js';
import { renderDocument } from '../../server/src/render/html.js';
import { findBrowser } from '../../server/src/render/pdf.js';
import { skeleton } from '../../server/src/core/index.js';
import { T4, overview, closingProse } from './base-report.js';

export interface Spec {
  agency: string;
  year: number;
  kind: '部门' | '政府';
  /** YYYY-MM-DD, or null for a report that shows no date at all. */
  published: string | null;
  /** 表三 一、本年新收 per applicant column (six), the rest follows. */
  received: number[];
  /** 二、上年结转 per applicant column. */
  carried: number[];
  /** 四、结转下年度继续办理 per applicant column. */
  next: number[];
  /** Overrides of single cells after the sums are made (to put an error in): `t4.review.total` → 7. */
  cells?: Record<string, number>;
}

/**
 * 表三 whose sums hold: outcomes = received + carried − next, put in 予以公开 (with a few elsewhere), totals computed.
 */
export function t3From(s: Spec): Record<string, number> {
  const v: Record<string, number> = {};
  T3_APPLICANTS.forEach((c, i) => {
    const outcomes = s.received[i] + s.carried[i] - s.next[i];
    if (outcomes < 0) throw new Error(`${s.agency} ${s.year}: more carried over than received in column ${c}`);
    v[`t3.new.${c}`] = s.received[i];
    v[`t3.carried.${c}`] = s.carried[i];
    v[`t3.next.${c}`] = s.next[i];
    const unable = Math.floor(outcomes / 4);
    v[`t3.unable_1.${c}`] = unable;
    v[`t3.open.${c}`] = outcomes - unable;
  });
  for (const c of T3_APPLICANTS) v[`t3.total.${c}`] = outcomeTerms(2021).reduce((n, k) => n + (v[`t3.${k}.${c}`] ?? 0), 0);
  for (const r of T3_ROWS[2021]) v[`t3.${r.key}.total`] = T3_APPLICANTS.reduce((n, c) => n + (v[`t3.${r.key}.${c}`] ?? 0), 0);
  return v;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The report in the dialect. A report without a date has no 发布日期 and no date under the signature. */
export function dialect(s: Spec): string {
  const v = { ...t3From(s), ...T4, 's2.1.normative.issued': 2, 's2.1.normative.valid': 40 + 2 * (s.year - 2020), 's2.5.licensing.decisions': 120, ...(s.cells ?? {}) };
  let text = skeleton({
    agency: s.agency,
    year: s.year,
    kind: s.kind,
    published: s.published ?? `${s.year + 1}-01-20`,
    values: v,
    prose: {
      1: overview(1000 + s.year),
      2: '本年制发行政规范性文件2件，实施行政许可120件。',
      3: `全年共收到政府信息公开申请${sum(s.received)}件，结转下年度继续办理${sum(s.next)}件。`,
      4: '本年度被申请行政复议6件，被提起行政诉讼4件。',
      ...closingProse(s.year),
    },
  });
  if (s.published === null) {
    text = text.replace(/^发布日期: .*\n/m, '').replace(/\n\d{4}年\d{1,2}月\d{1,2}日\n$/, '\n');
  }
  return text;
}

/** The official layout of the report inside a government site's page, its publication time in the page's head. */
export function webPage(s: Spec): string {
  const doc = renderDocument(layoutReport(analyzeText(dialect(s)).report, []));
  const head = s.published ? `<meta name="PubDate" content="${s.published} 09:30">` : '';
  return doc
    .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
    .replace('<head>', `<head>\n${head}`)
    .replace('<body>', `<body>\n<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; 政府信息公开 &gt; 年度报告</div>\n${s.published ? `<div class="info">发布时间：${s.published} 09:30　来源：办公室</div>` : ''}`)
    .replace('</body>', '<div class="foot">扫一扫在手机打开当前页</div>\n</body>');
}

/** Plain text as copied out of a page: a line per paragraph and heading, table rows with their cells tab-separated. */
export function plainText(s: Spec): string {
  return dialect(s)
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .split('\n')
    .filter((l) => !/^\|\s*-+/.test(l))
    .map((l) => l.replace(/^#+\s*/, '').replace(/^\|\s*(.*?)\s*\|$/, (_m, inner: string) => inner.split(/\s*\|\s*/).join('\t')))
    .join('\n');
}

/** A browser to print with (the installed Chromium), for many PDFs. */
export async function launchPrinter(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({ executablePath: findBrowser(), headless: true, args: ['--disable-gpu', ...(root ? ['--no-sandbox'] : [])] });
}

/** The page printed to A4 PDF, as a browser's "print to PDF" does. */
export async function printPdf(browser: Browser, html: string): Promise<Uint8Array> {
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true }));
  } finally {
    await context.close();
  }
}

export type Shape = 'dialect' | 'html' | 'pdf' | 'text';

export interface Placed extends Spec {
  shape: Shape;
  /** Path relative to the folder, `/` separators. */
  file: string;
}

const A = '江城市教育局';
const B = '江城县人民政府';
const C = '江城市统计局';

/**
 * Three agencies over three years in four shapes, with what a reviewer looks for put in: 江城市教育局's 2022 report
 * carries over 3 where 2021 carried 5 to the next year (X01), its 2023 report is late; 江城县人民政府's 2023 现行有效件数
 * does not follow from 2022's (X02); 江城市统计局's 2022 PDF has no date, its 2023 text a broken 行政复议 total (A04).
 */
export const FOLDER: Placed[] = [
  { agency: A, year: 2021, kind: '部门', published: '2022-01-20', received: [40, 3, 0, 1, 0, 0], carried: [2, 0, 0, 0, 0, 0], next: [5, 0, 0, 0, 0, 0], shape: 'dialect', file: '教育局/江城市教育局2021年政府信息公开工作年度报告.report.md' },
  { agency: A, year: 2022, kind: '部门', published: '2023-01-18', received: [52, 4, 1, 0, 0, 1], carried: [3, 0, 0, 0, 0, 0], next: [6, 1, 0, 0, 0, 0], shape: 'html', file: '教育局/2022年报.html' },
  { agency: A, year: 2023, kind: '部门', published: '2024-02-15', received: [61, 2, 0, 0, 1, 0], carried: [6, 1, 0, 0, 0, 0], next: [2, 0, 0, 0, 0, 0], shape: 'pdf', file: '教育局/2023年报.pdf' },
  { agency: B, year: 2021, kind: '政府', published: '2022-03-01', received: [300, 20, 2, 1, 3, 4], carried: [10, 1, 0, 0, 0, 0], next: [12, 2, 0, 0, 0, 1], shape: 'text', file: '县政府/2021.txt' },
  { agency: B, year: 2022, kind: '政府', published: '2023-03-25', received: [280, 18, 1, 0, 2, 5], carried: [12, 2, 0, 0, 0, 1], next: [9, 0, 0, 0, 0, 0], shape: 'dialect', file: '县政府/江城县人民政府2022年政府信息公开工作年度报告.report.md' },
  { agency: B, year: 2023, kind: '政府', published: '2024-03-20', received: [310, 25, 0, 2, 1, 3], carried: [9, 0, 0, 0, 0, 0], next: [15, 3, 0, 0, 0, 0], shape: 'html', file: '县政府/2023.html', cells: { 's2.1.normative.valid': 47 } },
  { agency: C, year: 2022, kind: '部门', published: null, received: [8, 0, 0, 0, 0, 0], carried: [0, 0, 0, 0, 0, 0], next: [1, 0, 0, 0, 0, 0], shape: 'pdf', file: '统计局/2022.pdf' },
  { agency: C, year: 2023, kind: '部门', published: '2024-01-10', received: [11, 1, 0, 0, 0, 0], carried: [1, 0, 0, 0, 0, 0], next: [0, 0, 0, 0, 0, 0], shape: 'text', file: '统计局/2023.txt', cells: { 't4.review.total': 7 } },
];

/** Files in the folder that are no report a review can read, with the reason the row must give. */
export const BAD_FILES: { file: string; data: string | Uint8Array; status: 'unreadable' | 'not-report'; reason: RegExp }[] = [
  { file: '其他/broken.pdf', data: 'this is no PDF', status: 'unreadable', reason: /无法读取（not a PDF file/ },
  { file: '其他/empty.txt', data: '   \n', status: 'unreadable', reason: /文件为空/ },
  { file: '其他/会议记录.md', data: '# 会议记录\n\n讨论了下一步工作安排。\n', status: 'not-report', reason: /没有识别出年度报告/ },
];

/** The bytes of a placed report in its shape. */
export async function render(p: Spec & { shape: Shape }, browser?: Browser): Promise<string | Uint8Array> {
  switch (p.shape) {
    case 'dialect':
      return dialect(p);
    case 'html':
      return webPage(p);
    case 'text':
      return plainText(p);
    case 'pdf':
      if (!browser) throw new Error('a PDF needs the browser');
      return printPdf(browser, webPage(p));
  }
}

/** Days from the deadline (部门 31 January, 政府 31 March of the next year) to the publication. */
export function daysLate(s: Spec): number | undefined {
  if (!s.published) return undefined;
  const [y, m, d] = s.published.split('-').map(Number);
  return (Date.UTC(y, m - 1, d) - Date.UTC(s.year + 1, s.kind === '政府' ? 2 : 0, 31)) / 86400000;
}
