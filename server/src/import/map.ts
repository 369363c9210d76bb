/**
 * Blocks → the report in the dialect: the title (agency, year), the six sections (recognised with
 * the core's SECTIONS and label normalisation), the form's tables read out of whatever rows the
 * source has, prose kept as paragraphs, the signature last. What cannot be placed stays in the
 * report as prose under an `xxgk-import` comment and is listed.
 */
import { Edition, S2_BLOCKS, SECTIONS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_ROWS, ITEM_NUMERALS, editionForYear } from '../core/standard.js';
import { tableText } from '../core/skeleton.js';
import { cnNumeral, normLabel } from '../core/text.js';
import { findCnDates } from '../core/dates.js';
import { analyzeText } from '../core/analyze.js';
import type { IBlock, ICell, ImportResult, ImportShape, Unplaced } from './types.js';
import { Line, Lost, PlacedRow, S2Block, classify, readS2, readT3, readT4, T3Read, T4Read } from './tables.js';
import { Tok, cellKind, splitRow } from './tokens.js';
import { newCellId } from './fromText.js';
import { TITLE, isChromeLine } from './patterns.js';

export const MARK_START = '<!-- xxgk-import: 未能识别的内容，请核对 -->';
export const MARK_END = '<!-- xxgk-import: 以上为未能识别的内容 -->';

type Item =
  | { kind: 'para'; text: string; line?: number; heading?: number }
  | { kind: 'rows'; rows: { cells: ICell[]; line?: number }[]; line?: number; grid: boolean };

const NUMERAL = /^[\s\u3000]*(?:([一二三四五六七八九十]+)|[(（]([一二三四五六七八九十]+)[)）]|(\d+)|([０-９]+))[\s\u3000]*([、.．,，:：]?)[\s\u3000]*/;
const AGENCY_END = /(局|厅|委|办|委员会|政府|院|中心|部|署|会|所|站|队|处|室|馆|司|府|办公室)$/;
const BARE_LEVEL = /^(省|市|县|区|州|盟|旗|镇|乡|本)(?!中区)/;
const SUBHEAD = /^([（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|\d+[.．、])/;
const CJK_END = /[\u3400-\u9fff]$/;

export interface MapInput {
  blocks: IBlock[];
  name: string;
  shape: ImportShape;
  /** The page's <title>, for HTML. */
  pageTitle?: string;
}

/** What the mapper gives: the import's result but for the file name and shape, which the caller knows. */
export type MapOutput = Omit<ImportResult, 'fileName' | 'shape'> & { titleAgency?: string };

function isCellLike(text: string): boolean {
  const t = text.trim();
  return t.length <= 70 && !/[。！？]/.test(t) && !/[；;]$/.test(t);
}

function sectionOf(text: string, isHeading: boolean): number | null {
  const t = text.trim();
  if (t.length > 40 || /[。；]/.test(t.slice(0, -1))) return null;
  const m = NUMERAL.exec(t);
  let numeral: number | undefined;
  let rest = t;
  if (m && (m[1] || m[2] || m[3] || m[4])) {
    numeral = m[1] ? cnNumeral(m[1]) : m[2] ? cnNumeral(m[2]) : Number((m[3] ?? m[4]).normalize('NFKC'));
    rest = t.slice(m[0].length);
    // `(一)` numbers sub-headings, not the six sections.
    if (m[2]) return null;
  }
  const w = normLabel(rest).replace(/[:：。]$/, '');
  const matching = SECTIONS.filter((d) => d.keys.test(w));
  const def = matching.find((d) => d.no === numeral) ?? matching[0];
  if (!def) return null;
  if (numeral !== undefined && numeral === def.no) return def.no;
  if (def.variants.includes(w)) return def.no;
  if (numeral === undefined && isHeading && w.length <= 24) return def.no;
  return null;
}

function looksLikeAgency(s: string): boolean {
  const t = s.trim();
  return t.length >= 2 && t.length <= 40 && !/[。；;！？!?，,：:]/.test(t) && AGENCY_END.test(t);
}

function dateOnly(s: string): boolean {
  const t = s.trim().replace(/^[(（]|[)）]$/g, '');
  const d = findCnDates(t);
  return d.length === 1 && d[0].day !== undefined && t.replace(/[\s\u3000]/g, '') === d[0].raw.replace(/[\s\u3000]/g, '');
}

/** Text that stays prose in Markdown: no heading, quote, HTML, fence, thematic break or table from it. */
export function proseText(s: string): string {
  let t = s.replace(/\r?\n/g, ' ').trim();
  t = t.replace(/<!--/g, '&lt;!--').replace(/-->/g, '--&gt;');
  t = t.replace(/^(#{1,6})(\s|$)/, '\\$1$2').replace(/^>/, '\\>').replace(/^</, '\\<').replace(/^(`{3,}|~{3,})/, '\\$1');
  if (/^([-*_=+]\s*){3,}$/.test(t)) t = '\\' + t;
  t = t.replace(/\|/g, '\\|');
  return t;
}

function cellText(t: Tok | null): string {
  if (!t) return '';
  return t.text.replace(/[\s\u3000]+/g, ' ').trim().replace(/\|/g, '\\|');
}

function labelText(s: string): string {
  return s.replace(/[\s\u3000]+/g, ' ').trim().replace(/\|/g, '\\|');
}

/** A block of the written report (a placeholder with empty text stands for a table written later). */
type Piece = { text: string };

/** Unplaced content as the report shows it: prose between the two markers, one paragraph per item. */
function markedPiece(list: Unplaced[]): Piece {
  return { text: [MARK_START, '', ...list.flatMap((u) => [proseText(u.excerpt), '']), MARK_END].join('\n') };
}

const toUnplaced = (lost: Lost[]): Unplaced[] => lost.map((l) => ({ what: l.what, line: l.line, excerpt: l.excerpt }));

export function mapBlocks(input: MapInput): MapOutput {
  const warnings: string[] = [];
  const unplaced: Unplaced[] = [];
  // -------------------------------------------------------------- items
  const items: Item[] = [];
  for (const b of input.blocks) {
    if (b.kind === 'table') items.push({ kind: 'rows', rows: b.rows, line: b.line, grid: b.grid });
    else if (b.text.trim()) items.push({ kind: 'para', text: b.text.trim(), line: b.line, heading: b.kind === 'heading' ? b.level : undefined });
  }
  const chrome = new Set<number>();
  // -------------------------------------------------------------- title
  let ti = items.findIndex((it, i) => i < 80 && it.kind === 'para' && it.text.length <= 100 && TITLE.test(it.text.normalize('NFKC')));
  let title: string | undefined;
  let titleLine: number | undefined;
  if (ti >= 0) {
    const it = items[ti] as Extract<Item, { kind: 'para' }>;
    title = it.text.replace(/[\s\u3000]+/g, ' ').trim();
    titleLine = it.line;
    for (let i = 0; i < ti; i++) chrome.add(i);
  } else if (input.pageTitle && TITLE.test(input.pageTitle.normalize('NFKC'))) {
    title = input.pageTitle.split(/\s*[_|｜]\s*|\s+[-–—]\s+/).find((p) => TITLE.test(p.normalize('NFKC')))?.trim();
    warnings.push('标题取自网页的 <title>');
  }
  if (!title) warnings.push('未找到标题（{机关}{年度}年政府信息公开工作年度报告）');
  const tm = title ? /^(.*?)([12]\d{3})\s*年/.exec(title.normalize('NFKC')) : null;
  const titleAgency = tm ? tm[1].replace(/[\s\u3000]+/g, '') || undefined : undefined;
  let year = tm ? Number(tm[2]) : undefined;
  // -------------------------------------------------------------- page chrome
  const titleKey = title ? normLabel(title) : '';
  items.forEach((it, i) => {
    if (i <= ti || it.kind !== 'para') return;
    const t = it.text.trim();
    if (isChromeLine(t) || (titleKey && normLabel(t) === titleKey)) chrome.add(i);
  });
  // -------------------------------------------------------------- signature
  let sig: { agency?: { text: string; line?: number }; date?: { text: string; line?: number }; from: number } | null = null;
  {
    let k = items.length - 1;
    while (k > ti && (chrome.has(k) || (items[k].kind === 'para' && !(items[k] as { text: string }).text.trim()))) k--;
    const last = items[k];
    if (k > ti && last?.kind === 'para' && !last.heading) {
      const lt = last.text.trim();
      const one = /^(.{2,40}?)[\s\u3000]+(\S.*)$/.exec(lt);
      if (dateOnly(lt)) {
        sig = { date: { text: lt, line: last.line }, from: k };
        const prev = items[k - 1];
        if (prev?.kind === 'para' && !prev.heading && !chrome.has(k - 1) && looksLikeAgency(prev.text)) {
          sig.agency = { text: prev.text.trim(), line: prev.line };
          sig.from = k - 1;
        }
      } else if (one && looksLikeAgency(one[1]) && dateOnly(one[2])) {
        sig = { agency: { text: one[1].trim(), line: last.line }, date: { text: one[2].trim(), line: last.line }, from: k };
      } else if (looksLikeAgency(lt)) {
        sig = { agency: { text: lt, line: last.line }, from: k };
      }
    }
  }
  const end = sig ? sig.from : items.length;
  // -------------------------------------------------------------- sections
  const heads: { no: number; at: number; text: string }[] = [];
  for (let i = ti + 1; i < end; i++) {
    const it = items[i];
    if (it.kind !== 'para' || chrome.has(i)) continue;
    const no = sectionOf(it.text, it.heading !== undefined);
    if (no !== null && no > (heads.length ? heads[heads.length - 1].no : 0)) heads.push({ no, at: i, text: it.text.trim() });
  }
  if (heads.length < 6) {
    const missing = SECTIONS.filter((s) => !heads.some((h) => h.no === s.no)).map((s) => s.heading);
    warnings.push(`原文中未找到这些部分的标题：${missing.join('，')}`);
  }
  // -------------------------------------------------------------- editions and agency
  const agency = titleAgency && !BARE_LEVEL.test(titleAgency) ? titleAgency : sig?.agency && !BARE_LEVEL.test(sig.agency.text) ? sig.agency.text.replace(/[\s\u3000]+/g, '') : undefined;
  if (year === undefined) {
    for (let i = ti + 1; i < (heads[0]?.at ?? end); i++) {
      const it = items[i];
      if (it.kind === 'para' && /统计期限|所列数据/.test(it.text)) {
        const d = findCnDates(it.text);
        if (d.length) {
          year = d[0].year;
          break;
        }
      }
    }
  }
  const yearEdition: Edition | undefined = year !== undefined ? editionForYear(year) : undefined;

  // -------------------------------------------------------------- section content
  const pieces: Piece[] = [];
  const lostPiece = (lost: Lost[]): Piece | null => {
    if (!lost.length) return null;
    const list = toUnplaced(lost);
    unplaced.push(...list);
    return markedPiece(list);
  };
  const section2Editions: Edition[] = [];
  let t3Read: T3Read | null = null;
  let t4Read: T4Read | null = null;
  const s2Blocks: S2Block[] = [];
  /** A table found in a run: written where its first run stood (`piece` is the placeholder). */
  type Deferred = { kind: 's2' | 't3' | 't4'; piece: Piece; lost: Lost[] };
  const deferred: Deferred[] = [];

  /** The rows of a run: table rows as they are, one-cell-per-line paragraphs regrouped label → values. */
  const linesOf = (run: Item[]): Line[] => {
    const out: Line[] = [];
    let cur: { cells: ICell[]; line?: number; hasValue: boolean } | null = null;
    const push = () => {
      if (cur && cur.cells.length) out.push(splitRow(cur.cells, cur.line));
      cur = null;
    };
    for (const it of run) {
      if (it.kind === 'rows') {
        push();
        for (const r of it.rows) out.push(splitRow(r.cells, r.line));
        continue;
      }
      const k = cellKind(it.text);
      const isValue = k === 'value' || k === 'blank';
      if (cur && cur.hasValue && !isValue) push();
      cur ??= { cells: [], line: it.line, hasValue: false };
      cur.cells.push({ text: it.text, id: newCellId() });
      if (isValue) cur.hasValue = true;
    }
    push();
    // Lines of a one-cell-per-line run carry the line of their first cell only.
    return out.map((l) => ({ ...l, labels: l.labels.map((t) => ({ ...t, line: t.line ?? l.line })), area: l.area.map((t) => ({ ...t, line: t.line ?? l.line })) }));
  };

  const sectionPieces = (no: number | null, from: number, to: number): void => {
    // Runs: consecutive table rows and cell-like paragraphs.
    let i = from;
    let prevProse: { piece: Piece; text: string } | null = null;
    while (i < to) {
      const it = items[i];
      if (chrome.has(i)) {
        i++;
        continue;
      }
      const run: Item[] = [];
      while (i < to && !chrome.has(i) && (items[i].kind === 'rows' || (items[i].kind === 'para' && !(items[i] as { heading?: number }).heading && isCellLike((items[i] as { text: string }).text)))) {
        run.push(items[i]);
        i++;
      }
      if (run.length) {
        const lines = linesOf(run);
        const hasValues = lines.some((l) => l.area.some((t) => t.kind === 'value'));
        const sc = classify(lines);
        const tabular = no !== null && no >= 2 && no <= 4;
        const pick = (): 's2' | 't3' | 't4' | null => {
          if (!hasValues && !(no === 2 && sc.s2 >= 3)) return null;
          const expected = no === 2 ? 's2' : no === 3 ? 't3' : no === 4 ? 't4' : null;
          const ok = { s2: sc.s2 >= (tabular ? 1 : 4), t3: sc.t3 >= (tabular ? 2 : 5), t4: sc.t4 >= (tabular ? 1 : 5) };
          if (expected && ok[expected]) return expected;
          const best = (['s2', 't3', 't4'] as const).filter((k) => ok[k]).sort((a, b) => sc[b] - sc[a])[0];
          return best ?? null;
        };
        const kind = pick();
        if (kind) {
          const lost: Lost[] = [];
          if (kind === 't3') {
            const r = readT3(lines);
            if (!t3Read) t3Read = r;
            else mergeT3(t3Read, r);
            lost.push(...r.lost);
          } else if (kind === 't4') {
            const r = readT4(lines);
            if (!t4Read) t4Read = r;
            else for (const [k, v] of r.rows) if (!t4Read.rows.has(k)) t4Read.rows.set(k, v);
            lost.push(...r.lost);
          } else {
            const r = readS2(lines, yearEdition ?? 2021);
            for (const b of r.blocks) {
              const prev = s2Blocks.find((x) => x.item === b.item);
              if (prev) {
                for (const [k, v] of b.rows) if (!prev.rows.has(k)) prev.rows.set(k, v);
              } else s2Blocks.push(b);
              section2Editions.push(b.edition);
            }
            lost.push(...r.lost);
          }
          const existing = deferred.find((d) => d.kind === kind);
          if (existing) {
            // A second run of the same table (split by a page footer): its unplaced content stays here.
            const p = lostPiece(lost);
            if (p) pieces.push(p);
          } else {
            const piece: Piece = { text: '' };
            deferred.push({ kind, piece, lost });
            pieces.push(piece);
          }
          prevProse = null;
        } else if (tabular) {
          const lost: Lost[] = run.map((r) => ({
            what: r.kind === 'rows' ? '未能识别的表格' : '未能识别的短句或表格单元格',
            line: r.line,
            excerpt: r.kind === 'rows' ? r.rows.map((x) => x.cells.map((c) => c.text).filter(Boolean).join(' ')).join(' / ') : r.text,
          }));
          const p = lostPiece(lost);
          if (p) pieces.push(p);
          prevProse = null;
        } else {
          // Prose sections: short paragraphs and text tables stay as they are.
          for (const r of run) {
            if (r.kind === 'rows') {
              for (const row of r.rows) {
                const t = row.cells.map((c) => c.text).filter(Boolean).join(' ');
                if (t) pieces.push({ text: proseText(t) });
              }
              warnings.push(`第 ${r.line ?? '?'} 行起的表格不是年度报告表格，已作为正文保留`);
            } else {
              const p = paraPiece(r.text, no);
              pieces.push(p);
            }
          }
          prevProse = null;
        }
        continue;
      }
      // Prose paragraph or heading.
      const p = it as Extract<Item, { kind: 'para' }>;
      if (p.heading !== undefined) {
        pieces.push({ text: `${'#'.repeat(Math.max(3, Math.min(6, p.heading)))} ${proseText(p.text)}` });
        prevProse = null;
      } else if (
        (input.shape === 'text' || input.shape === 'pdf') &&
        prevProse &&
        prevProse.text.length >= 30 &&
        CJK_END.test(prevProse.text) &&
        !SUBHEAD.test(p.text) &&
        !/^[-*+]\s/.test(p.text)
      ) {
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
  };
  const paraPiece = (text: string, no: number | null): Piece => {
    const t = text.trim();
    if (no !== null && t.length <= 30 && SUBHEAD.test(t) && !/[，,；;]/.test(t) && !/[。].+/.test(t)) return { text: `### ${proseText(t)}` };
    return { text: proseText(t) };
  };

  // Preamble (between the title and the first section).
  const preambleEnd = heads.length ? heads[0].at : end;
  sectionPieces(null, ti + 1, preambleEnd);
  const preamblePieces = pieces.splice(0, pieces.length);
  const sectionOut: { heading: string; no: number; pieces: Piece[] }[] = [];
  heads.forEach((h, k) => {
    const to = k + 1 < heads.length ? heads[k + 1].at : end;
    const before = pieces.length;
    sectionPieces(h.no, h.at + 1, to);
    sectionOut.push({ heading: h.text, no: h.no, pieces: pieces.splice(before, pieces.length - before) });
  });

  // -------------------------------------------------------------- editions of the tables
  const t3 = t3Read as T3Read | null;
  const t4 = t4Read as T4Read | null;
  const votes = [...section2Editions, ...(t3?.edition ? [t3.edition] : [])];
  const tablesEdition: Edition = yearEdition ?? (votes.length ? (votes.filter((v) => v === 2019).length * 2 > votes.length ? 2019 : 2021) : 2021);
  const s2Edition: Edition = section2Editions.length ? (section2Editions.filter((v) => v === 2019).length * 2 > section2Editions.length ? 2019 : 2021) : t3?.edition ?? tablesEdition;
  const t3Edition: Edition = t3?.edition ?? (section2Editions.length ? s2Edition : tablesEdition);
  if (yearEdition && (s2Edition !== yearEdition || t3Edition !== yearEdition) && (section2Editions.length || t3?.edition)) {
    warnings.push(`原文表格为${s2Edition !== yearEdition ? s2Edition : t3Edition}版格式，${year}年度应使用${yearEdition}版；已按原文格式写出`);
  }

  // -------------------------------------------------------------- write
  const write = (standard: Set<string>): { text: string; placed: Map<string, string>; blanks: number; lost: Unplaced[] } => {
    const placed = new Map<string, string>();
    const tableLost: Unplaced[] = [];
    let blanks = 0;
    const extraLost: Lost[] = [];
    const rowLabel = (key: string, r: PlacedRow | undefined, std: string) => (r && !standard.has(key) && r.printed && !r.near ? labelText(r.printed) : std);
    const s2Text = (): string => {
      const items = [...new Set([...S2_BLOCKS[s2Edition].map((b) => b.item), ...s2Blocks.map((b) => b.item)])].sort((a, b) => a - b);
      return items
        .map((item) => {
          const found = s2Blocks.find((b) => b.item === item);
          const def = found?.def ?? S2_BLOCKS[s2Edition].find((b) => b.item === item)!;
          const header = ['信息内容', ...def.columns.map((c, i) => (found?.headers[i] && !standard.has(`s2.${item}.col.${c.key}`) ? labelText(found.headers[i]!) : c.label))];
          const rows = def.rows.map((r) => {
            const pr = found?.rows.get(r.key);
            return [
              rowLabel(`s2.${item}.row.${r.key}`, pr, r.label),
              ...def.columns.map((c, ci) => {
                const v = cellText(pr?.values[ci] ?? null);
                if (v) placed.set(`s2.${item}.${r.key}.${c.key}`, v);
                else blanks++;
                return v;
              }),
            ];
          });
          return `### 第二十条第（${ITEM_NUMERALS[item]}）项\n\n${tableText(header, rows)}`;
        })
        .join('\n\n');
    };
    const t3Text = (): string => {
      const rows = T3_ROWS[t3Edition]
        .filter((r) => !r.group)
        .map((r) => {
          const pr = t3?.rows.get(r.key);
          return [
            rowLabel(`t3.row.${r.key}`, pr, r.label),
            ...T3_COLUMNS.map((c, ci) => {
              const v = cellText(pr?.values[ci] ?? null);
              if (v) placed.set(`t3.${r.key}.${c.key}`, v);
              else blanks++;
              return v;
            }),
          ];
        });
      const text = tableText(['申请人情况', ...T3_COLUMNS.map((c) => c.label)], rows);
      return t3?.note ? `${proseText(t3.note.text)}\n\n${text}` : text;
    };
    const t4Text = (): string => {
      const rows = T4_ROWS.map((r) => {
        const pr = t4?.rows.get(r.key);
        return [
          r.label,
          ...T4_COLUMNS.map((c, ci) => {
            const v = cellText(pr?.values[ci] ?? null);
            if (v) placed.set(`t4.${r.key}.${c.key}`, v);
            else blanks++;
            return v;
          }),
        ];
      });
      return tableText(['类别', ...T4_COLUMNS.map((c) => c.label)], rows);
    };
    // Rows of the other edition's 表三 that were read but have no place in the edition written.
    if (t3) {
      const keys = new Set(T3_ROWS[t3Edition].map((r) => r.key));
      for (const [k, r] of t3.rows) {
        if (!keys.has(k) && r.values.some((v) => v)) extraLost.push({ what: `表三中不属于${t3Edition}版格式的一行“${r.def.label}”`, line: r.line, excerpt: r.values.map((v) => v?.text ?? '').join(' ') });
      }
    }
    const tableFor = (kind: 's2' | 't3' | 't4') => (kind === 's2' ? s2Text() : kind === 't3' ? t3Text() : t4Text());
    // Tables found: at the place of their first run. Tables not found: at the end of their section.
    const out: Piece[] = [];
    const lines: string[] = [];
    const fm: string[] = [];
    if (agency) fm.push(`机关: ${yamlScalar(agency)}`);
    if (year !== undefined) fm.push(`年度: ${year}`);
    if (agency || titleAgency) fm.push(`报告类型: ${/人民政府$|政府$/.test(agency ?? titleAgency ?? '') ? '政府' : '部门'}`);
    if (fm.length) out.push({ text: ['---', ...fm, '---'].join('\n') });
    out.push({ text: `<!-- xxgk-import: 由“${input.name.replace(/--+/g, '-')}”导入（${{ text: '纯文本', html: 'HTML 网页', docx: 'Word 文档', pdf: 'PDF 文件' }[input.shape]}）。表格按标准行列写出，原文中读不出的数值留空；请与原文核对。 -->` });
    const chromeItems = [...chrome].sort((a, b) => a - b).map((i) => items[i]);
    if (chromeItems.length) {
      const text = chromeItems.map((it) => (it.kind === 'para' ? it.text : it.rows.map((r) => r.cells.map((c) => c.text).join(' ')).join(' / '))).join('\n');
      out.push({ text: `<!-- xxgk-import: 网页页面内容（不属于报告正文），未写入报告：\n${text.replace(/--/g, '- -')}\n-->` });
    }
    if (title) out.push({ text: `# ${proseText(title)}` });
    else out.push({ text: '<!-- xxgk-import: 原文中未找到标题 -->' });
    const used = new Set<string>();
    const placeholder = new Map<Piece, Deferred>(deferred.map((d) => [d.piece, d]));
    const emitPieces = (ps: Piece[]) => {
      for (const p of ps) {
        const d = placeholder.get(p);
        if (d) {
          used.add(d.kind);
          out.push({ text: tableFor(d.kind) });
          const lost = [...d.lost, ...(d.kind === 't3' ? extraLost : [])];
          if (lost.length) {
            const list = toUnplaced(lost);
            tableLost.push(...list);
            out.push(markedPiece(list));
          }
        } else if (p.text) out.push(p);
      }
    };
    emitPieces(preamblePieces);
    for (const s of sectionOut) {
      out.push({ text: `## ${proseText(s.heading)}` });
      emitPieces(s.pieces);
      const kind = s.no === 2 ? 's2' : s.no === 3 ? 't3' : s.no === 4 ? 't4' : null;
      if (kind && !used.has(kind)) {
        used.add(kind);
        out.push({ text: `<!-- xxgk-import: 原文中未找到此表，数值留空 -->` });
        out.push({ text: tableFor(kind) });
      }
    }
    for (const kind of ['s2', 't3', 't4'] as const) {
      if (!used.has(kind) && (kind !== 's2' || s2Blocks.length) && ((kind === 't3' && t3) || (kind === 't4' && t4) || (kind === 's2' && s2Blocks.length))) {
        out.push({ text: tableFor(kind) });
      }
    }
    if (sig) {
      if (sig.agency) out.push({ text: proseText(sig.agency.text) });
      if (sig.date) out.push({ text: proseText(sig.date.text) });
    }
    for (const p of out) lines.push(p.text);
    return { text: lines.join('\n\n') + '\n', placed, blanks, lost: tableLost };
  };
  // -------------------------------------------------------------- verify with the core
  let standard = new Set<string>();
  let result = write(standard);
  const check = (r: typeof result) => {
    const report = analyzeText(r.text).report;
    const bad = new Set<string>();
    let ok = 0;
    for (const [key, v] of r.placed) {
      const [kind, ...rest] = key.split('.');
      let cell: { raw: string } | undefined;
      let rowKey = '';
      let colKey = '';
      let tableKey = '';
      if (kind === 's2') {
        const [item, row, col] = rest;
        rowKey = row;
        colKey = col;
        tableKey = `s2.${item}`;
        cell = report.tables.s2.find((t) => t.item === Number(item))?.byKey.get(row)?.cells.get(col);
      } else {
        const [row, col] = rest;
        rowKey = row;
        colKey = col;
        tableKey = kind;
        cell = (kind === 't3' ? report.tables.t3 : report.tables.t4)?.byKey.get(row)?.cells.get(col);
      }
      if (cell && cell.raw.replace(/\\\|/g, '|') === v.replace(/\\\|/g, '|')) ok++;
      else {
        bad.add(`${tableKey}.row.${rowKey}`);
        bad.add(`${tableKey}.col.${colKey}`);
      }
    }
    return { ok, bad };
  };
  let verdict = check(result);
  if (verdict.bad.size) {
    standard = verdict.bad;
    result = write(standard);
    verdict = check(result);
    if (verdict.bad.size) warnings.push(`有 ${result.placed.size - verdict.ok} 个数值写出后未能被检查器在原位读回，请核对表格`);
    else warnings.push('部分行名或列名已改为标准写法，以便数值对应到正确的行列');
  }
  // Unplaced items recorded while writing: give them their report lines from the final text.
  unplaced.push(...result.lost);
  locateUnplaced(result.text, unplaced);
  unplaced.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.reportLine ?? 0) - (b.reportLine ?? 0));
  if (chrome.size) warnings.push(`网页页面内容 ${chrome.size} 处（导航、发布时间、字体、分享等）未写入报告，见文首的 xxgk-import 注释`);
  const foundSections = heads.map((h) => h.no);
  return {
    text: result.text,
    unplaced,
    cells: verdict.ok,
    blanks: result.blanks,
    warnings,
    agency: agency ?? titleAgency,
    year,
    titleAgency,
    sections: foundSections,
  };
}

function mergeT3(into: T3Read, more: T3Read): void {
  for (const [k, v] of more.rows) if (!into.rows.has(k)) into.rows.set(k, v);
  into.note ??= more.note;
  into.edition ??= more.edition;
}

function yamlScalar(s: string): string {
  return /^[\p{L}\p{N}（）()·]+$/u.test(s) ? s : JSON.stringify(s);
}

/** The report line of each unplaced excerpt: the next line between markers that holds it. */
function locateUnplaced(text: string, list: Unplaced[]): void {
  const lines = text.split('\n');
  let inMark = false;
  const at = new Map<string, number[]>();
  lines.forEach((l, i) => {
    if (l === MARK_START) inMark = true;
    else if (l === MARK_END) inMark = false;
    else if (inMark && l.trim()) {
      const q = at.get(l);
      if (q) q.push(i);
      else at.set(l, [i]);
    }
  });
  for (const u of list) {
    const i = at.get(proseText(u.excerpt))?.shift();
    u.reportLine = i !== undefined ? i + 1 : undefined;
  }
}
