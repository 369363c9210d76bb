/** What an input file is (text, HTML, .docx) and its text, decoded from UTF-8, UTF-16 or GB18030/GBK. */
import { ImportError, ImportShape } from './types.js';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export type Sniffed = { shape: 'text' | 'html'; text: string; encoding: string } | { shape: 'docx'; bytes: Uint8Array } | { shape: 'pdf'; bytes: Uint8Array };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(b: Uint8Array, sig: number[]): boolean {
  return b.length >= sig.length && sig.every((x, i) => b[i] === x);
}

function extOf(name: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m ? m[1].toLowerCase() : '';
}

/** Decodes and classifies an input; throws ImportError with a one-line message when it cannot be read. */
export function sniff(name: string, data: Uint8Array | string, maxBytes = DEFAULT_MAX_BYTES): Sniffed {
  const ext = extOf(name);
  if (typeof data === 'string') {
    if (data.length > maxBytes) throw tooLarge(data.length, maxBytes);
    const text = data.replace(/^\ufeff/, '');
    if (!text.trim()) throw new ImportError('empty', `${name}: the file is empty`, `${name}：文件是空的`);
    if (ext === 'docx') throw new ImportError('not-docx', `${name}: not a .docx file (a .docx is a zip archive; this is text)`, `${name}：不是 .docx 文件（.docx 是 zip 压缩包，这是文本）`);
    return { shape: looksLikeHtml(ext, text) ? 'html' : 'text', text, encoding: 'utf-16' };
  }
  const bytes = data;
  if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes);
  if (bytes.length === 0) throw new ImportError('empty', `${name}: the file is empty`, `${name}：文件是空的`);
  if (startsWith(bytes, ZIP)) {
    if (ext && ext !== 'docx' && ext !== 'docm') {
      throw new ImportError('unsupported', `${name}: a zip archive that is not a .docx; import a .docx, .html or .txt file`, `${name}：是 zip 压缩包而不是 .docx；请导入 .docx、.html 或 .txt 文件`);
    }
    return { shape: 'docx', bytes };
  }
  if (ext === 'docx') throw new ImportError('not-docx', `${name}: not a .docx file (it is not a zip archive); save it again from Word as .docx`, `${name}：不是 .docx 文件（不是 zip 压缩包）；请在 Word 中重新另存为 .docx`);
  if (startsWith(bytes, OLE)) {
    throw new ImportError('unsupported', `${name}: a Word 97–2003 (.doc) or other OLE file; save it as .docx and import that`, `${name}：是 Word 97–2003（.doc）等旧格式文件；请另存为 .docx 后导入`);
  }
  // A PDF starts with %PDF- (some writers put a few bytes before it; readers look in the first 1 KB).
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 1024)));
  if (head.startsWith('%PDF-') || (ext === 'pdf' && head.includes('%PDF-'))) return { shape: 'pdf', bytes };
  if (ext === 'pdf') throw new ImportError('unreadable', `${name}: not a PDF file (it does not start with %PDF-)`, `${name}：不是 PDF 文件（开头不是 %PDF-）`);
  const { text, encoding } = decodeText(name, bytes);
  if (!text.trim()) throw new ImportError('empty', `${name}: the file is empty (only white space)`, `${name}：文件是空的（只有空白）`);
  return { shape: looksLikeHtml(ext, text) ? 'html' : 'text', text, encoding };
}

function tooLarge(n: number, max: number): ImportError {
  const mb = (x: number) => (x / 1024 / 1024).toFixed(1);
  return new ImportError('too-large', `the file is too large to be a report (${mb(n)} MB; the limit is ${mb(max)} MB)`, `文件太大，不像是一份报告（${mb(n)} MB，上限 ${mb(max)} MB）`);
}

function decodeText(name: string, bytes: Uint8Array): { text: string; encoding: string } {
  // Byte-order marks first.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const head = bytes.subarray(0, Math.min(bytes.length, 8192));
  let nul = 0;
  let control = 0;
  for (const b of head) {
    if (b === 0) nul++;
    else if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  if (nul > 0 || control > head.length * 0.05) {
    throw new ImportError('binary', `${name}: binary data, not a report's text (import a .txt, .html or .docx file)`, `${name}：是二进制数据，不是报告的文字（请导入 .txt、.html 或 .docx 文件）`);
  }
  // Valid UTF-8 is UTF-8 (GBK-encoded Chinese is practically never valid UTF-8), whatever a page's
  // meta charset claims; otherwise GB18030, the superset of GB2312/GBK that Chinese pages use.
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    /* not UTF-8 */
  }
  let text: string;
  try {
    text = new TextDecoder('gb18030').decode(bytes);
  } catch {
    throw new ImportError('unreadable', `${name}: the text is neither UTF-8 nor GB18030/GBK`, `${name}：文字既不是 UTF-8 也不是 GB18030/GBK 编码`);
  }
  // GB18030 decodes almost anything; text that is mostly replacement characters or rare symbols was not Chinese text.
  const bad = (text.match(/\ufffd/g) ?? []).length;
  if (bad > text.length * 0.01) throw new ImportError('unreadable', `${name}: the text is neither UTF-8 nor GB18030/GBK`, `${name}：文字既不是 UTF-8 也不是 GB18030/GBK 编码`);
  return { text, encoding: 'gb18030' };
}

const HTML_TAG = /<\/(p|div|table|td|tr|html|body|h[1-6]|span|li)>/i;

function looksLikeHtml(ext: string, text: string): boolean {
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml' || ext === 'shtml') return true;
  if (ext === 'txt' || ext === 'md') return false;
  const head = text.slice(0, 4096).trimStart();
  if (/^<!doctype\s+html|^<html[\s>]/i.test(head)) return true;
  return head.startsWith('<') && HTML_TAG.test(text.slice(0, 65536));
}

export function shapeName(s: ImportShape, locale: 'zh-CN' | 'en' = 'en'): string {
  if (locale !== 'en') return { text: '纯文本', html: '网页（HTML）', pdf: 'PDF', docx: 'Word（.docx）', crawl: '爬取的文本（正文在一行）' }[s];
  return { text: 'plain text', html: 'HTML', pdf: 'PDF', docx: 'Word (.docx)', crawl: 'crawled text (the article on one line)' }[s];
}
