/** The report model: what a report says, with the exact span of everything a rule may point at. */
import { parseDocument, isMap, isScalar, isPair } from 'yaml';
import type { Block, CellSpan, LimitNote, RowSpan } from './parse.js';
import { CellReading, readCell } from './cells.js';
import { DateRef, findCnDates, parseDateValue } from './dates.js';
import {
  BlockDef, CellKind, ColumnDef, Edition, ITEM_NUMERALS, RowDef, S2_BLOCKS, SECTIONS, SectionDef,
  T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_ROWS, editionForYear, labelKey,
} from './standard.js';
import { LineIndex, Span, cnNumeral, editDistance, labelCore, normLabel } from './text.js';
import { NUMERAL_RE, agencyAndDate, agencyKind, dateAlone, looksLikeAgency } from './recognise.js';

export interface FrontMatterEntry {
  key: string;
  /** Canonical key: agency, year, template, kind, published; null when unknown. */
  canonical: string | null;
  keySpan: Span;
  value: unknown;
  valueText: string;
  valueSpan: Span;
}

export interface FrontMatter {
  span: Span;
  entries: FrontMatterEntry[];
  /**
   * Why it could not be read: a YAML error (`message` is the parser's), or a limit ('too-large': more characters than
   * FRONT_MATTER_LIMIT; 'too-deep': flow collections nested deeper than FRONT_MATTER_DEPTH, at the line where it goes past), which
   * are not parsed.
   */
  error?: { message: string; span: Span; limit?: { kind: 'too-large' | 'too-deep'; size: number; limit: number } };
}

/** Front matter is a few keys; past these it is not parsed (50,000 nested `[{` took the YAML parser 7 s and 1.5 GB). */
export const FRONT_MATTER_LIMIT = 64 * 1024;
export const FRONT_MATTER_DEPTH = 32;

/**
 * Where flow collections (`[`, `{`) in YAML text nest deeper than `stop` (`at` -1 when they never do), counted over
 * every bracket, inside quotes and comments too: it may overcount, never let a deep one through.
 */
function flowDepth(yaml: string, stop: number): { depth: number; at: number } {
  let depth = 0;
  for (let i = 0; i < yaml.length; i++) {
    const c = yaml.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > stop) return { depth, at: i };
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return { depth, at: -1 };
}

export interface Title {
  span: Span;
  content: Span;
  text: string;
  agency?: string;
  year?: number;
  yearSpan?: Span;
  /** Whether the title has the shape `{机关}{年度}年政府信息公开工作年度报告`. */
  wellFormed: boolean;
  /** The agency is written after the year (`2024年某局政府信息公开工作年度报告`). */
  agencyAfterYear?: boolean;
  hasWork: boolean;
}

export interface NumberCell extends CellReading {
  raw: string;
  /** The cell text, or the whole space between the pipes for an empty cell. */
  span: Span;
  outer: Span;
  kind: CellKind;
  row: string;
  col: string;
  rowLabel: string;
  colLabel: string;
}

export interface RowModel {
  span: Span;
  label: CellSpan;
  def: RowDef | null;
  quality: 'exact' | 'normalised' | 'near' | 'none';
  suggestion?: RowDef;
  cellCount: number;
  cells: Map<string, NumberCell>;
  /** Index of the row among the body rows. */
  index: number;
}

export interface ColumnModel {
  cell: CellSpan;
  index: number;
  def: { key: string; label: string; kind: CellKind } | null;
  quality: 'exact' | 'normalised' | 'near' | 'none';
  suggestion?: { key: string; label: string };
}

export type TableKind = 's2' | 't3' | 't4';

export interface TableModel {
  kind: TableKind;
  block: Extract<Block, { kind: 'table' }>;
  /** Edition the table's own shape shows, null when both would fit. */
  edition: Edition | null;
  /** Edition whose definitions were used to read it. */
  readAs: Edition;
  /** Article-20 item for section 二 blocks. */
  item?: number;
  heading?: Extract<Block, { kind: 'heading' }>;
  columns: ColumnModel[];
  rows: RowModel[];
  byKey: Map<string, RowModel>;
  rowDefs: RowDef[];
  colDefs: { key: string; label: string; kind: CellKind }[];
  /** Section number (1–6) the table stands in, if any. */
  section: number | null;
}

export interface SectionModel {
  /** Standard section number 1–6, or null for an H2 that names no section. */
  no: number | null;
  def: SectionDef | null;
  heading: Extract<Block, { kind: 'heading' }>;
  /** Numeral written in the heading (1–10), if any; 0 for one that is no number (`五一、`). */
  numeral?: number;
  /** Span of the numeral and its separator. */
  numeralSpan?: Span;
  /** The heading wording after the numeral, normalised. */
  wording: string;
  exact: boolean;
  span: Span;
  /** Blocks of the section's content (signature excluded). */
  blocks: Block[];
}

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

export interface Suppressions {
  /** Returns true when rule `code` is disabled at `line` (0-based). */
  isDisabled(code: string, line: number): boolean;
}

/**
 * A place where the text is not read as written: past a limit of the parser (LimitNote), a document longer than the
 * part analysed ('document'), or characters that were not decoded ('undecodable': U+FFFD or NUL, a file read in the
 * wrong encoding). Reported by S13.
 */
export interface Limit {
  kind: LimitNote['kind'] | 'document' | 'undecodable';
  span: Span;
  size: number;
  limit: number;
}

export interface Report {
  text: string;
  lines: LineIndex;
  blocks: Block[];
  frontMatter: FrontMatter | null;
  title: Title | null;
  meta: Meta;
  preamble: Block[];
  period: Period | null;
  signature: Signature | null;
  sections: SectionModel[];
  /** Sections by standard number (first occurrence). */
  section: Map<number, SectionModel>;
  tables: { s2: TableModel[]; t3: TableModel | null; t4: TableModel | null; all: TableModel[] };
  suppressions: Suppressions;
  limits: Limit[];
}

const FM_KEYS: Record<string, string> = {
  机关: 'agency', agency: 'agency',
  年度: 'year', year: 'year',
  格式: 'template', template: 'template',
  报告类型: 'kind', kind: 'kind',
  发布日期: 'published', published: 'published',
};

type HeadingBlock = Extract<Block, { kind: 'heading' }>;
type TableBlock = Extract<Block, { kind: 'table' }>;

export function buildReport(text: string, blocks: Block[], limits: Limit[] = []): Report {
  const lines = new LineIndex(text);
  const frontMatter = readFrontMatter(text, blocks);
  const title = readTitle(text, blocks);
  const sections = readSections(text, blocks);
  const titleEnd = title ? title.span.end : frontMatter ? frontMatter.span.end : 0;
  // The first section heading after the title (a stray '##' or setext heading above the title does not end the preamble).
  const firstSectionStart = sections.find((s) => s.heading.span.start >= titleEnd)?.heading.span.start ?? text.length;
  const preamble = blocks.filter((b) => b.span.start >= titleEnd && b.span.end <= firstSectionStart && b.kind !== 'frontmatter' && !(b.kind === 'heading' && b.depth === 1));
  const signature = readSignature(text, blocks, lines);
  if (signature) {
    const sigStart = signature.agency?.span.start ?? signature.date?.span.start ?? Infinity;
    for (const s of sections) s.blocks = s.blocks.filter((b) => b.span.start < sigStart);
  }
  const period = readPeriod(text, preamble);
  const meta = readMeta(frontMatter, title, period, signature);
  const section = new Map<number, SectionModel>();
  for (const s of sections) if (s.no !== null && !section.has(s.no)) section.set(s.no, s);
  const tables = readTables(text, blocks, sections, meta);
  if (meta.editionSource === 'default') {
    const votes = tables.all.map((t) => t.edition).filter((e): e is Edition => e !== null);
    if (votes.length) {
      const n2019 = votes.filter((v) => v === 2019).length;
      meta.edition = n2019 * 2 > votes.length ? 2019 : 2021;
      meta.editionSource = 'tables';
    }
  }
  const undecodable = readUndecodable(text, lines);
  return {
    text, lines, blocks, frontMatter, title, meta, preamble, period, signature, sections, section, tables,
    suppressions: readSuppressions(text, lines, blocks),
    limits: undecodable ? [...limits, undecodable] : limits,
  };
}

/** Characters a decoder put in place of bytes it could not read (U+FFFD), or NULs (UTF-16 read as UTF-8): the first line holding one, and how many. */
function readUndecodable(text: string, lines: LineIndex): Limit | null {
  const re = /[\ufffd\u0000]/g;
  const first = re.exec(text);
  if (!first) return null;
  let n = 1;
  while (re.exec(text)) n++;
  const line = lines.position(first.index).line;
  return { kind: 'undecodable', span: { start: lines.lineStarts[line], end: lines.lineEnd(line) }, size: n, limit: 0 };
}

function readFrontMatter(text: string, blocks: Block[]): FrontMatter | null {
  const fm = blocks.find((b) => b.kind === 'frontmatter') as Extract<Block, { kind: 'frontmatter' }> | undefined;
  if (!fm) {
    if (/^\ufeff?---[ \t]*\r?$/m.test(text.slice(0, 5)) && text.startsWith('---')) {
      const end = text.indexOf('\n');
      return { span: { start: 0, end: end < 0 ? text.length : end }, entries: [], error: { message: 'unclosed', span: { start: 0, end: 3 } } };
    }
    return null;
  }
  const base = fm.valueSpan.start;
  const result: FrontMatter = { span: fm.span, entries: [] };
  const firstLine = lineAround(text, fm.span.start);
  if (fm.value.length > FRONT_MATTER_LIMIT) {
    result.error = { message: 'too large', span: firstLine, limit: { kind: 'too-large', size: fm.value.length, limit: FRONT_MATTER_LIMIT } };
    return result;
  }
  const deep = flowDepth(fm.value, FRONT_MATTER_DEPTH);
  if (deep.at >= 0) {
    result.error = { message: 'nested too deep', span: lineAround(text, base + deep.at), limit: { kind: 'too-deep', size: deep.depth, limit: FRONT_MATTER_DEPTH } };
    return result;
  }
  try {
    const doc = parseDocument(fm.value, { prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length) {
      const e = doc.errors[0];
      const pos = e.pos ?? [0, 1];
      // An unclosed flow collection is detected where the parser gave up; point at its opening line.
      const close = /end with an? ([\]}])/.exec(e.message);
      const open = close ? fm.value.lastIndexOf(close[1] === ']' ? '[' : '{', pos[0]) : -1;
      result.error = { message: e.message.split('\n')[0], span: lineAround(text, base + (open >= 0 ? open : pos[0])) };
    }
    const contents = doc.contents;
    if (contents && isMap(contents)) {
      for (const item of contents.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const key = String(item.key.value);
        const kr = item.key.range ?? [0, 0];
        const v = item.value;
        const vr = (v as { range?: [number, number, number] } | null)?.range ?? [kr[1], kr[1]];
        // Collections are kept as their source text: no key takes one, and aliases could expand them without bound.
        const value = v && isScalar(v) ? v.value : null;
        result.entries.push({
          key,
          canonical: FM_KEYS[key] ?? FM_KEYS[key.toLowerCase()] ?? null,
          keySpan: { start: base + kr[0], end: base + kr[1] },
          value,
          valueText: fm.value.slice(vr[0], vr[1]),
          valueSpan: { start: base + vr[0], end: base + vr[1] },
        });
      }
    } else if (contents && !result.error && fm.value.trim() !== '') {
      result.error = { message: 'not a mapping', span: { start: base, end: Math.max(base + 1, fm.valueSpan.end) } };
    }
  } catch (e) {
    result.error = { message: String(e), span: fm.span };
  }
  return result;
}

/** The (trimmed) line holding `offset`; an offset on a line break belongs to the line it ends. */
function lineAround(text: string, offset: number): Span {
  const o = Math.min(offset, text.length);
  const start = text.lastIndexOf('\n', o - 1) + 1;
  let end = text.indexOf('\n', o);
  if (end < 0) end = text.length;
  const line = text.slice(start, end);
  const lead = line.length - line.trimStart().length;
  return { start: start + lead, end: start + line.trimEnd().length };
}

export function fmEntry(report: Report, canonical: string): FrontMatterEntry | undefined {
  return report.frontMatter?.entries.find((e) => e.canonical === canonical);
}

const TITLE_RE = /^(.*?)([12]\d{3})(\s*)年(度)?(.*)$/;

function readTitle(text: string, blocks: Block[]): Title | null {
  const h = blocks.find((b) => b.kind === 'heading' && b.depth === 1 && !b.nested) as HeadingBlock | undefined;
  if (!h) return null;
  const t: Title = { span: h.span, content: h.content, text: h.text, wellFormed: false, hasWork: false };
  const m = TITLE_RE.exec(h.text.normalize('NFKC'));
  if (m) {
    const agency = m[1].replace(/[\s\u3000]+/g, '');
    t.agency = agency || undefined;
    // `2024年上海市科委政府信息公开工作年度报告`: the agency after the year.
    const after = /^(.{2,30}?)政府信息公开/.exec(m[5].replace(/[\s\u3000]+/g, ''));
    if (!agency && after && looksLikeAgency(after[1])) {
      t.agency = after[1];
      t.agencyAfterYear = true;
    }
    t.year = Number(m[2]);
    const yi = h.text.normalize('NFKC').indexOf(m[2], m[1].length);
    t.yearSpan = { start: h.content.start + yi, end: h.content.start + yi + 4 };
    const rest = m[5].replace(/[\s\u3000]+/g, '');
    t.hasWork = /政府信息公开工作年度报告$/.test(rest);
    t.wellFormed = rest === '政府信息公开工作年度报告' && !m[4];
    if (t.agencyAfterYear) t.wellFormed = rest === `${t.agency}政府信息公开工作年度报告` && !m[4];
  }
  return t;
}

function readSections(text: string, blocks: Block[]): SectionModel[] {
  const heads = blocks.filter((b): b is HeadingBlock => b.kind === 'heading' && b.depth === 2 && !b.nested);
  const out: SectionModel[] = [];
  heads.forEach((h, i) => {
    const end = i + 1 < heads.length ? heads[i + 1].span.start : text.length;
    const m = NUMERAL_RE.exec(h.text);
    let numeral: number | undefined;
    let numeralSpan: Span | undefined;
    let rest = h.text;
    if (m && (m[1] || m[2] || m[3] || m[4])) {
      numeral = m[1] ? (cnNumeral(m[1]) ?? 0) : m[2] ? (cnNumeral(m[2]) ?? 0) : Number((m[3] ?? m[4]).normalize('NFKC'));
      numeralSpan = { start: h.content.start, end: h.content.start + m[0].length };
      rest = h.text.slice(m[0].length);
    }
    const wording = normLabel(rest);
    let def = SECTIONS.find((d) => d.keys.test(wording)) ?? null;
    if (!def && numeral !== undefined && numeral >= 1 && numeral <= 6) def = SECTIONS[numeral - 1];
    const exact = def !== null && h.text === def.heading;
    out.push({
      no: def ? def.no : null,
      def,
      heading: h,
      numeral,
      numeralSpan,
      wording,
      exact,
      span: { start: h.span.start, end },
      blocks: [],
    });
  });
  // Assign blocks to sections in one pass (documents can hold thousands of blocks).
  let k = 0;
  for (const b of blocks) {
    while (k < out.length && b.span.start >= out[k].span.end) k++;
    if (k >= out.length) break;
    if (b.span.start >= out[k].heading.span.end && b.span.end <= out[k].span.end) out[k].blocks.push(b);
  }
  return out;
}

function readSignature(text: string, blocks: Block[], lines: LineIndex): Signature | null {
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

function readPeriod(text: string, preamble: Block[]): Period | null {
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

function readMeta(fm: FrontMatter | null, title: Title | null, period: Period | null, signature: Signature | null): Meta {
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

// ---------------------------------------------------------------- tables

const T3_COL_KEYS = new Set(T3_COLUMNS.slice(0, 5).map((c) => labelCore(normLabel(c.label))));
const T4_COL_KEYS = new Set(['结果维持', '结果纠正', '尚未审结']);

function classify(t: TableBlock): TableKind | null {
  const head = t.header.cells.map((c) => labelKey(c.text));
  if (head[0] === '信息内容') return 's2';
  if (head.some((h) => T3_COL_KEYS.has(h)) || head[0] === '申请人情况') return 't3';
  if (head.some((h) => T4_COL_KEYS.has(h))) return 't4';
  const first = t.rows.map((r) => labelCore(normLabel(r.cells[0]?.text ?? '')));
  if (first.some((l) => l.startsWith('本年新收') || l === '总计')) return 't3';
  if (first.some((l) => l.startsWith('行政复议'))) return 't4';
  return null;
}

function readTables(text: string, blocks: Block[], sections: SectionModel[], meta: Meta): Report['tables'] {
  const all: TableModel[] = [];
  const s2: TableModel[] = [];
  let t3: TableModel | null = null;
  let t4: TableModel | null = null;
  let lastHeading: HeadingBlock | undefined;
  let k = 0;
  for (const b of blocks) {
    if (b.kind === 'heading') {
      lastHeading = b.depth >= 3 ? b : undefined;
      continue;
    }
    if (b.kind !== 'table') continue;
    const kind = classify(b);
    if (!kind) continue;
    while (k < sections.length && b.span.start >= sections[k].span.end) k++;
    const sec = k < sections.length && b.span.start >= sections[k].span.start ? sections[k] : undefined;
    const section = sec?.no ?? null;
    let model: TableModel;
    if (kind === 's2') {
      model = readS2(b, lastHeading, meta.edition);
      s2.push(model);
    } else if (kind === 't3') {
      model = readT3(b, meta.edition);
      if (!t3) t3 = model;
    } else {
      model = readT4(b, meta.edition);
      if (!t4) t4 = model;
    }
    model.section = section;
    all.push(model);
    lastHeading = undefined;
  }
  return { s2, t3, t4, all };
}

const ITEM_RE = /第\s*[（(]?\s*([一二三四五六七八九十]+)\s*[）)]?\s*项/;

function itemFromRows(t: TableBlock): number | undefined {
  const labels = t.rows.map((r) => labelKey(r.cells[0]?.text ?? ''));
  if (labels.some((l) => l === '规章' || l.endsWith('规范性文件'))) return 1;
  if (labels.some((l) => l === '行政许可' || l === '其他对外管理服务事项')) return 5;
  if (labels.some((l) => l === '行政处罚' || l === '行政强制')) return 6;
  if (labels.some((l) => l === '行政事业性收费')) return 8;
  if (labels.some((l) => l === '政府集中采购')) return 9;
  return undefined;
}

function readS2(t: TableBlock, heading: HeadingBlock | undefined, expected: Edition): TableModel {
  const hm = heading ? ITEM_RE.exec(heading.text.normalize('NFKC')) : null;
  const item = (hm ? cnNumeral(hm[1]) : undefined) ?? itemFromRows(t);
  const defs = (e: Edition) => S2_BLOCKS[e].find((d) => d.item === item);
  const score = (d: BlockDef | undefined) => {
    if (!d) return -1;
    const cols = new Set(d.columns.map((c) => labelKey(c.label)));
    const rows = new Set(d.rows.map((r) => labelKey(r.label)));
    let s = 0;
    for (const c of t.header.cells.slice(1)) if (cols.has(labelKey(c.text))) s++;
    for (const r of t.rows) if (rows.has(labelKey(r.cells[0]?.text ?? ''))) s++;
    return s;
  };
  const s19 = score(defs(2019));
  const s21 = score(defs(2021));
  const edition: Edition | null = s19 > s21 ? 2019 : s21 > s19 ? 2021 : null;
  const readAs = edition ?? expected;
  const def = defs(readAs) ?? defs(readAs === 2021 ? 2019 : 2021);
  const colDefs: ColumnDef[] = def ? def.columns : [];
  const rowDefs: RowDef[] = def ? def.rows : [];
  const m = readGrid(t, colDefs, rowDefs, (c) => labelKey(c), 'info');
  return { kind: 's2', block: t, edition, readAs, item, heading, ...m, rowDefs, colDefs, section: null };
}

function readT3(t: TableBlock, expected: Edition): TableModel {
  const labels = t.rows.map((r) => rowKeyText(r.cells[0]?.text ?? '', T3_ROWS[2021]));
  const has21 = labels.some((l) => l.startsWith('申请人无正当理由逾期不补正') || l.startsWith('申请人逾期未按收费通知'));
  const otherRow = t.rows.find((r, i) => labels[i] === '其他处理');
  const otherHasValues = otherRow ? otherRow.cells.slice(1).some((c) => c.text.trim() !== '') : false;
  const edition: Edition | null = has21 ? 2021 : otherHasValues ? 2019 : null;
  const readAs = edition ?? expected;
  const rowDefs = T3_ROWS[readAs];
  const colDefs = T3_COLUMNS.map((c) => ({ key: c.key, label: c.label, kind: 'count' as CellKind }));
  const m = readGrid(t, colDefs, rowDefs, (c) => labelCore(normLabel(c)), 'label');
  return { kind: 't3', block: t, edition, readAs, ...m, rowDefs, colDefs, section: null };
}

function readT4(t: TableBlock, expected: Edition): TableModel {
  const colDefs = T4_COLUMNS.map((c) => ({ key: c.key, label: c.label, kind: 'count' as CellKind }));
  const m = readGrid(t, colDefs, T4_ROWS, (c) => labelCore(normLabel(c)), 'label');
  return { kind: 't4', block: t, edition: null, readAs: expected, ...m, rowDefs: T4_ROWS, colDefs, section: null };
}

const ROW_ALIASES: Record<string, string[]> = {
  partial: ['部分公开'],
  direct: ['未经复议直接起诉', '行政诉讼未经复议直接起诉', '直接起诉'],
  after: ['复议后起诉', '行政诉讼复议后起诉'],
  review: ['行政复议'],
  fees: ['行政事业性收费'],
};

/** The comparable text of a row label, with a leading group label removed (`（三）不予公开 1.属于国家秘密`). */
function rowKeyText(label: string, defs: RowDef[]): string {
  let n = normLabel(label);
  for (const g of defs) {
    if (!g.group) continue;
    const gn = normLabel(g.label);
    const gc = labelCore(gn);
    if (n.length > gn.length && n.startsWith(gn)) n = n.slice(gn.length);
    else if (n.length > gc.length && n.startsWith(gc) && /^\d/.test(n.slice(gc.length))) n = n.slice(gc.length);
  }
  return labelCore(n);
}

function readGrid(
  t: TableBlock,
  colDefs: { key: string; label: string; kind: CellKind }[],
  rowDefs: RowDef[],
  colKey: (s: string) => string,
  _firstHeader: string,
): { columns: ColumnModel[]; rows: RowModel[]; byKey: Map<string, RowModel> } {
  // Columns
  const colCandidates = colDefs.map((d) => ({ def: d, keys: [colKey(d.label)] }));
  const colTexts = t.header.cells.slice(1).map((c) => colKey(c.text));
  const colMatch = matchLabels(colTexts, colCandidates);
  const columns: ColumnModel[] = t.header.cells.slice(1).map((cell, i) => ({
    cell,
    index: i + 1,
    def: colMatch[i].def,
    quality: colMatch[i].def ? (colMatch[i].near ? 'near' : cell.text === colMatch[i].def!.label ? 'exact' : 'normalised') : 'none',
    suggestion: colMatch[i].suggestion,
  }));
  // Rows
  const rowCandidates = rowDefs.map((d) => ({ def: d, keys: [labelCore(normLabel(d.label)), ...(ROW_ALIASES[d.key] ?? [])] }));
  const body = t.rows.filter((r) => r.cells.some((c) => c.text.trim() !== ''));
  const rowTexts = body.map((r) => rowKeyText(r.cells[0]?.text ?? '', rowDefs));
  const rowMatch = matchLabels(rowTexts, rowCandidates);
  const rows: RowModel[] = [];
  const byKey = new Map<string, RowModel>();
  body.forEach((r: RowSpan, i) => {
    const label = r.cells[0] ?? { outer: r.span, inner: r.span, text: '' };
    const rm = rowMatch[i];
    const row: RowModel = {
      span: r.span,
      label,
      def: rm.def,
      quality: rm.def ? (rm.near ? 'near' : label.text === rm.def.label ? 'exact' : 'normalised') : 'none',
      suggestion: rm.suggestion,
      cellCount: r.cells.length,
      cells: new Map(),
      index: i,
    };
    if (rm.def && !rm.def.group) {
      for (const col of columns) {
        if (!col.def) continue;
        const c = r.cells[col.index];
        if (!c) continue;
        const reading = readCell(c.text, col.def.kind);
        // One fixed object shape for every cell (object spread of readings of varying shapes is slow).
        row.cells.set(col.def.key, {
          value: reading.value,
          status: reading.status,
          problem: reading.problem,
          unit: reading.unit,
          wanYuan: reading.wanYuan,
          normalised: reading.normalised,
          raw: c.text,
          span: c.text === '' ? c.outer : c.inner,
          outer: c.outer,
          kind: col.def.kind,
          row: rm.def.key,
          col: col.def.key,
          rowLabel: rm.def.label,
          colLabel: col.def.label,
        });
      }
    }
    rows.push(row);
    if (rm.def && !byKey.has(rm.def.key)) byKey.set(rm.def.key, row);
  });
  return { columns, rows, byKey };
}

interface Candidate<T> {
  def: T;
  keys: string[];
}

/** Matches labels to definitions: exact keys first, then the nearest unused one within a third of its length. */
function matchLabels<T>(texts: string[], cands: Candidate<T>[]): { def: T | null; near: boolean; suggestion?: T }[] {
  const used = new Set<T>();
  const out: { def: T | null; near: boolean; suggestion?: T }[] = texts.map(() => ({ def: null, near: false }));
  texts.forEach((t, i) => {
    const c = cands.find((c) => !used.has(c.def) && c.keys.includes(t));
    if (c) {
      used.add(c.def);
      out[i] = { def: c.def, near: false };
    }
  });
  texts.forEach((t, i) => {
    if (out[i].def || t === '') return;
    let best: { def: T; d: number; len: number } | null = null;
    for (const c of cands) {
      for (const k of c.keys) {
        const d = editDistance(t, k, Math.max(k.length, t.length));
        if (!best || d < best.d) best = { def: c.def, d, len: k.length };
      }
    }
    if (!best) return;
    if (!used.has(best.def) && best.d <= Math.ceil(best.len / 3)) {
      used.add(best.def);
      out[i] = { def: best.def, near: true, suggestion: best.def };
    } else if (best.d <= Math.max(t.length, best.len) * 0.7) {
      out[i] = { def: null, near: false, suggestion: best.def };
    }
  });
  return out;
}

// ---------------------------------------------------------------- suppression comments

const DISABLE_RE = /^\s*<!--\s*xxgk-(disable-next-line|disable|enable)\b([^>]*?)-->\s*$/;

function readSuppressions(text: string, lines: LineIndex, blocks: Block[]): Suppressions {
  const ranges: { codes: Set<string> | null; from: number; to: number }[] = [];
  const open = new Map<string, number>();
  let openAll: number | null = null;
  const nextLine = new Map<number, Set<string> | null>();
  // Code blocks in document order, walked along with the lines (a comment inside one is not a directive).
  const code = blocks.filter((b) => b.kind === 'code');
  let ci = 0;
  for (let i = 0; i < lines.lineCount; i++) {
    const s = lines.lineStarts[i];
    const lineText = text.slice(s, lines.lineEnd(i));
    if (!lineText.includes('xxgk-')) continue;
    const m = DISABLE_RE.exec(lineText);
    if (!m) continue;
    while (ci < code.length && code[ci].span.end <= s) ci++;
    if (ci < code.length && s >= code[ci].span.start) continue;
    const ids = m[2].split(/[\s,，]+/).map((x) => x.trim().toUpperCase()).filter(Boolean);
    const codes = ids.length ? new Set(ids) : null;
    if (m[1] === 'disable-next-line') {
      const had = nextLine.get(i + 1);
      nextLine.set(i + 1, had === null || codes === null ? null : new Set([...(had ?? []), ...codes]));
    } else if (m[1] === 'disable') {
      if (!codes) openAll = openAll ?? i;
      else for (const c of codes) if (!open.has(c)) open.set(c, i);
    } else {
      if (!codes) {
        for (const [c, from] of open) ranges.push({ codes: new Set([c]), from, to: i });
        open.clear();
        if (openAll !== null) ranges.push({ codes: null, from: openAll, to: i });
        openAll = null;
      } else {
        for (const c of codes) {
          const from = open.get(c);
          if (from !== undefined) {
            ranges.push({ codes: new Set([c]), from, to: i });
            open.delete(c);
          }
        }
      }
    }
  }
  for (const [c, from] of open) ranges.push({ codes: new Set([c]), from, to: Infinity });
  if (openAll !== null) ranges.push({ codes: null, from: openAll, to: Infinity });
  // Per rule (and for all rules), the ranges by start line: a lookup is a binary search, not a walk over every range.
  const byCode = new Map<string | null, { from: number; to: number }[]>();
  for (const r of ranges) {
    for (const c of r.codes ?? [null]) {
      let list = byCode.get(c);
      if (!list) byCode.set(c, (list = []));
      list.push({ from: r.from, to: r.to });
    }
  }
  for (const list of byCode.values()) {
    list.sort((x, y) => x.from - y.from);
    // Each entry also carries the furthest end so far, so that one search answers for overlapping ranges.
    let reach = -1;
    for (const r of list) reach = Math.max(reach, r.to), (r.to = reach);
  }
  const within = (list: { from: number; to: number }[] | undefined, line: number) => {
    if (!list) return false;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].from <= line) (found = mid), (lo = mid + 1);
      else hi = mid - 1;
    }
    return found >= 0 && list[found].to >= line;
  };
  return {
    isDisabled(c: string, line: number) {
      if (within(byCode.get(null), line) || within(byCode.get(c), line)) return true;
      if (!nextLine.has(line)) return false;
      const n = nextLine.get(line);
      return n === null || !!n?.has(c);
    },
  };
}

export { ITEM_NUMERALS };
