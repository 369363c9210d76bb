/**
 * Reading the form's tables out of source rows, whatever their shape: a grid from HTML/Word (merged
 * cells expanded), the loose rows of a text table (tab-separated, cells out of line), or rows rebuilt
 * from one cell per line. Row labels are matched to the standard rows with the core's normalisation
 * (normLabel/labelCore/labelKey); a label broken over several lines, or interleaved with the text of
 * a merged group cell (text from a PDF), is read by finding the standard label as a compact
 * subsequence of the label text gathered since the last row. Values are taken by position only when
 * the position is certain; nothing is ever filled in.
 */
import { Edition, S2_BLOCKS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_ROWS, labelKey, type BlockDef, type RowDef, cnNumeral, editDistance, labelCore, normLabel, readCell } from '../core/index.js';
import { Tok, SplitRow, vectorize, hasDigits } from './tokens.js';

export type Line = SplitRow;

export interface Lost {
  what: string;
  line?: number;
  excerpt: string;
}

export interface PlacedRow {
  def: RowDef;
  /** The label as printed in the source (one fragment), or undefined when it had to be assembled. */
  printed?: string;
  /** The label was adopted as the nearest standard label (OCR damage): write the standard wording. */
  near: boolean;
  values: (Tok | null)[];
  line?: number;
}

const CJK_OR_DIGIT = /[\u3400-\u9fff\uf900-\ufaff0-9]/;

function n(s: string): string {
  return normLabel(s);
}

/** Punctuation inside a label that converters and OCR change freely (、 for ，, ; for ；). */
const loose = (s: string) => s.replace(/[、,，;；:：·]/g, '');

/** What identifies a row's label: its core (no numbering), without inner punctuation. */
export function core(label: string): string {
  return loose(labelCore(normLabel(label)));
}

function excerptOf(l: Line): string {
  return [...l.labels, ...l.stray, ...l.area].filter((t) => t.kind !== 'empty').map((t) => t.text).join(' ');
}

/** The shortest window of `buf` that holds `pat` as a subsequence, if it is compact enough to be that label. */
export function compactMatch(buf: string, pat: string): { start: number; end: number; used: number[] } | null {
  if (!pat) return null;
  let best: { start: number; end: number; used: number[] } | null = null;
  for (let s = buf.indexOf(pat[0]); s >= 0; s = buf.indexOf(pat[0], s + 1)) {
    const used: number[] = [];
    let k = 0;
    for (let i = s; i < buf.length && k < pat.length; i++) {
      if (buf[i] === pat[k]) {
        used.push(i);
        k++;
      }
    }
    if (k < pat.length) break;
    const end = used[used.length - 1] + 1;
    if (!best || end - s < best.end - best.start) best = { start: s, end, used };
  }
  if (!best) return null;
  return best.end - best.start <= pat.length * 2 + 4 ? best : null;
}

/** Longest common subsequence length (labels are short). */
function lcs(a: string, b: string): number {
  if (!a || !b) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Label text gathered over several lines, with where each character came from. */
class LabelBuffer {
  text = '';
  from: { tok: Tok; offset: number }[] = [];
  frags: Tok[] = [];
  push(t: Tok): void {
    const s = loose(n(t.text));
    for (let i = 0; i < s.length; i++) this.from.push({ tok: t, offset: i });
    this.text += s;
    this.frags.push(t);
  }
  get empty(): boolean {
    return this.text.length === 0;
  }
  /** The characters not used by a match, as runs per source fragment. */
  leftovers(used: Set<number>): { text: string; tok: Tok }[] {
    const out: { text: string; tok: Tok }[] = [];
    let cur: { text: string; tok: Tok } | null = null;
    for (let i = 0; i < this.text.length; i++) {
      if (used.has(i)) {
        cur = null;
        continue;
      }
      const tok = this.from[i].tok;
      if (!cur || cur.tok !== tok) {
        cur = { text: '', tok };
        out.push(cur);
      }
      cur.text += this.text[i];
    }
    return out;
  }
  clear(): void {
    this.text = '';
    this.from = [];
    this.frags = [];
  }
}

/** Whether leftover label text is only pieces of words the form prints anyway (group cells, header words) or noise. */
function isKnownPiece(text: string, known: string[]): boolean {
  const t = cjkOnly(text);
  if (!t || /^[一二三四五六七八九十\d]{1,3}$/.test(t)) return true;
  return known.some((k) => cjkOnly(k).includes(t));
}

function cjkOnly(s: string): string {
  return s.split('').filter((c) => CJK_OR_DIGIT.test(c)).join('');
}

/** A vector of values that is mostly values (not a line of extraction noise that happens to have the width). */
function readableVector(area: Tok[], width: number, min: number): (Tok | null)[] | null {
  const v = vectorize(area, width);
  if (!v) return null;
  const readable = v.filter((t) => t && (t.kind === 'value' || t.kind === 'blank' || t.kind === 'unread')).length;
  const junk = v.filter((t) => t && t.kind === 'junk').length;
  return readable >= min && junk <= Math.max(2, readable / 2) ? v : null;
}

function mergeValues(lines: { vec: (Tok | null)[]; line?: number }[], width: number, what: (col: number) => string, lost: Lost[]): (Tok | null)[] {
  const out: (Tok | null)[] = [];
  for (let c = 0; c < width; c++) {
    const readable: Tok[] = [];
    const junk: Tok[] = [];
    let empty: Tok | null = null;
    let unread = false;
    for (const l of lines) {
      const t = l.vec[c];
      if (!t) continue;
      if (t.kind === 'value' || t.kind === 'blank') readable.push(t);
      else if (t.kind === 'empty') empty ??= t;
      else if (t.kind === 'unread') unread = true;
      else junk.push(t);
    }
    const keys = new Set(readable.map((t) => valueKey(t)));
    if (readable.length && keys.size === 1) out.push(readable[0]);
    // An empty cell of a grid is the source's blank; an empty cell of text is one that was not read.
    else if (!readable.length && !junk.length && !unread && empty?.grid) out.push(empty);
    else {
      out.push(null);
      if (readable.length > 1) lost.push({ what: `${what(c)}：两处读数不一致`, line: readable[0].line, excerpt: readable.map((t) => t.text).join(' / ') });
      else if (junk.length) lost.push({ what: `${what(c)}：无法读出的数值`, line: junk[0].line, excerpt: junk.map((t) => t.text).join(' / ') });
    }
  }
  return out;
}

function valueKey(t: Tok): string {
  const r = readCell(t.text, 'amount');
  return r.status === 'ok' && r.value !== null ? String(r.value) : t.text.normalize('NFKC').replace(/\s+/g, '');
}

const NUMBERED = /^([（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[.．、])/;

// ---------------------------------------------------------------- 表三

/** The standard rows of both editions in one order (2019's single （六） row before 2021's three). */
const T3_ORDER: RowDef[] = (() => {
  const r21 = T3_ROWS[2021].filter((r) => !r.group);
  const other19 = T3_ROWS[2019].find((r) => r.key === 'other')!;
  const i = r21.findIndex((r) => r.key === 'other_1');
  return [...r21.slice(0, i), other19, ...r21.slice(i)];
})();

const T3_NOTE = '本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和';
const T3_KNOWN = [
  ...T3_ROWS[2021].map((r) => n(r.label)),
  ...T3_COLUMNS.map((c) => n(c.label)),
  '申请人情况', '法人或其他组织', n(T3_NOTE), '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)',
  '三、本年度办理结果', '(三)不予公开', '(四)无法提供', '(五)不予处理', '(六)其他处理', '(七)总计', '无法提供(四)', '不予处理(五)', '其他处理(六)',
];

export interface T3Read {
  rows: Map<string, PlacedRow>;
  edition: Edition | null;
  note?: { text: string; line?: number };
  lost: Lost[];
  /** Lines that took part (for the caller: the table was found). */
  found: boolean;
}

/**
 * 表三 out of source lines. A row's label may be broken over lines, interleaved with the merged
 * group cells' text, or printed apart from its numbers; its values may stand on the label's line, on
 * a line of their own before or after it, or — in converter output — far from it. Values on a line
 * that completes a standard label belong to that row (with any values on the lines of that label's
 * other pieces). Values on a line with no label at all are placed by order: between two rows whose
 * values are known, they fill the rows in between when there are exactly as many of them as rows.
 * Anything else is listed, never guessed.
 */
export function readT3(lines: Line[]): T3Read {
  const rows = new Map<string, PlacedRow>();
  const lost: Lost[] = [];
  const buf = new LabelBuffer();
  /** Values of the label being gathered (lines that carry a piece of it). */
  let pending: { vec: (Tok | null)[]; line?: number }[] = [];
  let pendingLines: Line[] = [];
  let last = -1;
  let note: T3Read['note'];
  const colName = (c: number) => T3_COLUMNS[c].label;
  /** In source order: rows whose label was read (with or without values) and values without a label. */
  type Ev = { kind: 'row'; idx: number; has: boolean } | { kind: 'orphan'; vec: (Tok | null)[]; line?: number; excerpt: string };
  const events: Ev[] = [];
  // Label lines that are paragraphs among a converter's pipe tables are pieces of merged cells, not rows.
  const mixed = lines.some((l) => l.source === 'pipe') && lines.some((l) => l.source === 'para');

  const assign = (def: RowDef, vecs: { vec: (Tok | null)[]; line?: number }[], printed: string | undefined, near: boolean, line?: number) => {
    const values = mergeValues(vecs, 7, (c) => `表三“${def.label}”${colName(c)}`, lost);
    if (rows.has(def.key)) {
      lost.push({ what: `表三中重复的一行“${def.label}”`, line, excerpt: vecs.map((v) => v.vec.map((t) => t?.text ?? '').join(' ')).join(' / ') });
      return false;
    }
    rows.set(def.key, { def, printed, near, values, line });
    return true;
  };
  const dropLeftovers = (used: Set<number>) => {
    for (const lo of buf.leftovers(used)) {
      if (!isKnownPiece(lo.text, T3_KNOWN)) lost.push({ what: '表三中无法识别的文字', line: lo.tok.line, excerpt: lo.tok.text });
    }
  };
  const window = () => T3_ORDER.slice(last + 1, last + 9);
  const rowEvent = (def: RowDef, has: boolean) => events.push({ kind: 'row', idx: T3_ORDER.indexOf(def), has });
  /** Values whose label never completed: the nearest standard row, if near enough; else placed by order later. */
  const finalizeFuzzy = () => {
    if (pending.length) {
      let best: { def: RowDef; score: number; idx: number } | null = null;
      for (const def of window()) {
        const c = core(def.label);
        if (c.length < 4) continue;
        const score = lcs(c, buf.text) / c.length;
        if (!best || score > best.score) best = { def, score, idx: T3_ORDER.indexOf(def) };
      }
      if (best && best.score >= 0.7) {
        if (assign(best.def, pending, undefined, true, pendingLines[0]?.line)) rowEvent(best.def, true);
        last = best.idx;
      } else for (const p of pending) events.push({ kind: 'orphan', vec: p.vec, line: p.line, excerpt: p.vec.map((t) => t?.text ?? '').join(' ') });
    }
    dropLeftovers(new Set());
    buf.clear();
    pending = [];
    pendingLines = [];
  };

  for (const l of lines) {
    let labels = l.labels;
    // The 勾稽关系 note printed in the corner of the form.
    labels = labels.filter((t) => {
      const s = n(t.text);
      if (!s.includes('勾稽关系')) return true;
      if (s.includes('第三项') && s.includes('第四项')) note ??= { text: t.text, line: t.line };
      else buf.push(t);
      return false;
    });
    for (const t of l.stray) if (hasDigits(t)) lost.push({ what: '表三中无法归位的数字', line: t.line, excerpt: t.text });
    if (!buf.empty && pending.length && labels.length && NUMBERED.test(n(labels[0].text))) finalizeFuzzy();
    const vec = readableVector(l.area, 7, 1);
    const areaFilled = l.area.filter((t) => t.kind !== 'empty');
    if (!labels.length) {
      // Values with no label on their line: placed by order.
      if (vec) events.push({ kind: 'orphan', vec, line: l.line, excerpt: excerptOf(l) });
      else if (areaFilled.some(hasDigits)) lost.push({ what: '表三中列数不符、无法对应到列的数值', line: l.line, excerpt: excerptOf(l) });
      continue;
    }
    // Label text that never makes a row (pages of prose cells) is given up in bounded pieces.
    if (buf.text.length > 400) finalizeFuzzy();
    for (const t of labels) buf.push(t);
    pendingLines.push(l);
    if (vec) pending.push({ vec, line: l.line });
    else if (areaFilled.some(hasDigits)) lost.push({ what: '表三中列数不符、无法对应到列的数值', line: l.line, excerpt: excerptOf(l) });
    // Among a converter's tables, labels are scattered (headings, pieces of merged cells, header rows):
    // only a line with values completes a row.
    if (mixed && !vec) continue;
    // Which standard row's label is now complete: the one whose match ends last (the leaf after its group).
    let hit: { def: RowDef; idx: number; m: { start: number; end: number; used: number[] } } | null = null;
    window().forEach((def) => {
      const c = core(def.label);
      let m: { start: number; end: number; used: number[] } | null = null;
      if (c.length < 4) {
        // Short labels (其他, 总计) only as a whole fragment of their own, on the line with the row's values.
        let off = 0;
        for (const f of buf.frags) {
          const s = loose(n(f.text));
          if (loose(labelCore(n(f.text))) === c && labels.includes(f)) m = { start: off, end: off + s.length, used: Array.from({ length: s.length }, (_, i) => off + i) };
          off += s.length;
        }
      } else m = compactMatch(buf.text, c);
      if (m && (!hit || m.end > hit.m.end)) hit = { def, idx: T3_ORDER.indexOf(def), m };
    });
    if (!hit) continue;
    const h = hit as { def: RowDef; idx: number; m: { start: number; end: number; used: number[] } };
    // The printed label: the one fragment that holds the whole match, when there is one.
    const frag = buf.frags.find((f) => loose(labelCore(n(f.text))).endsWith(core(h.def.label)) || loose(n(f.text)).includes(core(h.def.label)));
    const printed = frag && core(frag.text).length <= core(h.def.label).length + 12 ? frag.text : undefined;
    // The values of this line belong to the row only if this line's own label pieces are part of the
    // match: a label completed by earlier lines (5.要求行政机关确认或重新出 / 具已获取信息) leaves this line's
    // values (and its label pieces) to the next row.
    const ownPieces = new Set(labels);
    let mine = vec ? h.m.used.some((i) => ownPieces.has(buf.from[i].tok)) : true;
    if (!mine) {
      // The same label may stand again on this line (a heading above, the row's own label here): that one.
      const lineStart = buf.from.findIndex((f) => ownPieces.has(f.tok));
      const again = lineStart >= 0 && core(h.def.label).length >= 4 ? compactMatch(buf.text.slice(lineStart), core(h.def.label)) : null;
      if (again) {
        h.m = { start: again.start + lineStart, end: again.end + lineStart, used: again.used.map((i) => i + lineStart) };
        mine = true;
      }
    }
    const carry = mine ? null : { vec: pending[pending.length - 1], labels };
    const theirs = mine ? pending : pending.slice(0, -1);
    // A label without values yet (a group cell such as 2021's （六）其他处理, or a row whose values stand apart): placed by order.
    if (theirs.length) {
      if (assign(h.def, theirs, printed, false, pendingLines[0]?.line)) rowEvent(h.def, true);
    } else {
      rows.set(h.def.key, { def: h.def, printed, near: false, values: Array(7).fill(null), line: l.line });
      rowEvent(h.def, false);
    }
    dropLeftovers(new Set(h.m.used));
    last = h.idx;
    buf.clear();
    pending = [];
    pendingLines = [];
    if (carry) {
      for (const t of carry.labels) buf.push(t);
      pending = [carry.vec];
      pendingLines = [l];
    }
  }
  finalizeFuzzy();
  const has21 = ['other_1', 'other_2', 'other_3'].some((k) => rows.get(k)?.values.some((v) => v !== null));
  const has19 = rows.get('other')?.values.some((v) => v !== null) ?? false;
  placeByOrder(events, rows, has21 ? 2021 : has19 ? 2019 : null, lost);
  // Rows whose label was read but whose values were not found anywhere stay without values (unread).
  const edition: Edition | null = ['other_1', 'other_2', 'other_3'].some((k) => rows.get(k)?.values.some((v) => v !== null)) ? 2021 : rows.get('other')?.values.some((v) => v !== null) ? 2019 : null;
  // A 2021 group row （六）其他处理 read as a label only is not 2019's single row.
  if (edition === 2021 && rows.get('other')?.values.every((v) => v === null)) rows.delete('other');
  return { rows, edition, note, lost, found: rows.size >= 3 };
}

/**
 * Values without a label, placed by order: between two rows whose values are known (or the table's
 * start and end), the rows still without values are filled in order when there are exactly as many
 * values as rows; the 2019 or 2021 form of （六） is the one that makes the counts agree, when the
 * table does not say.
 */
function placeByOrder(events: ({ kind: 'row'; idx: number; has: boolean } | { kind: 'orphan'; vec: (Tok | null)[]; line?: number; excerpt: string })[], rows: Map<string, PlacedRow>, edition: Edition | null, lost: Lost[]): void {
  const orphans = events.filter((e) => e.kind === 'orphan');
  if (!orphans.length) return;
  const seq = (e: Edition) => T3_ROWS[e].filter((r) => !r.group).map((r) => r.key);
  const anchorsIn = (keys: string[]) => {
    // Positions in `keys` of rows with values, in source order (kept only while increasing).
    const out: { pos: number; ev: number }[] = [];
    events.forEach((e, i) => {
      if (e.kind !== 'row' || !e.has) return;
      const pos = keys.indexOf(T3_ORDER[e.idx].key);
      if (pos >= 0 && (!out.length || pos > out[out.length - 1].pos)) out.push({ pos, ev: i });
    });
    return out;
  };
  const plan = (e: Edition): { key: string; orphan: number }[] | null => {
    const keys = seq(e);
    const anchors = [{ pos: -1, ev: -1 }, ...anchorsIn(keys), { pos: keys.length, ev: events.length }];
    const out: { key: string; orphan: number }[] = [];
    let ok = true;
    for (let a = 0; a + 1 < anchors.length; a++) {
      const lo = anchors[a];
      const hi = anchors[a + 1];
      const gapRows = keys.slice(lo.pos + 1, hi.pos).filter((k) => !rows.get(k)?.values.some((v) => v !== null));
      const gapOrphans: number[] = [];
      for (let i = lo.ev + 1; i < hi.ev; i++) if (events[i].kind === 'orphan') gapOrphans.push(i);
      if (!gapOrphans.length) continue;
      if (gapOrphans.length !== gapRows.length) {
        ok = false;
        continue;
      }
      gapRows.forEach((k, j) => out.push({ key: k, orphan: gapOrphans[j] }));
    }
    return ok || out.length ? out : null;
  };
  const choose = (): { key: string; orphan: number }[] => {
    if (edition) return plan(edition) ?? [];
    const p21 = plan(2021) ?? [];
    const p19 = plan(2019) ?? [];
    return p21.length >= p19.length ? p21 : p19;
  };
  const placed = new Set<number>();
  for (const { key, orphan } of choose()) {
    const o = events[orphan] as { vec: (Tok | null)[]; line?: number };
    const def = T3_ORDER.find((r) => r.key === key)!;
    const prev = rows.get(key);
    rows.set(key, { def, printed: prev?.printed, near: prev?.near ?? false, values: mergeValues([{ vec: o.vec, line: o.line }], 7, (c) => `表三“${def.label}”${T3_COLUMNS[c].label}`, lost), line: o.line });
    placed.add(orphan);
  }
  events.forEach((e, i) => {
    if (e.kind === 'orphan' && !placed.has(i)) lost.push({ what: '表三中未能对应到行的一行数值', line: e.line, excerpt: e.excerpt });
  });
}

// ---------------------------------------------------------------- 表四

const T4_KNOWN = ['行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '类别', '行政诉讼(未经复议直接起诉)', '行政诉讼(复议后起诉)'];

export interface T4Read {
  /** By row key: the 5 values in T4_COLUMNS order. */
  rows: Map<string, PlacedRow>;
  lost: Lost[];
  found: boolean;
}

function t4RowOf(label: string): RowDef | undefined {
  const s = n(label);
  if (s.includes('直接起诉')) return T4_ROWS[1];
  if (s.includes('复议后起诉')) return T4_ROWS[2];
  if (s.includes('行政复议') || s === '复议') return T4_ROWS[0];
  return undefined;
}

export function readT4(lines: Line[]): T4Read {
  const rows = new Map<string, PlacedRow>();
  const lost: Lost[] = [];
  let colOrder: number[] | null = null;
  let labelAbove: RowDef | undefined;
  for (const l of lines) {
    for (const t of l.stray) if (hasDigits(t)) lost.push({ what: '表四中无法归位的数字', line: t.line, excerpt: t.text });
    const vec15 = readableVector(l.area, 15, 10);
    if (vec15) {
      if (rows.size) {
        lost.push({ what: '表四中多出的一行数值', line: l.line, excerpt: excerptOf(l) });
        continue;
      }
      T4_ROWS.forEach((def, r) => {
        const vecs = [{ vec: vec15.slice(r * 5, r * 5 + 5), line: l.line }];
        rows.set(def.key, { def, near: false, values: mergeValues(vecs, 5, (c) => `表四“${def.label}”${T4_COLUMNS[c].label}`, lost), line: l.line });
      });
      for (const t of l.labels) if (!isKnownPiece(n(t.text), T4_KNOWN)) lost.push({ what: '表四中无法识别的文字', line: t.line, excerpt: t.text });
      continue;
    }
    const vec5 = readableVector(l.area, 5, 3);
    const own = l.labels.length ? t4RowOf(l.labels.map((t) => t.text).join('')) : undefined;
    // A row's label on a line of its own (a heading above a converter's small table) names the next line of five values.
    if (own && !vec5) labelAbove = own;
    const def = own ?? (vec5 && !l.labels.length ? labelAbove : undefined);
    if (vec5 && def) {
      labelAbove = undefined;
      const order = colOrder ?? [0, 1, 2, 3, 4];
      const vec: (Tok | null)[] = [null, null, null, null, null];
      order.forEach((col, i) => (vec[col] = vec5[i]));
      if (rows.has(def.key)) lost.push({ what: `表四中重复的一行“${def.label}”`, line: l.line, excerpt: excerptOf(l) });
      else rows.set(def.key, { def, printed: l.labels.map((t) => t.text).join(''), near: false, values: mergeValues([{ vec, line: l.line }], 5, (c) => `表四“${def.label}”${T4_COLUMNS[c].label}`, lost), line: l.line });
      continue;
    }
    // A header line of the transposed table gives the column order.
    if (!l.area.some((t) => t.kind !== 'empty')) {
      const idx = l.labels.map((t) => T4_COLUMNS.findIndex((c) => labelKey(c.label) === labelKey(t.text)));
      const found = idx.filter((i) => i >= 0);
      if (found.length === 5 && new Set(found).size === 5) colOrder = found;
    }
    if (l.area.some((t) => t.kind !== 'empty' && hasDigits(t))) lost.push({ what: '表四中列数不符、无法对应到列的数值', line: l.line, excerpt: excerptOf(l) });
    for (const t of l.labels) if (!isKnownPiece(n(t.text), T4_KNOWN)) lost.push({ what: '表四中无法识别的文字', line: t.line, excerpt: t.text });
  }
  return { rows, lost, found: rows.size > 0 };
}

// ---------------------------------------------------------------- 第二十条 (section 二)

const ITEM = /第二十条第?\(?([一二三四五六七八九十]+)\)?项/;

export interface S2Block {
  item: number;
  edition: Edition;
  def: BlockDef;
  /** Per standard column (def.columns order): the header as printed, when it was read. */
  headers: (string | undefined)[];
  rows: Map<string, PlacedRow>;
  line?: number;
}

export interface S2Read {
  blocks: S2Block[];
  lost: Lost[];
  found: boolean;
}

interface RawBlock {
  item?: number;
  header: Tok[];
  rows: { label: Tok[]; area: Tok[]; line?: number }[];
  line?: number;
}

const S2_KNOWN = [
  '信息内容', '第二十条', '项',
  ...[2019, 2021].flatMap((e) => S2_BLOCKS[e as Edition].flatMap((b) => [...b.columns.map((c) => n(c.label)), ...b.rows.map((r) => n(r.label))])),
];

function defsFor(item: number): { e: Edition; def: BlockDef }[] {
  const out: { e: Edition; def: BlockDef }[] = [];
  for (const e of [2021, 2019] as Edition[]) {
    const def = S2_BLOCKS[e].find((b) => b.item === item);
    if (def) out.push({ e, def });
  }
  return out;
}

function nearMatch<T extends { label: string }>(text: string, defs: T[]): { def: T; near: boolean } | null {
  const k = labelKey(text);
  if (!k) return null;
  const exact = defs.find((d) => labelKey(d.label) === k);
  if (exact) return { def: exact, near: false };
  let best: { def: T; d: number } | null = null;
  for (const d of defs) {
    const dk = labelKey(d.label);
    const dist = editDistance(k, dk, dk.length);
    if (!best || dist < best.d) best = { def: d, d: dist };
  }
  return best && best.d <= Math.ceil(labelKey(best.def.label).length / 3) ? { def: best.def, near: true } : null;
}

function itemFromLabel(label: string): number | undefined {
  const k = labelKey(label);
  if (k === '规章' || k.endsWith('规范性文件')) return 1;
  if (k === '行政许可' || k === '其他对外管理服务事项') return 5;
  if (k === '行政处罚' || k === '行政强制') return 6;
  if (k === '行政事业性收费') return 8;
  if (k === '政府集中采购') return 9;
  return undefined;
}

export function readS2(lines: Line[], expected: Edition): S2Read {
  const lost: Lost[] = [];
  const raws: RawBlock[] = [];
  let cur: RawBlock | null = null;
  let carry: Tok[] = [];
  for (const l of lines) {
    let labels = l.labels.slice();
    for (const t of l.stray) if (hasDigits(t)) lost.push({ what: '表二中无法归位的数字', line: t.line, excerpt: t.text });
    // An item heading, possibly spread over cells: 第二十条第 (五) | 项
    const joined = labels.map((t) => n(t.text)).join('');
    const m = ITEM.exec(joined);
    if (m) {
      const item = cnNumeral(m[1]);
      cur = { item, header: [], rows: [], line: l.line };
      raws.push(cur);
      // Drop the fragments that made up the heading.
      let off = 0;
      const keep: Tok[] = [];
      for (const t of labels) {
        const len = n(t.text).length;
        if (off + len <= m.index || off >= m.index + m[0].length) keep.push(t);
        off += len;
      }
      labels = keep;
      carry = [];
    }
    const hasValues = l.area.some((t) => t.kind !== 'empty');
    if (labels.length && labelKey(labels[0].text) === '信息内容') {
      if (!cur || cur.rows.length || cur.header.length) {
        cur = { header: [], rows: [], line: l.line };
        raws.push(cur);
      }
      if (hasValues && labels.length >= 2 && itemFromLabel(labels[labels.length - 1].text) !== undefined) {
        for (const x of labels.slice(1, -1)) cur.header.push(x);
        labels = labels.slice(-1);
      } else {
        for (const x of labels.slice(1)) cur.header.push(x);
        labels = [];
      }
    }
    if (!labels.length && !hasValues) continue;
    if (!hasValues) {
      // A row label broken over two lines (其他对外管理服务 / 事项 0 0 0), or words after the table.
      for (const x of labels) carry.push(x);
      continue;
    }
    let label = [...carry, ...labels];
    carry = [];
    const text = label.map((t) => t.text).join('');
    let item = cur?.item ?? itemFromLabel(text);
    const fit = (it: number | undefined) => (it === undefined ? null : nearMatch(text, defsFor(it).flatMap((d) => d.def.rows)) ?? nearMatch(labels.map((t) => t.text).join(''), defsFor(it).flatMap((d) => d.def.rows)));
    if (!fit(item)) {
      const other = itemFromLabel(text);
      if (other !== undefined && other !== item) {
        // A block whose heading was not read: its rows name it.
        cur = { item: other, header: [], rows: [], line: l.line };
        raws.push(cur);
        item = other;
      }
    }
    if (!fit(item)) {
      lost.push({ what: '表二中未能识别行名的一行', line: l.line, excerpt: excerptOf(l) });
      continue;
    }
    if (!cur) {
      cur = { item, header: [], rows: [], line: l.line };
      raws.push(cur);
    }
    cur.item ??= item;
    if (label.length > 1 && !nearMatch(text, defsFor(item!).flatMap((d) => d.def.rows))) label = labels;
    cur.rows.push({ label, area: l.area, line: l.line });
  }
  for (const t of carry) if (!isKnownPiece(n(t.text), S2_KNOWN)) lost.push({ what: '表二中无法识别的文字', line: t.line, excerpt: t.text });

  const blocks: S2Block[] = [];
  for (const raw of raws) {
    if (raw.item === undefined || !defsFor(raw.item).length) {
      if (raw.rows.length || raw.header.length) lost.push({ what: '表二中无法确定条目的表格', line: raw.line, excerpt: [...raw.header, ...raw.rows.flatMap((r) => [...r.label, ...r.area])].map((t) => t.text).join(' ') });
      continue;
    }
    if (!raw.rows.length && !raw.header.length) continue;
    const item = raw.item;
    // Which edition the block is written in: header words, row labels and the number of values.
    const scored = defsFor(item).map(({ e, def }) => {
      let s = 0;
      for (const h of raw.header) {
        const m = nearMatch(h.text, def.columns);
        if (m) s += m.near ? 0.5 : 1;
      }
      for (const r of raw.rows) {
        if (def.rows.some((d) => labelKey(d.label) === labelKey(r.label.map((t) => t.text).join('')))) s += 1;
        if (r.area.filter((t) => t.kind !== 'empty').length === def.columns.length) s += 0.5;
      }
      return { e, def, s };
    });
    scored.sort((a, b) => b.s - a.s || (a.e === expected ? -1 : b.e === expected ? 1 : 0));
    const { e, def } = scored[0];
    // Columns from the header, when every header cell names a column of the block.
    const headerMatch = raw.header.map((h) => nearMatch(h.text, def.columns));
    const headerOk = raw.header.length === def.columns.length && headerMatch.every((m) => m) && new Set(headerMatch.map((m) => m!.def.key)).size === def.columns.length;
    const order = headerOk ? headerMatch.map((m) => def.columns.indexOf(m!.def)) : def.columns.map((_, i) => i);
    const headers: (string | undefined)[] = def.columns.map(() => undefined);
    if (headerOk) headerMatch.forEach((m, i) => (headers[def.columns.indexOf(m!.def)] = raw.header[i].text));
    else for (const h of raw.header) if (!isKnownPiece(n(h.text), S2_KNOWN)) lost.push({ what: `表二第（${item}）项表头中无法识别的文字`, line: h.line, excerpt: h.text });
    const rows = new Map<string, PlacedRow>();
    for (const r of raw.rows) {
      const text = r.label.map((t) => t.text).join('');
      const m = nearMatch(text, def.rows);
      if (!m) {
        lost.push({ what: `表二第（${item}）项中不属于此表的一行`, line: r.line, excerpt: [text, ...r.area.map((t) => t.text)].join(' ') });
        continue;
      }
      const vec = vectorize(r.area, def.columns.length);
      const vals: (Tok | null)[] = def.columns.map(() => null);
      if (vec) order.forEach((col, i) => (vals[col] = vec[i]));
      else lost.push({ what: `表二“${m.def.label}”：列数不符、无法对应到列的数值`, line: r.line, excerpt: r.area.map((t) => t.text).join(' ') });
      if (rows.has(m.def.key)) {
        lost.push({ what: `表二中重复的一行“${m.def.label}”`, line: r.line, excerpt: [text, ...r.area.map((t) => t.text)].join(' ') });
        continue;
      }
      const values = mergeValues([{ vec: vals, line: r.line }], def.columns.length, (c) => `表二“${m.def.label}”${def.columns[c].label}`, lost);
      rows.set(m.def.key, { def: m.def, printed: r.label.length === 1 ? text : undefined, near: m.near, values, line: r.line });
    }
    const prev = blocks.find((b) => b.item === item);
    if (prev) {
      // The same item twice (a heading and a table read apart): rows fill in.
      for (const [k, v] of rows) if (!prev.rows.has(k)) prev.rows.set(k, v);
      continue;
    }
    blocks.push({ item, edition: e, def, headers, rows, line: raw.line });
  }
  return { blocks, lost, found: blocks.some((b) => b.rows.size > 0) };
}

// ---------------------------------------------------------------- which table a run of rows is

/** How much a run of rows looks like each table of the form. */
export function classify(lines: Line[]): { s2: number; t3: number; t4: number } {
  let s2 = 0;
  let t3 = 0;
  let t4 = 0;
  const t3cores = T3_ORDER.map((r) => core(r.label)).filter((c) => c.length >= 4);
  for (const l of lines) {
    const text = l.labels.map((t) => n(t.text)).join('');
    if (ITEM.test(text)) s2 += 3;
    if (l.labels.some((t) => labelKey(t.text) === '信息内容')) s2 += 2;
    if (l.labels.some((t) => itemFromLabel(t.text) !== undefined)) s2 += 1;
    if (t3cores.some((c) => text.includes(c))) t3 += 1;
    if (text.includes('申请人情况') || text.includes('勾稽关系')) t3 += 2;
    if (vectorize(l.area, 15)) t4 += 5;
    if (/行政复议|复议后起诉|直接起诉/.test(text)) t4 += 1;
  }
  return { s2, t3, t4 };
}
