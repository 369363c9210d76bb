/**
 * A reader's blocks → the report in the dialect, in named stages:
 *   1. article  — the title, the page chrome around the report, where the article ends (article.ts);
 *   2. metadata — agency, year, kind of report, publication date, signature (meta.ts);
 *   3. sections — the six section headings, with the core's recogniser (core/recognise.ts);
 *   4. content  — prose and the form's tables read out of whatever rows the source has (content.ts, tables.ts);
 *   5. write    — the dialect, unread cells as `?` (write.ts);
 *   6. verify   — read back by the core; labels that mislead it are written in the standard wording (verify.ts).
 * What cannot be placed stays in the report as prose under an `xxgk-import` comment and is listed.
 */
import { Analyzer, Edition, SECTIONS, sectionOfLine } from '../core/index.js';
import { findArticle } from './article.js';
import { publishedIn } from './patterns.js';
import { markedPiece, readContent } from './content.js';
import { itemText, toItems } from './items.js';
import { readMetadata } from './meta.js';
import { MARK_END, MARK_START, proseText } from './prose.js';
import type { IBlock, ImportResult, ImportShape, PageInfo, ReadResult, Unplaced } from './types.js';
import { verify } from './verify.js';
import { writeReport } from './write.js';

export { MARK_START, MARK_END, proseText };

export interface MapInput {
  blocks: IBlock[];
  name: string;
  shape: ImportShape;
  page: PageInfo;
  /** What the reader found but could not read. */
  lost?: ReadResult['lost'];
}

/** What the mapper gives: the import's result but for the file name and shape, which the caller knows. */
export type MapOutput = Omit<ImportResult, 'fileName' | 'shape'> & { titleAgency?: string };

const majority = (votes: Edition[]): Edition => (votes.filter((v) => v === 2019).length * 2 > votes.length ? 2019 : 2021);

export function mapBlocks(input: MapInput): MapOutput {
  const warnings: string[] = [];
  const items = toItems(input.blocks);
  // 1. article
  const art = findArticle(items, input.page);
  if (art.titleFrom === 'page') warnings.push('原文正文中没有标题，标题取自网页');
  if (!art.title) warnings.push('未找到标题（{机关}{年度}年政府信息公开工作年度报告）');
  // 3. sections (before the metadata, which looks for the 统计期限 before the first one)
  const heads: { no: number; at: number; text: string }[] = [];
  for (let i = art.start; i < art.end; i++) {
    const it = items[i];
    if (it.kind !== 'para' || art.chrome.has(i)) continue;
    const no = sectionOfLine(it.text, it.heading !== undefined);
    if (no !== null && no > (heads.length ? heads[heads.length - 1].no : 0)) heads.push({ no, at: i, text: it.text.trim() });
  }
  // 2. metadata (a page printed to PDF or copied as text has its publication time among its chrome lines)
  const page: PageInfo = { ...input.page };
  if (!page.published) {
    for (const i of [...art.chrome].sort((a, b) => a - b)) {
      const d = publishedIn(itemText(items[i]));
      if (d) {
        page.published = d;
        break;
      }
    }
  }
  const meta = readMetadata(items, art, heads[0]?.at ?? art.end, page);
  if (heads.length < 6) {
    const missing = SECTIONS.filter((s) => !heads.some((h) => h.no === s.no)).map((s) => s.heading);
    warnings.push(`原文中未找到这些部分的标题：${missing.join('，')}`);
  }
  // 4. content
  const end = meta.signature ? meta.signature.from : art.end;
  const content = readContent(
    items,
    {
      preamble: [art.start, heads.length ? heads[0].at : end],
      sections: heads.map((h, k) => ({ no: h.no, heading: h.text, from: h.at + 1, to: k + 1 < heads.length ? heads[k + 1].at : end })),
    },
    art.chrome,
    input.shape,
    meta.yearEdition,
    warnings,
  );
  // What the reader could not read stays in the report, marked, at the end of its section.
  const readerLost: Unplaced[] = [];
  for (const l of input.lost ?? []) {
    const u: Unplaced = { what: l.what, line: l.line, excerpt: l.excerpt };
    readerLost.push(u);
    const s = content.sections.find((x) => x.no === l.section) ?? content.sections[content.sections.length - 1];
    if (s) s.pieces.push(markedPiece([u]));
    else content.preamble.push(markedPiece([u]));
  }
  // Editions of the tables: as read, else as the year calls for.
  const s2Edition: Edition = content.s2Editions.length ? majority(content.s2Editions) : content.t3?.edition ?? meta.yearEdition ?? 2021;
  const t3Edition: Edition = content.t3?.edition ?? (content.s2Editions.length ? s2Edition : meta.yearEdition ?? 2021);
  if (meta.yearEdition && (s2Edition !== meta.yearEdition || t3Edition !== meta.yearEdition) && (content.s2Editions.length || content.t3?.edition)) {
    warnings.push(`原文表格为${s2Edition !== meta.yearEdition ? s2Edition : t3Edition}版格式，${meta.year}年度应使用${meta.yearEdition}版；已按原文格式写出`);
  }
  // Chrome: before the title, around it, and after the article.
  const chromeIdx = [...art.chrome, ...Array.from({ length: items.length - art.end }, (_, k) => art.end + k)].sort((a, b) => a - b);
  const chromeText = [...input.page.chrome, ...chromeIdx.map((i) => itemText(items[i]))];
  // 5. write, 6. verify
  const writeInput = { name: input.name, shape: input.shape, meta, titleFrom: art.titleFrom, chromeText, content, s2Edition, t3Edition };
  const analyzer = new Analyzer();
  let result = writeReport(writeInput, new Set());
  let verdict = verify(result, analyzer);
  if (verdict.bad.size) {
    result = writeReport(writeInput, verdict.bad);
    verdict = verify(result, analyzer);
    if (verdict.bad.size) warnings.push(`有 ${result.placed.size - verdict.ok} 个数值写出后未能被检查器在原位读回，请核对表格`);
    else warnings.push('部分行名或列名已改为标准写法，以便数值对应到正确的行列');
  }
  const unplaced = [...readerLost, ...content.unplaced, ...result.lost];
  locateUnplaced(result.text, unplaced);
  unplaced.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.reportLine ?? 0) - (b.reportLine ?? 0));
  if (chromeText.length) warnings.push(`网页页面内容 ${chromeText.length} 处（导航、发布时间、分享、侧栏、页脚等）未写入报告，见文首的 xxgk-import 注释`);
  if (result.unread) warnings.push(`有 ${result.unread} 个单元格未能从原文读出，已写作 ?（检查器报告为 C05），请对照原件填写`);
  return {
    text: result.text,
    unplaced,
    cells: verdict.ok,
    blanks: result.blanks,
    unread: result.unread,
    warnings,
    agency: meta.agency ?? meta.titleAgency,
    year: meta.year,
    titleAgency: meta.titleAgency,
    sections: heads.map((h) => h.no),
  };
}

/** The report line of each unplaced excerpt: the next line between markers that holds it. */
function locateUnplaced(text: string, list: Unplaced[]): void {
  const lines = text.split('\n');
  let inMark = false;
  const at = new Map<string, number[]>();
  lines.forEach((l, i) => {
    if (l === MARK_START) inMark = true;
    else if (l === MARK_END) inMark = false;
    else if (inMark && l.trim()) {
      const q = at.get(l);
      if (q) q.push(i);
      else at.set(l, [i]);
    }
  });
  for (const u of list) {
    const i = at.get(proseText(u.excerpt))?.shift();
    u.reportLine = i !== undefined ? i + 1 : undefined;
  }
}

