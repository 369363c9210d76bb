/** Where the text is not read as written: the Limit of the model, and the reader of undecodable characters. */
import type { LimitNote } from '../parse.js';
import type { LineIndex, Span } from '../text.js';

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

/** Characters a decoder put in place of bytes it could not read (U+FFFD), or NULs (UTF-16 read as UTF-8): the first line holding one, and how many. */
export function readUndecodable(text: string, lines: LineIndex): Limit | null {
  const re = /[\ufffd\u0000]/g;
  const first = re.exec(text);
  if (!first) return null;
  let n = 1;
  while (re.exec(text)) n++;
  const line = lines.position(first.index).line;
  return { kind: 'undecodable', span: { start: lines.lineStarts[line], end: lines.lineEnd(line) }, size: n, limit: 0 };
}
