/**
 * Plain text → blocks. The shapes published reports come in as text: tables with tab-separated
 * cells (copied from a web page or Word), tables flattened to one cell per line (scraped pages),
 * text extracted from a PDF (columns separated by tabs or runs of spaces, words broken over lines),
 * and Markdown-ish text (`#` headings, `|` tables).
 */
import type { IBlock, IRow, ReadResult } from './types.js';
import { isValueText } from './tokens.js';
import { isChromeLine, isTitleLine } from './patterns.js';
import { dateAlone } from '../core/index.js';

let nextId = 1;
/** Cell ids unique within a process: cells of different rows never share one. */
export function newCellId(): number {
  return nextId++;
}

const PIPE_ROW = /^\s*\|.*\|\s*$/;
const DELIM = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const MD_HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const HEADINGISH = /^[\s\u3000]*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章节部分条])/;
const SENTENCE_END = /[。！？；：!?;:」”』）)]$/;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function splitPipes(line: string): string[] {
  const t = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return t.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').trim());
}

/** The cells of a line, when the line is a table row (tabs, pipes, or columns of a PDF's layout text). */
/** No table row of the form is longer than this; a longer line is prose (and never run through the row patterns). */
const MAX_ROW_LINE = 2000;

function rowCells(line: string): string[] | null {
  if (line.length > MAX_ROW_LINE) return null;
  if (line.includes('\t')) {
    const cells = line.split('\t').map((c) => c.replace(/[\s\u3000]+/g, ' ').trim());
    if (cells.every((c) => c === '' || /^[-—–_=\s|]+$/.test(c))) return [];
    return cells;
  }
  if (PIPE_ROW.test(line)) {
    if (DELIM.test(line)) return [];
    return splitPipes(line);
  }
  // A label followed by three or more numbers separated by spaces (text extracted from a PDF).
  const tail = /^(.{0,80}?\S)?[\s\u3000]+((?:[+-]?\d[\d,.]*[\s\u3000]+){2,}[+-]?\d[\d,.]*)[\s\u3000]*$/.exec(line);
  if (tail && (!tail[1] || !/^[\d\s]+$/.test(tail[1]))) return [...(tail[1] ? [tail[1].trim()] : []), ...tail[2].trim().split(/[\s\u3000]+/)];
  if (/^[\s\u3000]*(?:[+-]?\d[\d,.]*[\s\u3000]+){2,}[+-]?\d[\d,.]*[\s\u3000]*$/.test(line)) return line.trim().split(/[\s\u3000]+/);
  // pdftotext -layout: columns separated by runs of 2+ spaces, with several numbers on the line.
  const parts = line.trim().split(/(?:\s{2,}|\u3000{2,})/);
  if (parts.length >= 3 && parts.filter((p) => isValueText(p)).length >= 2 && parts.every((p) => p.length <= 40)) return parts.map((p) => p.trim());
  return null;
}

function isHeadingish(line: string): boolean {
  const t = line.trim();
  return HEADINGISH.test(t) && t.length <= 40 && !/[。]/.test(t.slice(0, -1));
}

/** Joins the lines of one paragraph: no space between CJK text broken over lines, one space otherwise. */
export function joinLines(lines: string[]): string {
  // Parts joined once at the end, the last character kept aside: a long paragraph is joined in linear time.
  const parts: string[] = [];
  let last = '';
  for (const raw of lines) {
    const l = raw.trim();
    if (!l) continue;
    if (parts.length && !(CJK.test(last) || CJK.test(l[0]) || /[，。、；：）》”]/.test(last))) parts.push(' ');
    parts.push(l);
    last = l[l.length - 1];
  }
  return parts.join('');
}

export function textToBlocks(text: string, markdown = false): ReadResult {
  return { blocks: textBlocks(markdown ? unspace(text) : text), page: { chrome: [] } };
}

/** A label and one or two numbers on one line of text (`行政许可 97`): a row of a table. */
export const LABEL_VALUES = /^(\S.{0,40}?[\u3400-\u9fff）)])[\s\u3000]+((?:[+-]?\d[\d,.]*[\s\u3000]*){1,2})$/;

// A space between Chinese text and a number inside a sentence (not before a number that ends the line: a cell).
const SPACED = /(?<=[\u3400-\u9fff，。、；：）”])[ \t]+(?=\d[\d.,]*[ \t]*[^\s\d.,])|(?<=\d)[ \t]+(?=[\u3400-\u9fff，。、；：（“])/g;
const BOUNDARY = /[\u3400-\u9fff][ \t]*\d|\d[ \t]*[\u3400-\u9fff]/g;

/**
 * Converter output (PDF → Markdown) puts a space between Chinese text and every number
 * (`市科委 2024 年深入贯彻`): where it does so almost everywhere, the spaces are the converter's, not
 * the report's, and are taken out (a report's own spacing is kept: it is rarely that regular).
 */
function unspace(text: string): string {
  const prose = text.split('\n').filter((l) => !/^\s*\|/.test(l)).join('\n');
  const all = prose.match(BOUNDARY)?.length ?? 0;
  const spaced = prose.match(SPACED)?.length ?? 0;
  if (all < 10 || spaced < all * 0.8) return text;
  return text
    .split('\n')
    .map((l) => (/^\s*\|/.test(l) ? l : l.replace(SPACED, '')))
    .join('\n');
}

function textBlocks(text: string): IBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: IBlock[] = [];
  let table: { rows: IRow[]; line: number; pipe: boolean } | null = null;
  let para: { lines: string[]; line: number } | null = null;

  const flushPara = () => {
    if (!para) return;
    const p = para;
    para = null;
    // Lines of one cell each (numbers among them), or paragraphs one per line: split them.
    const groups: { lines: string[]; line: number }[] = [];
    let cur: { lines: string[]; line: number } | null = null;
    p.lines.forEach((l, i) => {
      const prev = i > 0 ? p.lines[i - 1] : '';
      const breakHere =
        !cur ||
        isValueText(l) ||
        isValueText(prev) ||
        SENTENCE_END.test(prev.trim()) ||
        isHeadingish(l) ||
        isHeadingish(prev) ||
        isTitleLine(l) ||
        isTitleLine(prev) ||
        isChromeLine(l) ||
        isChromeLine(prev) ||
        // A date alone on its line (a signature's, or one under the title) is a paragraph of its own.
        dateAlone(l) !== null ||
        dateAlone(prev) !== null ||
        // A row of a table as one line of text (`行政许可 97`), and a table's header (`信息内容…`).
        LABEL_VALUES.test(l.trim()) ||
        LABEL_VALUES.test(prev.trim()) ||
        /^信息内容/.test(l.trim()) ||
        // A title broken over lines ends its paragraph (the preamble may follow without a blank line).
        (!!cur && /报告$/.test(prev.trim()) && isTitleLine(joinLines(cur.lines)));
      if (breakHere) {
        cur = { lines: [l], line: p.line + i };
        groups.push(cur);
      } else cur!.lines.push(l);
    });
    for (const g of groups) {
      const t = joinLines(g.lines);
      if (t) blocks.push({ kind: 'paragraph', text: t, line: g.line });
    }
  };
  const flushTable = () => {
    if (table && table.rows.length) blocks.push({ kind: 'table', rows: table.rows, line: table.line, grid: false, pipe: table.pipe || undefined });
    table = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineNo = i + 1;
    if (line.trim() === '') {
      flushPara();
      // A blank line inside a text table does not end it when the next non-blank line is a row too.
      if (table) {
        let j = i + 1;
        while (j < lines.length && lines[j].trim() === '') j++;
        if (j >= lines.length || rowCells(lines[j]) === null) flushTable();
      }
      continue;
    }
    const h = MD_HEADING.exec(line);
    if (h && !line.includes('\t')) {
      flushPara();
      flushTable();
      blocks.push({ kind: 'heading', level: h[1].length, text: h[2], line: lineNo });
      continue;
    }
    const cells = rowCells(line);
    if (cells !== null) {
      flushPara();
      if (!table) table = { rows: [], line: lineNo, pipe: false };
      if (PIPE_ROW.test(line)) table.pipe = true;
      if (cells.length) table.rows.push({ cells: cells.map((t) => ({ text: t, id: newCellId() })), line: lineNo });
      continue;
    }
    flushTable();
    if (!para) para = { lines: [], line: lineNo };
    para.lines.push(line);
  }
  flushPara();
  flushTable();
  return blocks;
}
