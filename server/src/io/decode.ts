/**
 * The text of a report file: UTF-8 (with or without a BOM), UTF-16 (with a BOM, or without one when its NUL bytes
 * show it), or GB18030/GBK, the encoding older Chinese tools save in. What cannot be decoded stays as U+FFFD, which
 * the checker reports (S13): a report is never read as UTF-8 without a word.
 */
import { Buffer, isUtf8 } from 'node:buffer';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

/**
 * UTF-16 without a BOM: the ASCII it holds (line breaks, pipes, digits) puts NUL in every other byte, on one side;
 * CJK characters put few there (U+4E00 一 is 00 4E), and UTF-8 or GBK text has none.
 */
function utf16Side(bytes: Uint8Array): 'le' | 'be' | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.05 && odd > even * 4) return 'le';
  if (even > pairs * 0.05 && even > odd * 4) return 'be';
  return null;
}

export function decodeReport(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const side = utf16Side(bytes);
  if (side) return { text: new TextDecoder(side === 'le' ? 'utf-16le' : 'utf-16be').decode(bytes), encoding: side === 'le' ? 'utf-16le' : 'utf-16be' };
  // Valid UTF-8 (nearly every report) is checked and decoded by Node's own code: a fatal TextDecoder made for each
  // file was 4% of a batch.
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), encoding: 'utf-8' };
  // GBK-encoded Chinese is practically never valid UTF-8; GB18030 is its superset. When that does not read either
  // (most of it replaced), it was UTF-8 with some bad bytes: keep those as U+FFFD.
  const gb = new TextDecoder('gb18030').decode(bytes);
  let bad = 0;
  for (let i = gb.indexOf('\ufffd'); i >= 0; i = gb.indexOf('\ufffd', i + 1)) bad++;
  if (bad <= gb.length * 0.01) return { text: gb, encoding: 'gb18030' };
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
}

/** How an encoding other than UTF-8 is named to the user. */
export function encodingName(e: Encoding): string {
  return e === 'gb18030' ? 'GB18030/GBK' : e === 'utf-16le' ? 'UTF-16 LE' : e === 'utf-16be' ? 'UTF-16 BE' : 'UTF-8';
}
