/**
 * Stage 4 of the mapping: the content of the preamble and of each section. Runs of table rows and
 * short cell-like lines are read as the form's tables (表二's blocks, 表三, 表四) where they look like
 * one, else kept as prose; prose paragraphs and sub-headings are kept as they are. A table is written
 * where its first run stood; what of a run could not be placed is kept beside it, marked.
 */
import { Edition, normLabel } from '../core/index.js';
import { MARK_END, MARK_START, proseText } from './prose.js';
import type { Item } from './items.js';
import type { ICell, ImportShape, Unplaced } from './types.js';
import { Line, Lost, S2Block, T3Read, T4Read, classify, readS2, readT3, readT4 } from './tables.js';
import { cellKind, splitRow } from './tokens.js';
import { LABEL_VALUES, newCellId } from './fromText.js';

export type TableKind = 's2' | 't3' | 't4';

/** A block of the written report; a table's placeholder (empty text) is filled when the tables are written. */
export interface Piece {
  text: string;
  table?: TableKind;
  /** What of the table's runs could not be placed (written after the table). */
  lost?: Lost[];
}

export interface Content {
  preamble: Piece[];
  sections: { heading: string; no: number; pieces: Piece[] }[];
  t3: T3Read | null;
  t4: T4Read | null;
  s2: S2Block[];
  s2Editions: Edition[];
  /** Unplaced content kept as marked prose among the pieces. */
  unplaced: Unplaced[];
}

const SUBHEAD = /^([（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|\d+[.．、])/;
const CJK_END = /[\u3400-\u9fff]$/;

/** Words of the form's table labels: a heading made of them (`### (三) 不予公开`, `### 行政复议`) is a row label of a table split up by a converter. */
const TABLE_LABEL = /^([(（][一二三四五六七八九十]+[)）]|[一二三四][、.])?(申请人情况|自然人|法人或其他组织|总计|[一二三四][、.]?(本年新收|上年结转|本年度办理结果|结转下年度)|本年新收|上年结转|本年度办理结果|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|其他|行政复议|行政诉讼|未经复议直接起诉|复议后起诉|第二十条)/;

const OWN_LINE = /^(第二十条第?\s*[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*项|信息内容.+)/;

function isCellLike(text: string): boolean {
  const t = text.trim();
  return t.length <= 70 && !/[。！？]/.test(t) && !/[；;]$/.test(t);
}

const toUnplaced = (lost: Lost[]): Unplaced[] => lost.map((l) => ({ what: l.what, line: l.line, excerpt: l.excerpt }));

/** Unplaced content as the report shows it: prose between the two markers, one paragraph per item. */
export function markedPiece(list: Unplaced[]): Piece {
  return { text: [MARK_START, '', ...list.flatMap((u) => [proseText(u.excerpt), '']), MARK_END].join('\n') };
}

export function readContent(
  items: Item[],
  ranges: { preamble: [number, number]; sections: { no: number; heading: string; from: number; to: number }[] },
  chrome: Set<number>,
  shape: ImportShape,
  yearEdition: Edition | undefined,
  warnings: string[],
): Content {
  const unplaced: Unplaced[] = [];
  let t3: T3Read | null = null;
  let t4: T4Read | null = null;
  const s2: S2Block[] = [];
  const s2Editions: Edition[] = [];
  const placed = new Set<TableKind>();
  const lostPiece = (lost: Lost[]): Piece | null => {
    if (!lost.length) return null;
    const list = toUnplaced(lost);
    for (const x of list) unplaced.push(x);
    return markedPiece(list);
  };

  /** The rows of a run: table rows as they are, one-cell-per-line paragraphs regrouped label → values. */
  const linesOf = (run: Item[]): Line[] => {
    const out: Line[] = [];
    let cur: { cells: ICell[]; line?: number; hasValue: boolean } | null = null;
    const push = () => {
      if (cur && cur.cells.length) out.push(splitRow(cur.cells, cur.line, false, 'para'));
      cur = null;
    };
    for (const it of run) {
      if (it.kind === 'rows') {
        push();
        for (const r of it.rows) out.push(splitRow(r.cells, r.line, it.grid, it.pipe ? 'pipe' : 'rows'));
        continue;
      }
      // `行政许可 97`: a label and its numbers on one line of text are a row.
      const lv = it.heading === undefined ? LABEL_VALUES.exec(it.text) : null;
      if (lv) {
        push();
        out.push(splitRow([lv[1], ...lv[2].trim().split(/[\s\u3000]+/)].map((t) => ({ text: t, id: newCellId() })), it.line, false, 'para'));
        continue;
      }
      const k = cellKind(it.text);
      const isValue = k === 'value' || k === 'blank';
      if (cur && cur.hasValue && !isValue) push();
      // A heading among a table's rows, a 第二十条 item's heading and a 信息内容 header are lines of their own.
      const own = it.heading !== undefined || OWN_LINE.test(it.text.trim());
      if (own) push();
      cur ??= { cells: [], line: it.line, hasValue: false };
      cur.cells.push({ text: it.text, id: newCellId() });
      if (isValue) cur.hasValue = true;
      if (own) push();
    }
    push();
    // Lines of a one-cell-per-line run carry the line of their first cell only.
    return out.map((l) => ({ ...l, labels: l.labels.map((t) => ({ ...t, line: t.line ?? l.line })), area: l.area.map((t) => ({ ...t, line: t.line ?? l.line })) }));
  };

  const paraPiece = (text: string, no: number | null): Piece => {
    const t = text.trim();
    if (no !== null && t.length <= 30 && SUBHEAD.test(t) && !/[，,；;]/.test(t) && !/[。].+/.test(t)) return { text: `### ${proseText(t)}` };
    return { text: proseText(t) };
  };

  const sectionPieces = (no: number | null, from: number, to: number): Piece[] => {
    const pieces: Piece[] = [];
    const tabular = no !== null && no >= 2 && no <= 4;
    const inRun = (it: Item) =>
      it.kind === 'rows' ||
      (it.kind === 'para' && (it.heading === undefined ? isCellLike(it.text) : tabular && it.text.length <= 60 && TABLE_LABEL.test(normLabel(it.text))));
    let i = from;
    let prevProse: { piece: Piece; text: string } | null = null;
    while (i < to) {
      const it = items[i];
      if (chrome.has(i)) {
        i++;
        continue;
      }
      const run: Item[] = [];
      // A page's running line (a page number) inside a table does not end it: the table reads on.
      while (i < to && (inRun(items[i]) || (run.length && chrome.has(i) && i + 1 < to && inRun(items[i + 1])))) {
        if (!chrome.has(i)) run.push(items[i]);
        i++;
      }
      if (run.length) {
        const lines = linesOf(run);
        const hasValues = lines.some((l) => l.area.some((t) => t.kind === 'value' || t.kind === 'unread'));
        const sc = classify(lines);
        const pick = (): TableKind | null => {
          if (!hasValues && !(no === 2 && sc.s2 >= 3)) return null;
          const expected = no === 2 ? 's2' : no === 3 ? 't3' : no === 4 ? 't4' : null;
          const ok = { s2: sc.s2 >= (tabular ? 1 : 4), t3: sc.t3 >= (tabular ? 2 : 5), t4: sc.t4 >= (tabular ? 1 : 5) };
          if (expected && ok[expected]) return expected;
          return (['s2', 't3', 't4'] as const).filter((k) => ok[k]).sort((a, b) => sc[b] - sc[a])[0] ?? null;
        };
        const kind = pick();
        if (kind) {
          const lost: Lost[] = [];
          if (kind === 't3') {
            const r = readT3(lines);
            if (!t3) t3 = r;
            else mergeT3(t3, r);
            for (const x of r.lost) lost.push(x);
          } else if (kind === 't4') {
            const r = readT4(lines);
            if (!t4) t4 = r;
            else for (const [k, v] of r.rows) if (!t4.rows.has(k)) t4.rows.set(k, v);
            for (const x of r.lost) lost.push(x);
          } else {
            const r = readS2(lines, yearEdition ?? 2021);
            for (const b of r.blocks) {
              const prev = s2.find((x) => x.item === b.item);
              if (prev) {
                for (const [k, v] of b.rows) if (!prev.rows.has(k)) prev.rows.set(k, v);
              } else s2.push(b);
              s2Editions.push(b.edition);
            }
            for (const x of r.lost) lost.push(x);
          }
          if (placed.has(kind)) {
            // A second run of the same table (split by a page footer or a heading): its unplaced content stays here.
            const p = lostPiece(lost);
            if (p) pieces.push(p);
          } else {
            placed.add(kind);
            pieces.push({ text: '', table: kind, lost });
          }
        } else if (tabular) {
          const p = lostPiece(
            run.map((r) => ({
              what: r.kind === 'rows' ? '未能识别的表格' : '未能识别的短句或表格单元格',
              line: r.line,
              excerpt: r.kind === 'rows' ? r.rows.map((x) => x.cells.map((c) => c.text).filter(Boolean).join(' ')).join(' / ') : r.text,
            })),
          );
          if (p) pieces.push(p);
        } else {
          // Prose sections: short paragraphs and text tables stay as they are.
          for (const r of run) {
            if (r.kind === 'rows') {
              for (const row of r.rows) {
                const t = row.cells.map((c) => c.text).filter(Boolean).join(' ');
                if (t) pieces.push({ text: proseText(t) });
              }
              warnings.push(`第 ${r.line ?? '?'} 行起的表格不是年度报告表格，已作为正文保留`);
            } else pieces.push(r.heading !== undefined ? { text: `### ${proseText(r.text)}` } : paraPiece(r.text, no));
          }
        }
        prevProse = null;
        continue;
      }
      // Prose paragraph or heading.
      const p = it as Extract<Item, { kind: 'para' }>;
      if (p.heading !== undefined) {
        pieces.push({ text: `${'#'.repeat(Math.max(3, Math.min(6, p.heading)))} ${proseText(p.text)}` });
        prevProse = null;
      } else if ((shape === 'text' || shape === 'pdf') && prevProse && prevProse.text.length >= 30 && CJK_END.test(prevProse.text) && !SUBHEAD.test(p.text) && !/^[-*+]\s/.test(p.text)) {
        // A paragraph broken by a page break (text from a PDF or a paged document).
        prevProse.text += p.text;
        prevProse.piece.text = proseText(prevProse.text);
      } else {
        const piece = paraPiece(p.text, no);
        pieces.push(piece);
        prevProse = piece.text.startsWith('###') ? null : { piece, text: p.text };
      }
      i++;
    }
    return pieces;
  };

  const preamble = sectionPieces(null, ranges.preamble[0], ranges.preamble[1]);
  const sections = ranges.sections.map((s) => ({ heading: s.heading, no: s.no, pieces: sectionPieces(s.no, s.from, s.to) }));
  return { preamble, sections, t3, t4, s2, s2Editions, unplaced };
}

function mergeT3(into: T3Read, more: T3Read): void {
  for (const [k, v] of more.rows) if (!into.rows.has(k)) into.rows.set(k, v);
  into.note ??= more.note;
  into.edition ??= more.edition;
}
