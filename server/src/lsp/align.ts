/** Aligns the pipes of a GFM table by display width, changing only whitespace inside the table. */
import type { Report, Block, Span } from '../core/index.js';
import { displayWidth } from './width.js';

type TableBlock = Extract<Block, { kind: 'table' }>;

export function tableAt(report: Report, offset: number): TableBlock | undefined {
  return report.blocks.find((b): b is TableBlock => b.kind === 'table' && offset >= b.span.start && offset <= b.span.end);
}

export interface TextEditSpan {
  span: Span;
  newText: string;
}

/** One edit per line of the table whose text changes; null when the table is already aligned. */
export function alignTable(text: string, t: TableBlock): TextEditSpan[] {
  const rows = [t.header, ...t.rows];
  const width = Math.max(...rows.map((r) => r.cells.length));
  const cols = Array.from({ length: width }, (_, i) => Math.max(3, ...rows.map((r) => (r.cells[i] ? displayWidth(r.cells[i].text) : 0))));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
  const edits: TextEditSpan[] = [];
  const lineOf = (span: Span) => {
    const start = text.lastIndexOf('\n', span.start - 1) + 1;
    let end = text.indexOf('\n', span.start);
    if (end < 0) end = text.length;
    if (end > start && text[end - 1] === '\r') end--;
    return { start, end };
  };
  const indentOf = (l: Span) => /^[ \t]*/.exec(text.slice(l.start, l.end))![0];
  const emit = (l: Span, s: string) => {
    if (text.slice(l.start, l.end) !== s) edits.push({ span: l, newText: s });
  };
  // Keep each line's own cells and pipe style: only whitespace changes.
  const lineText = (l: Span, cells: string[]) => {
    const raw = text.slice(l.start, l.end).trim();
    const lead = raw.startsWith('|');
    const trail = raw.length > 1 && raw.endsWith('|') && !raw.endsWith('\\|');
    const inner = cells.map((c, i) => (i === cells.length - 1 && !trail ? c : pad(c, cols[i]))).join(' | ');
    return indentOf(l) + (lead ? '| ' : '') + inner + (trail ? ' |' : '');
  };
  const h = lineOf(t.header.span);
  emit(h, lineText(h, t.header.cells.map((c) => c.text)));
  if (t.delimiter) {
    const d = lineOf(t.delimiter);
    const raw = text.slice(t.delimiter.start, t.delimiter.end);
    const specs = raw.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|').map((x) => x.trim());
    emit(d, lineText(d, specs));
  }
  for (const r of t.rows) {
    const l = lineOf(r.span);
    emit(l, lineText(l, r.cells.map((c) => c.text)));
  }
  return edits;
}
