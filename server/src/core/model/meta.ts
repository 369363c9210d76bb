/**
 * The model's readers of what the report says about itself: the statistical period, the signature, and the metadata
 * (agency, year, edition, kind, publication date) from the front matter, the title, the period and the signature.
 */
import type { Block } from '../parse.js';
import { type DateRef, findCnDates, parseDateValue } from '../dates.js';
import { type Edition, editionForYear } from '../standard.js';
import type { LineIndex, Span } from '../text.js';
import { agencyAndDate, agencyKind, dateAlone, looksLikeAgency } from '../recognise.js';
import type { FrontMatter } from './frontMatter.js';
import type { Title } from './title.js';

export interface Period {
  /** The sentence stating the period. */
  span: Span;
  text: string;
  dates: DateRef[];
}

export interface Signature {
  agency?: { text: string; span: Span };
  date?: DateRef;
  /** Span of the last non-empty line (for findings about a missing date). */
  lastLine: Span;
}

export interface Meta {
  agency?: string;
  agencySource?: 'frontmatter' | 'title';
  year?: number;
  yearSource?: 'frontmatter' | 'title' | 'period';
  yearSpan?: Span;
  /** Edition the report must use. */
  edition: Edition;
  editionSource: 'frontmatter' | 'year' | 'tables' | 'default';
  kind: 'department' | 'government';
  published?: { year: number; month: number; day: number; valid: boolean; span: Span; source: 'frontmatter' | 'signature'; raw: string };
}

export function readSignature(text: string, blocks: Block[], lines: LineIndex): Signature | null {
  const paras = blocks.filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph');
  let lastLineIdx = lines.lineCount - 1;
  while (lastLineIdx > 0 && text.slice(lines.lineStarts[lastLineIdx], lines.lineEnd(lastLineIdx)).trim() === '') lastLineIdx--;
  const lastLine = { start: lines.lineStarts[lastLineIdx], end: lines.lineEnd(lastLineIdx) };
  const sig: Signature = { lastLine };
  const last = paras[paras.length - 1];
  const lastBlock = blocks[blocks.length - 1];
  if (!last || last !== lastBlock) return sig;
  const lt = last.text.trim();
  const alone = dateAlone(last.text, last.span.start);
  if (alone) {
    sig.date = alone;
    const prev = paras[paras.length - 2];
    if (prev && blocks[blocks.length - 2] === prev && looksLikeAgency(prev.text)) {
      sig.agency = { text: prev.text.trim(), span: prev.span };
    }
    return sig;
  }
  // `机关 2020年1月10日` on one line.
  const one = agencyAndDate(last.text, last.span.start);
  if (one) {
    const at = last.span.start + last.text.indexOf(one.agency);
    sig.agency = { text: one.agency, span: { start: at, end: at + one.agency.length } };
    sig.date = one.date;
    return sig;
  }
  if (looksLikeAgency(lt)) sig.agency = { text: lt, span: last.span };
  return sig;
}

const PERIOD_RE = /(统计|所列数据|所列统计数据)[^。]{0,10}(期限|时限|区间|时间段|周期)|统计期限/;

export function readPeriod(text: string, preamble: Block[]): Period | null {
  for (const b of preamble) {
    if (b.kind !== 'paragraph') continue;
    const m = PERIOD_RE.exec(b.text);
    if (!m) continue;
    // The sentence around the match.
    let s = b.text.lastIndexOf('。', m.index) + 1;
    const e0 = b.text.indexOf('。', m.index);
    const e = e0 < 0 ? b.text.length : e0 + 1;
    while (s < e && /[\s\u3000]/.test(b.text[s])) s++;
    const span = { start: b.span.start + s, end: b.span.start + e };
    const sentence = text.slice(span.start, span.end);
    return { span, text: sentence, dates: findCnDates(sentence, span.start) };
  }
  return null;
}

export function readMeta(fm: FrontMatter | null, title: Title | null, period: Period | null, signature: Signature | null): Meta {
  const get = (k: string) => fm?.entries.find((e) => e.canonical === k);
  const meta: Meta = { edition: 2021, editionSource: 'default', kind: 'department' };
  const agency = get('agency');
  if (agency && typeof agency.value === 'string' && agency.value.trim()) {
    meta.agency = agency.value.trim();
    meta.agencySource = 'frontmatter';
  } else if (title?.agency) {
    meta.agency = title.agency;
    meta.agencySource = 'title';
  }
  const year = get('year');
  const fy = year ? Number(String(year.value).normalize('NFKC')) : NaN;
  if (year && Number.isInteger(fy) && fy >= 1990 && fy <= 2100) {
    meta.year = fy;
    meta.yearSource = 'frontmatter';
    meta.yearSpan = year.valueSpan;
  } else if (title?.year) {
    meta.year = title.year;
    meta.yearSource = 'title';
    meta.yearSpan = title.yearSpan;
  } else if (period && period.dates.length) {
    meta.year = period.dates[0].year;
    meta.yearSource = 'period';
    meta.yearSpan = period.dates[0].span;
  }
  const tpl = get('template');
  const te = tpl ? Number(String(tpl.value).normalize('NFKC')) : NaN;
  if (meta.year !== undefined) {
    meta.edition = editionForYear(meta.year);
    meta.editionSource = 'year';
  } else if (te === 2019 || te === 2021) {
    meta.edition = te;
    meta.editionSource = 'frontmatter';
  }
  const kind = get('kind');
  const kv = kind ? String(kind.value).trim().toLowerCase() : '';
  if (kv === '政府' || kv === 'government') meta.kind = 'government';
  else if (kv === '部门' || kv === 'department') meta.kind = 'department';
  else if (meta.agency) meta.kind = agencyKind(meta.agency);
  const pub = get('published');
  if (pub) {
    const d = parseDateValue(String(pub.value ?? ''));
    if (d) meta.published = { ...d, span: pub.valueSpan, source: 'frontmatter', raw: pub.valueText };
  } else if (signature?.date && signature.date.month !== undefined && signature.date.day !== undefined) {
    const sd = signature.date;
    meta.published = { year: sd.year, month: sd.month!, day: sd.day!, valid: sd.valid, span: sd.span, source: 'signature', raw: sd.raw };
  }
  return meta;
}
