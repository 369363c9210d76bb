/**
 * Recognisers of the report's parts that both the report model and import use: the numeral of a
 * section heading, an agency name and whether it is a government's, a date standing alone (the
 * signature's), the signature itself.
 */
import { findCnDates, type DateRef } from './dates.js';
import { SECTIONS } from './standard.js';
import { cnNumeral, normLabel } from './text.js';

/** A heading's leading numeral and its separator: `三、`, `（三）`, `3.`, `３．`. */
export const NUMERAL_RE = /^[\s\u3000]*(?:([一二三四五六七八九十]+)|[(（]([一二三四五六七八九十]+)[)）]|(\d+)|([０-９]+))[\s\u3000]*([、.．,，:：]?)[\s\u3000]*/;

/** How an agency's name ends (局, 委员会, 人民政府, 管委会, …). */
export const AGENCY_END = /(局|厅|委|办|委员会|政府|院|中心|部|署|会|所|站|队|处|室|馆|司|府|办公室)$/;

/** A line that can be an agency's name: short, no sentence punctuation, an agency's ending. */
export function looksLikeAgency(s: string): boolean {
  const t = s.trim();
  return t.length >= 2 && t.length <= 40 && !/[。；;！？!?，,：:]/.test(t) && AGENCY_END.test(t);
}

/** Agencies whose report is a government's own (条例 第四十九条: due 3月31日). */
const GOVERNMENT = /(人民政府|政府|管委会|管理委员会|行政公署|公署)$/;
/** A place's name alone stands for its government: `平潭综合实验区`, `某县`. */
const PLACE = /(省|自治区|市|县|区|旗|州|盟|镇|乡|街道|新区|实验区|开发区|示范区)$/;
/** Ends of a department's name (also after a place: `某区教育局`). */
const DEPARTMENT = /(局|厅|委|办|委员会|院|中心|部|所|站|队|处|室|馆|司|办公室|公司|集团|学校|大学|医院|银行)$/;

/** Whether the report of `agency` is a government's (政府) or a department's (部门). */
export function agencyKind(agency: string): 'government' | 'department' {
  const a = agency.replace(/[\s\u3000]+/g, '').replace(/[（(][^）)]*[）)]$/, '');
  if (GOVERNMENT.test(a)) return 'government';
  if (PLACE.test(a) && !DEPARTMENT.test(a)) return 'government';
  return 'department';
}

/** The one date a line consists of (`2022年1月21日`, `（2026年1月23日）`), if it is only that. */
export function dateAlone(text: string, base = 0): DateRef | null {
  const t = text.trim();
  const inner = t.replace(/^[(（]\s*|\s*[)）]$/g, '');
  const dates = findCnDates(text, base);
  if (dates.length !== 1 || dates[0].day === undefined) return null;
  return inner.replace(/[\s\u3000]/g, '') === dates[0].raw.replace(/[\s\u3000]/g, '') ? dates[0] : null;
}

/** `机关 2020年1月10日` on one line: the agency's part and the date. */
export function agencyAndDate(text: string, base = 0): { agency: string; date: DateRef } | null {
  const t = text.trim();
  const one = /^(.{2,40}?)[\s\u3000]+(\S.*)$/.exec(t);
  if (!one || !looksLikeAgency(one[1])) return null;
  const lead = text.indexOf(t);
  const date = dateAlone(one[2], base + lead + one[0].length - one[2].length);
  return date ? { agency: one[1], date } : null;
}

/**
 * The section (1–6) a line of a published report heads, if it is a section heading: a numeral in
 * order with the section's wording (`三、收到和处理政府信息公开申请情况`), a known variant without its
 * numeral, or — for a line that is a heading in its source — the section's keywords alone.
 * `（一）` numbers sub-headings, never the six sections.
 */
export function sectionOfLine(text: string, isHeading: boolean): number | null {
  const t = text.trim();
  if (t.length > 40 || /[。；]/.test(t.slice(0, -1))) return null;
  const m = NUMERAL_RE.exec(t);
  let numeral: number | undefined;
  let rest = t;
  if (m && (m[1] || m[2] || m[3] || m[4])) {
    if (m[2]) return null;
    numeral = m[1] ? cnNumeral(m[1]) : Number((m[3] ?? m[4]).normalize('NFKC'));
    rest = t.slice(m[0].length);
  }
  const w = normLabel(rest).replace(/[:：。]$/, '');
  const matching = SECTIONS.filter((d) => d.keys.test(w));
  const def = matching.find((d) => d.no === numeral) ?? matching[0];
  if (!def) return null;
  if (numeral !== undefined && numeral === def.no) return def.no;
  if (def.variants.includes(w)) return def.no;
  if (numeral === undefined && isHeading && w.length <= 24) return def.no;
  return null;
}
