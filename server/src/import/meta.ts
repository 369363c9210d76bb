/**
 * Stage 2 of the mapping: what the report says of itself. Agency and year from the title (else the
 * signature, the 统计期限 sentence), the kind of report from the agency, the publication date from
 * the page (its publication time), a date under the title, or the signature.
 */
import { findCnDates, agencyAndDate, agencyKind, dateAlone, looksLikeAgency, Edition, editionForYear } from '../core/index.js';
import type { Article } from './article.js';
import type { Item } from './items.js';
import type { PageInfo } from './types.js';

export interface Signature {
  agency?: { text: string; line?: number };
  date?: { text: string; line?: number };
  /** The first item of the signature. */
  from: number;
}

export interface Metadata {
  title?: string;
  /** The agency as the title names it (may be a bare level such as 本局, which is not written). */
  titleAgency?: string;
  agency?: string;
  year?: number;
  yearEdition?: Edition;
  kind?: 'government' | 'department';
  /** YYYY-MM-DD, and where it was read. */
  published?: { date: string; from: 'page' | 'title' | 'signature' };
  signature: Signature | null;
}

/** Levels that stand for an agency without naming it (本局, 市, 区): not an agency's name. */
const BARE_LEVEL = /^(省|市|县|区|州|盟|旗|镇|乡|本)(?!中区)/;

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function readMetadata(items: Item[], art: Article, firstSection: number, page: PageInfo): Metadata {
  const para = (i: number) => (items[i]?.kind === 'para' && !(items[i] as { heading?: number }).heading ? (items[i] as { text: string; line?: number }) : null);
  // The signature: the last lines of the article before what follows it.
  let sig: Signature | null = null;
  {
    let k = art.end - 1;
    while (k >= art.start && (art.chrome.has(k) || (items[k].kind === 'para' && !(items[k] as { text: string }).text.trim()))) k--;
    const last = k >= art.start ? para(k) : null;
    if (last) {
      const lt = last.text.trim();
      const one = agencyAndDate(lt);
      if (dateAlone(lt)) {
        sig = { date: { text: lt, line: last.line }, from: k };
        const prev = para(k - 1);
        if (prev && !art.chrome.has(k - 1) && k - 1 >= art.start && looksLikeAgency(prev.text)) {
          sig.agency = { text: prev.text.trim(), line: prev.line };
          sig.from = k - 1;
        }
      } else if (one) {
        sig = { agency: { text: one.agency.trim(), line: last.line }, date: { text: lt.slice(lt.indexOf(one.date.raw)).trim(), line: last.line }, from: k };
      } else if (looksLikeAgency(lt)) {
        sig = { agency: { text: lt, line: last.line }, from: k };
      }
    }
  }
  const title = art.title?.replace(/[\s\u3000]+/g, ' ').trim();
  // What looks like markup in a title (an image's alt text, say) is no part of an agency's name.
  const titleForMeta = title?.replace(/<[^>]*>?/g, '').replace(/[<>]/g, '');
  const tm = titleForMeta ? /^(.*?)([12]\d{3})\s*年/.exec(titleForMeta.normalize('NFKC')) : null;
  // The agency before the year, or after it (`2024年上海市科委政府信息公开工作年度报告`).
  const after = tm ? /^(.{2,30}?)政府信息公开/.exec(titleForMeta!.normalize('NFKC').slice(tm[0].length).replace(/[\s\u3000]+/g, '')) : null;
  const titleAgency = tm ? tm[1].replace(/[\s\u3000]+/g, '') || (after && looksLikeAgency(after[1]) ? after[1] : undefined) : undefined;
  let year = tm ? Number(tm[2]) : undefined;
  let agency = titleAgency && !BARE_LEVEL.test(titleAgency) ? titleAgency : sig?.agency && !BARE_LEVEL.test(sig.agency.text) ? sig.agency.text.replace(/[\s\u3000]+/g, '') : undefined;
  // The full name where the preamble gives it (`洪泽区人民政府` in the title, `淮安市洪泽区人民政府办公室` in the preamble).
  if (agency) {
    for (let i = art.start; i < firstSection && agency; i++) {
      const p = para(i);
      const text = p ? p.text.replace(/[\s\u3000]+/g, '') : '';
      const at = text.indexOf(agency);
      if (at <= 0) continue;
      // The place just before it, cut after the last word that cannot be part of a name (本报告由|淮安市).
      const before = /(?:省|市|自治区|自治州|州|盟|地区)$/.test(text.slice(0, at)) ? text.slice(Math.max(0, at - 10), at) : '';
      const place = before.replace(/^.*[由在对经与和及的向据为是，。、；：（）()《》“”]/, '');
      if (place.length >= 2 && place.length <= 6 && /^[\u3400-\u9fff]+$/.test(place)) {
        agency = place + agency;
        break;
      }
    }
  }
  // Publication: the page's time; else a date standing alone just under the title (`（2026年1月23日）`); else the signature's.
  let published: Metadata['published'];
  if (page.published) published = { date: page.published, from: 'page' };
  else {
    for (let i = art.start; i < Math.min(art.start + 3, firstSection); i++) {
      const p = para(i);
      const d = p ? dateAlone(p.text) : null;
      if (d && d.valid) {
        published = { date: iso(d.year, d.month!, d.day!), from: 'title' };
        break;
      }
      if (!p || !(looksLikeAgency(p.text) || d)) break;
    }
    if (!published && sig?.date) {
      const d = dateAlone(sig.date.text);
      if (d && d.valid) published = { date: iso(d.year, d.month!, d.day!), from: 'signature' };
    }
  }
  const who = agency ?? titleAgency;
  return {
    title,
    titleAgency,
    agency,
    year,
    yearEdition: year !== undefined ? editionForYear(year) : undefined,
    kind: who ? agencyKind(who) : undefined,
    published,
    signature: sig,
  };
}
