/** The model's reader of the front matter: the YAML keys of the report, with the span of each key and value. */
import { parseDocument, isMap, isScalar, isPair } from 'yaml';
import type { Block } from '../parse.js';
import type { Span } from '../text.js';
import type { Report } from '../model.js';

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

const FM_KEYS: Record<string, string> = {
  机关: 'agency', agency: 'agency',
  年度: 'year', year: 'year',
  格式: 'template', template: 'template',
  报告类型: 'kind', kind: 'kind',
  发布日期: 'published', published: 'published',
};


/** A key or a value the fast path takes: see simpleEntries. */
const SIMPLE_LINE = /^([A-Za-z\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff]*):[ ]+(\S(?:.*\S)?)$/;
/** Keys the core schema reads as a boolean or null (`True: x` is the key "true"). */
const SPECIAL_KEY = /^(?:true|false|null)$/i;
const SIMPLE_INT = /^[1-9][0-9]{0,14}$/;
const SIMPLE_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** A plain string YAML cannot read otherwise: it starts with a Chinese character and has no character YAML gives a meaning to. */
const SIMPLE_TEXT = /^[\u4e00-\u9fff][\u4e00-\u9fff\u3001\u00b7\uff08\uff09A-Za-z0-9]*$/;

type Entry = { key: string; keyRange: [number, number]; value: unknown; valueRange: [number, number] };

/**
 * The front matter of nearly every report, read without the YAML parser (a fifth of a batch's time went to it):
 * every line `key: value`, the key a word of Chinese characters or ASCII letters, the value a whole number without a
 * leading zero, a date `YYYY-MM-DD` or Chinese text with no character YAML reads as syntax. YAML 1.2 (the core
 * schema) reads such a line as one pair, a number, a string or a string, as here; anything else (quotes, comments,
 * colons, blank lines, lists, other scalars) is left to the parser: null. test/unit/front-matter.test.ts holds it
 * to the parser's reading.
 */
export function simpleEntries(yaml: string): Entry[] | null {
  const out: Entry[] = [];
  const end = yaml.endsWith('\n') ? yaml.length - 1 : yaml.length;
  if (end === 0) return null;
  for (let p = 0; p <= end; ) {
    let e = yaml.indexOf('\n', p);
    if (e < 0 || e > end) e = end;
    const m = SIMPLE_LINE.exec(yaml.slice(p, e));
    if (!m || SPECIAL_KEY.test(m[1])) return null;
    const raw = m[2];
    let value: unknown;
    if (SIMPLE_INT.test(raw)) value = Number(raw);
    else if (SIMPLE_DATE.test(raw) || SIMPLE_TEXT.test(raw)) value = raw;
    else return null;
    const v0 = e - raw.length;
    out.push({ key: m[1], keyRange: [p, p + m[1].length], value, valueRange: [v0, e] });
    p = e + 1;
  }
  return out;
}

/** The same entries as the YAML parser reads them (null when it finds an error or no mapping): for the tests. */
export function yamlEntries(yaml: string): Entry[] | null {
  const doc = parseDocument(yaml, { prettyErrors: false, uniqueKeys: false });
  return doc.errors.length || !doc.contents || !isMap(doc.contents) ? null : mapEntries(doc.contents);
}

/** The pairs of a YAML mapping with a scalar key. Collections are kept as their source text (value null): no key takes one, and aliases could expand them without bound. */
function mapEntries(map: { items: unknown[] }): Entry[] {
  const out: Entry[] = [];
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const kr = item.key.range ?? [0, 0];
    const v = item.value;
    const vr = (v as { range?: [number, number, number] } | null)?.range ?? [kr[1], kr[1]];
    out.push({ key: String(item.key.value), keyRange: [kr[0], kr[1]], value: v && isScalar(v) ? v.value : null, valueRange: [vr[0], vr[1]] });
  }
  return out;
}

function entryOf(fm: { value: string }, base: number, e: Entry): FrontMatterEntry {
  return {
    key: e.key,
    canonical: FM_KEYS[e.key] ?? FM_KEYS[e.key.toLowerCase()] ?? null,
    keySpan: { start: base + e.keyRange[0], end: base + e.keyRange[1] },
    value: e.value,
    valueText: fm.value.slice(e.valueRange[0], e.valueRange[1]),
    valueSpan: { start: base + e.valueRange[0], end: base + e.valueRange[1] },
  };
}

export function readFrontMatter(text: string, blocks: Block[]): FrontMatter | null {
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
  const simple = simpleEntries(fm.value);
  if (simple) {
    result.entries = simple.map((e) => entryOf(fm, base, e));
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
      result.entries = mapEntries(contents).map((e) => entryOf(fm, base, e));
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
