/**
 * Stage 1 of the mapping: where the report is among what the reader found. The title (one line, or
 * several: an agency line above a title that starts with its year, a title broken in two), the page
 * chrome before it and around it (breadcrumbs, publication line, widgets), and where the article ends
 * (a site's footer, a sidebar's list of links) — what lies outside is kept in one comment, never in
 * the report.
 */
import { agencyAndDate, dateAlone, looksLikeAgency, sectionOfLine, normLabel } from '../core/index.js';
import { FOOTER, TITLE, isChromeLine, isWidgetLine } from './patterns.js';
import type { Item } from './items.js';
import type { PageInfo } from './types.js';

export interface Article {
  /** Indices of the items that make the title (in order), empty when the document has none. */
  titleItems: number[];
  /** The title as written (its lines joined), or the page's heading when the document has none. */
  title?: string;
  titleFrom: 'document' | 'page' | 'none';
  /** Items that are page chrome, not the report. */
  chrome: Set<number>;
  /** Items from here on are after the article (the site's footer, sidebars). */
  end: number;
  /** Where the article starts (the first item after the title). */
  start: number;
}

const isTitle = (t: string) => t.length <= 100 && TITLE.test(t.normalize('NFKC'));
const squash = (t: string) => t.replace(/[\s\u3000]+/g, '');
/** A title that starts with its year has no agency of its own (`2024年政府信息公开工作年度报告`). */
const startsWithYear = (t: string) => /^[\s\u3000]*[12]\d{3}\s*年/.test(t.normalize('NFKC'));
/** A place or an agency alone on a line (`淮安市人民政府`, `平潭综合实验区`). */
const agencyLine = (t: string) => t.length <= 30 && (looksLikeAgency(t) || /^[\u3400-\u9fff（）()]{2,30}(省|市|县|区|旗|州|盟|镇|乡|新区|实验区|开发区)$/.test(t.trim()));

export function findArticle(items: Item[], page: PageInfo): Article {
  const text = (i: number) => (items[i]?.kind === 'para' ? (items[i] as { text: string }).text.trim() : '');
  const limit = Math.min(items.length, 80);
  // The first section heading: a title is looked for before it.
  let firstSection = items.length;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.kind === 'para' && sectionOfLine(it.text, it.heading !== undefined) === 1) {
      firstSection = i;
      break;
    }
  }
  // Title candidates: a line that is one, or two short lines that are one together.
  const cands: number[][] = [];
  for (let i = 0; i < Math.min(limit, firstSection); i++) {
    const t = text(i);
    if (!t) continue;
    if (isTitle(t)) cands.push([i]);
    else if (t.length <= 60 && text(i + 1) && text(i + 1).length <= 60 && !isTitle(text(i + 1)) && isTitle(t + text(i + 1))) cands.push([i, i + 1]);
  }
  const chrome = new Set<number>();
  let titleItems: number[] = [];
  let title: string | undefined;
  let titleFrom: Article['titleFrom'] = 'none';
  if (cands.length) {
    // The one nearest the report's body: a page's own heading comes before the document's title.
    titleItems = cands[cands.length - 1];
    const first = titleItems[0];
    // An agency line above a title that starts with its year belongs to the title.
    const above = text(first - 1);
    if (first > 0 && above && startsWithYear(text(first)) && agencyLine(above)) titleItems = [first - 1, ...titleItems];
    title = titleItems.map(text).join('');
    titleFrom = 'document';
  } else if (page.title && isTitle(page.title)) {
    title = page.title.split(/\s*[_|｜]\s*|\s+[-–—]\s+/).find((p) => isTitle(p))?.trim();
    if (title) titleFrom = 'page';
  }
  const start = titleItems.length ? titleItems[titleItems.length - 1] + 1 : 0;
  // Everything before the title is the page's; after it, chrome lines, widgets and the title again.
  for (let i = 0; i < (titleItems[0] ?? 0); i++) chrome.add(i);
  const titleKey = title ? normLabel(squash(title)) : '';
  const pageKey = page.title ? normLabel(squash(page.title)) : '';
  for (let i = start; i < items.length; i++) {
    const it = items[i];
    if (it.kind !== 'para') continue;
    const t = it.text.trim();
    const k = normLabel(squash(t));
    if (isChromeLine(t) || isWidgetLine(t) || (titleKey && k === titleKey) || (pageKey && k === pageKey)) chrome.add(i);
  }
  return { titleItems, title, titleFrom, chrome, end: articleEnd(items, start, chrome), start };
}

/**
 * Where the article ends: at a site footer's line, or where the last section gives way to a list of
 * short lines (links, a sidebar, related reading) — three or more in a row and most of what follows.
 */
function articleEnd(items: Item[], from: number, chrome: Set<number>): number {
  let lastSection = -1;
  for (let i = from; i < items.length; i++) {
    const it = items[i];
    if (it.kind === 'para' && sectionOfLine(it.text, it.heading !== undefined) !== null) lastSection = i;
  }
  if (lastSection < 0) return items.length;
  const para = (i: number) => (items[i]?.kind === 'para' ? (items[i] as { text: string }).text.trim() : null);
  // A signature's lines (agency, date) are short but the report's own.
  const signatureLine = (i: number) => {
    const t = para(i);
    return t !== null && (dateAlone(t) !== null || agencyAndDate(t) !== null || looksLikeAgency(t));
  };
  const short = (i: number) => {
    if (chrome.has(i)) return true;
    const t = para(i);
    return t !== null && t.length <= 24 && !/[。；;，,！？]/.test(t) && !signatureLine(i);
  };
  for (let i = lastSection + 1; i < items.length; i++) {
    const t = para(i);
    if (t !== null && FOOTER.test(t) && t.length <= 200) return i;
    if (!short(i) || !short(i + 1) || !short(i + 2)) continue;
    let n = 0;
    for (let j = i; j < items.length; j++) if (short(j) || (signatureLine(j) && para(j)!.length <= 24)) n++;
    if (n >= (items.length - i) * 0.6) return i;
  }
  return items.length;
}
