/** The head of a report (agency, year, edition) read cheaply: the model of the text before the first section. */
import { BlockParser } from './parse.js';
import { buildReport } from './model.js';
import { agencyKey } from './cross.js';
import { normaliseLineEnds } from './text.js';

export interface ReportHead {
  agency?: string;
  /** The agency as a comparable key ('' when unknown). */
  agencyKey: string;
  year?: number;
  edition: 2019 | 2021;
}

/** At most this much text is read for the head (front matter, title and preamble come first). */
export const HEAD_LIMIT = 64 * 1024;

/**
 * The text before the first section heading (level 2 or lower ATX heading after the title), at most HEAD_LIMIT
 * characters, cut at a line end. Front matter, the title and the period sentence are all in it.
 */
export function headText(text: string): string {
  const limit = Math.min(text.length, HEAD_LIMIT);
  const re = /^#{2,6}[ \t]/gm;
  let cut = limit;
  // A '## ' inside front matter would be YAML: start looking after the closing '---'.
  let from = 0;
  if (/^---[ \t]*\r?\n/.test(text)) {
    const close = /\n(---|\.\.\.)[ \t]*(\r?\n|$)/g;
    close.lastIndex = 3;
    const m = close.exec(text);
    if (m && m.index < limit) from = m.index + m[0].length;
  }
  re.lastIndex = from;
  const m = re.exec(text);
  if (m && m.index < limit) cut = m.index;
  else if (limit < text.length) {
    const nl = text.lastIndexOf('\n', limit);
    cut = nl > 0 ? nl + 1 : limit;
  }
  return text.slice(0, cut);
}

/** Reads the head of a report. `parser` should be private to the caller (its cache holds the heads). Never throws. */
export function readHead(text: string, parser: BlockParser = new BlockParser(64)): ReportHead {
  const head = headText(typeof text === 'string' ? normaliseLineEnds(text.replace(/^\ufeff/, '')) : '');
  let meta;
  try {
    meta = buildReport(head, parser.parse(head)).meta;
  } catch {
    meta = buildReport(head, []).meta;
  }
  return { agency: meta.agency, agencyKey: agencyKey(meta.agency), year: meta.year, edition: meta.edition };
}
