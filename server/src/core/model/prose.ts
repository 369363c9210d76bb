/**
 * The model's reader of the prose's inline structure: the paragraphs, list items, quotes, code and subheadings of a
 * stretch of prose, each as runs of plain text with their emphasis and link addresses. What the published layout
 * (render/layout.ts) shows of the prose is read here, once a stretch and report, not parsed again by render.
 *
 * Nothing is markup any more: raw HTML is a run of its text, an image the text of its alt.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, RootContent, PhrasingContent } from 'mdast';
import { chunkText, longLine, maskForParse } from '../parse.js';
import type { Span } from '../text.js';
import type { Report } from '../model.js';

export interface ProseRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  strike?: boolean;
  /** The address of the link the run is the text of, as written (the reader of the model decides which to follow). */
  url?: string;
}

export interface ProseParagraph {
  style: 'body' | 'list' | 'quote' | 'code' | 'subheading';
  /** For list items: the marker ("1." or "•") and the nesting level. */
  marker?: string;
  level?: number;
  runs: ProseRun[];
  source: Span;
}

const mdProcessor = unified().use(remarkParse).use(remarkGfm);

function runsOf(nodes: PhrasingContent[], style: Omit<ProseRun, 'text'> = {}): ProseRun[] {
  const out: ProseRun[] = [];
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
        out.push({ ...style, text: n.value });
        break;
      case 'strong':
        out.push(...runsOf(n.children, { ...style, bold: true }));
        break;
      case 'emphasis':
        out.push(...runsOf(n.children, { ...style, italic: true }));
        break;
      case 'delete':
        out.push(...runsOf(n.children, { ...style, strike: true }));
        break;
      case 'inlineCode':
        out.push({ ...style, code: true, text: n.value });
        break;
      case 'break':
        out.push({ ...style, text: '\n' });
        break;
      case 'link':
        out.push(...runsOf(n.children, n.url ? { ...style, url: n.url } : style));
        break;
      case 'image':
        out.push({ ...style, text: n.alt ? `[${n.alt}]` : '' });
        break;
      case 'html':
        // Raw HTML in prose is the text it is.
        out.push({ ...style, text: n.value });
        break;
      default:
        if ('children' in n && Array.isArray(n.children)) out.push(...runsOf(n.children as PhrasingContent[], style));
        else if ('value' in n && typeof n.value === 'string') out.push({ ...style, text: n.value });
    }
  }
  return out.filter((r) => r.text !== '');
}

/**
 * Text that would make micromark slow out of proportion (see maskForParse, blocks of lines past BLOCK_LINES and lines
 * past LINE_CHARS) is read as it is written, a plain paragraph per blank-line-separated block: exact text, no inline
 * formatting.
 */
function plainParagraphs(text: string, offset: number, out: ProseParagraph[]): void {
  let start = -1;
  let at = 0;
  const flush = (end: number) => {
    if (start >= 0) out.push({ style: 'body', runs: [{ text: text.slice(start, end).trim() }], source: { start: offset + start, end: offset + end } });
    start = -1;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') flush(Math.max(at - 1, 0));
    else if (start < 0) start = at;
    at += line.length + 1;
  }
  flush(text.length);
}

function walk(nodes: RootContent[], text: string, offset: number, level: number, quote: boolean, out: ProseParagraph[]): void {
  for (const n of nodes) {
    const source = { start: offset + (n.position?.start.offset ?? 0), end: offset + (n.position?.end.offset ?? 0) };
    switch (n.type) {
      case 'paragraph':
        out.push({ style: quote ? 'quote' : 'body', runs: runsOf(n.children), source });
        break;
      case 'heading':
        out.push({ style: 'subheading', runs: runsOf(n.children), source });
        break;
      case 'blockquote':
        walk(n.children, text, offset, level, true, out);
        break;
      case 'list': {
        const start = n.start ?? 1;
        n.children.forEach((item, j) => {
          const mk = n.ordered ? `${start + j}.` : '•';
          const [first, ...rest] = item.children;
          const isrc = { start: offset + (item.position?.start.offset ?? 0), end: offset + (item.position?.end.offset ?? 0) };
          out.push({ style: 'list', marker: mk, level, runs: first && first.type === 'paragraph' ? runsOf(first.children) : [], source: isrc });
          walk(first && first.type === 'paragraph' ? rest : item.children, text, offset, level + 1, quote, out);
        });
        break;
      }
      case 'code':
        out.push({ style: 'code', runs: [{ text: n.value, code: true }], source });
        break;
      case 'html':
        out.push({ style: 'body', runs: [{ text: n.value }], source });
        break;
      case 'table':
        // Tables are read by the table readers; a table within prose keeps its text.
        out.push({ style: 'body', runs: [{ text: text.slice(n.position?.start.offset ?? 0, n.position?.end.offset ?? 0) }], source });
        break;
      case 'thematicBreak':
      case 'definition':
      case 'yaml':
        break;
      default:
        if ('children' in n && Array.isArray(n.children)) walk(n.children as RootContent[], text, offset, level, quote, out);
    }
  }
}

/** The prose of `text` (which stands at `offset` of the report) as paragraphs of runs. */
export function readProse(text: string, offset: number): ProseParagraph[] {
  const out: ProseParagraph[] = [];
  if (longLine(text) !== null || maskForParse(text) !== null || chunkText(text).some((c) => c.forced)) {
    plainParagraphs(text, offset, out);
    return out;
  }
  let root: Root;
  try {
    root = mdProcessor.parse(text) as Root;
  } catch {
    return [{ style: 'body', runs: [{ text }], source: { start: offset, end: offset + text.length } }];
  }
  walk(root.children, text, offset, 0, false, out);
  return out;
}

const cache = new WeakMap<Report, Map<string, ProseParagraph[]>>();

/** The prose of the report between `span.start` and `span.end`, read once a report (the preview and an export share it). */
export function proseOf(report: Report, span: Span): ProseParagraph[] {
  let byReport = cache.get(report);
  if (!byReport) cache.set(report, (byReport = new Map()));
  const key = `${span.start}:${span.end}`;
  let out = byReport.get(key);
  if (!out) byReport.set(key, (out = readProse(report.text.slice(span.start, span.end), span.start)));
  return out;
}
