/**
 * Import of published reports (plain text, HTML, .docx) into the dialect. No VS Code, no LSP:
 * the CLI (`xxgk-report import`) and the language server call `importReport`.
 */
import { sniff, shapeName, DEFAULT_MAX_BYTES } from './decode.js';
import { textToBlocks } from './fromText.js';
import { htmlToBlocks } from './fromHtml.js';
import { docxToBlocks } from './fromDocx.js';
import { mapBlocks } from './map.js';
import { reportFileName } from '../core/index.js';

export { reportFileName, shapeName };
import { ImportError, type ImportOptions, type ImportResult, type ImportShape, type ReadResult } from './types.js';
import { crawlToBlocks } from './fromCrawl.js';

export { ImportError, MARK_START_TEXT as IMPORT_MARK };
export type { ImportResult, ImportOptions, ImportShape, Unplaced, ImportErrorCode } from './types.js';

/** Most text an import takes (characters): a published report has a few hundred thousand at most. */
export const MAX_TEXT_CHARS = 1024 * 1024;

const MARK_START_TEXT = '<!-- xxgk-import: 未能识别的内容，请核对 -->';

/**
 * Reads a published report and writes it in the dialect. Throws ImportError (one-line message)
 * for input that is empty, binary, too large, or a .docx that is not one.
 */
export async function importReport(input: { name: string; data: Uint8Array | string }, options: ImportOptions = {}): Promise<ImportResult> {
  const sniffed = sniff(input.name, input.data, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const warnings: string[] = [];
  let read: ReadResult;
  let shape: ImportShape = sniffed.shape;
  if (sniffed.shape === 'docx') read = await docxToBlocks(input.name, sniffed.bytes);
  else if (sniffed.shape === 'pdf') {
    const { pdfToBlocks } = await import('./fromPdf.js');
    read = await pdfToBlocks(input.name, sniffed.bytes);
  } else if (sniffed.shape === 'html') read = htmlToBlocks(sniffed.text);
  else {
    const crawled = crawlToBlocks(sniffed.text);
    if (crawled) shape = 'crawl';
    read = crawled ?? textToBlocks(sniffed.text, /\.(md|markdown)$/i.test(input.name));
    if (sniffed.encoding === 'gb18030') warnings.push('原文为 GB18030/GBK 编码，已转换为 UTF-8');
  }
  // A report's text is a few hundred KB at most: more is not one (and would take the checker long to read).
  let chars = 0;
  for (const b of read.blocks) chars += b.kind === 'table' ? b.rows.reduce((n, r) => n + r.cells.reduce((m, c) => m + c.text.length, 0), 0) : b.text.length;
  if (chars > MAX_TEXT_CHARS) {
    const mb = (x: number) => (x / 1024 / 1024).toFixed(1);
    throw new ImportError('too-large', `${input.name}: the file holds ${mb(chars)} MB of text; a report has far less (the limit is ${mb(MAX_TEXT_CHARS)} MB of text)`, `${input.name}：文件中有 ${mb(chars)} MB 文字，一份报告远没有这么多（上限 ${mb(MAX_TEXT_CHARS)} MB）`);
  }
  if (!read.blocks.some((b) => (b.kind === 'table' ? b.rows.length > 0 : b.text.trim() !== ''))) {
    throw new ImportError('empty', `${input.name}: no text found in the file`, `${input.name}：文件中没有找到文字`);
  }
  const name = input.name.split(/[\\/]/).pop() ?? input.name;
  for (const x of (read.warnings ?? [])) warnings.push(x);
  const m = mapBlocks({ blocks: read.blocks, name, shape, page: read.page, lost: read.lost });
  return {
    text: m.text,
    fileName: reportFileName(m.agency, m.year, name),
    shape,
    unplaced: m.unplaced,
    cells: m.cells,
    blanks: m.blanks,
    unread: m.unread,
    warnings: [...warnings, ...m.warnings],
    agency: m.agency,
    year: m.year,
    sections: m.sections,
  };
}
