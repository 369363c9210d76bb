/**
 * Crawled text → blocks: what a crawler keeps of a report's page — header lines (`标题: …`,
 * `发布时间: …`, links), then the whole article's text content on one line, with the tables' cells
 * run together (`一、本年新收政府信息公开申请数量801000081二、上年结转…`), with or without single
 * spaces. The form's own structure takes it apart: the six section headings in order, 表二's blocks
 * by their 第二十条 headings and row labels, 表三's rows by their standard labels in order, 表四's
 * fifteen numbers after its header. A row's digits are split into its cells only where exactly one
 * split satisfies the form's identities (split.ts); otherwise its cells stay unread and the row is
 * listed with its digits.
 */
import { S2_BLOCKS, SECTIONS, T3_ROWS, type BlockDef, type Edition, type RowDef, labelCore, normLabel } from '../core/index.js';
import { newCellId } from './fromText.js';
import { settleTable3, splits, table3RowSplits, table4Splits, type PartKind } from './split.js';
import type { IBlock, ICell, IRow, PageInfo, ReadResult } from './types.js';
import { isoDate } from './patterns.js';

type Lost = NonNullable<ReadResult['lost']>[number];

/** Most splits of one row looked at; a row with that many is left unread (the sums cannot single one out). */
const SPLIT_CAP = 24;

/** A line long enough to be a whole article run together. */
const LONG = 800;

/** Normalised text with, for each of its characters, the offset of the character it came from. */
interface Norm {
  text: string;
  at: number[];
}

const DROP = /["'“”‘’「」『』〝〞＂＇\s\u3000\u00a0\u200b\ufeff]/;

function normalise(s: string): Norm {
  let text = '';
  const at: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (DROP.test(c)) continue;
    let n = c.normalize('NFKC');
    if (/[〔【［\[]/.test(n)) n = '(';
    else if (/[〕】］\]]/.test(n)) n = ')';
    for (const x of n) {
      text += x;
      at.push(i);
    }
  }
  return { text, at };
}

/** Section headings inline: a numeral in order, then the section's wording up to 情况/事项/措施. */
function sectionHeads(s: string): { no: number; start: number; end: number; text: string }[] {
  const out: { no: number; start: number; end: number; text: string }[] = [];
  const re = /([一二三四五六])\s*[、.．]\s*([^。；;，,\d]{2,30}?(?:情况|事项|措施))/g;
  let want = 1;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const no = '一二三四五六'.indexOf(m[1]) + 1;
    if (no < want) continue;
    const def = SECTIONS[no - 1];
    if (!def.keys.test(normLabel(m[2]))) continue;
    out.push({ no, start: m.index, end: m.index + m[0].length, text: m[0].trim() });
    want = no + 1;
  }
  return out;
}

/** The article's text: the crawler's one long line, and the header lines before it. */
export function crawlToBlocks(text: string): ReadResult | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const bodyAt = lines.findIndex((l) => l.length >= LONG && sectionHeads(l).length >= 3);
  if (bodyAt < 0) return null;
  const page: PageInfo = { chrome: [] };
  lines.forEach((l, i) => {
    if (i === bodyAt || !l.trim()) return;
    const kv = /^\s*([^:：]{1,12})\s*[:：]\s*(.*)$/.exec(l);
    if (i < bodyAt && kv && /^(标题|题目|文章标题)$/.test(kv[1].trim()) && kv[2].trim()) page.title = kv[2].trim();
    else if (i < bodyAt && kv && /(发布|发表|公开)?(时间|日期)$/.test(kv[1].trim())) page.published ??= isoDate(kv[2]);
    page.chrome.push(l.trim());
  });
  const body = lines[bodyAt];
  const line = bodyAt + 1;
  const heads = sectionHeads(body);
  const blocks: IBlock[] = [];
  const lost: Lost[] = [];
  const prose = (s: string) => {
    for (const p of paragraphs(s)) blocks.push({ kind: 'paragraph', text: p, line });
  };
  prose(body.slice(0, heads[0].start));
  heads.forEach((h, k) => {
    blocks.push({ kind: 'heading', level: 2, text: h.text, line });
    const part = body.slice(h.end, k + 1 < heads.length ? heads[k + 1].start : body.length);
    const before = lost.length;
    if (h.no === 2) readSection2(part, line, blocks, lost, prose);
    else if (h.no === 3) readSection3(part, line, blocks, lost, prose);
    else if (h.no === 4) readSection4(part, line, blocks, lost, prose);
    else prose(part);
    for (let k = before; k < lost.length; k++) lost[k].section = h.no;
  });
  return { blocks, page, lost };
}

/** Prose of one line → paragraphs: a new one where a sub-heading (`（一）`) follows a sentence's end. */
function paragraphs(s: string): string[] {
  return s
    .split(/(?<=[。！？；])\s*(?=[（(][一二三四五六七八九十]+[)）])/)
    .map((p) => p.trim())
    .filter(Boolean);
}

const cells = (texts: string[], unread: boolean[] = []): ICell[] => texts.map((t, i) => ({ text: t, id: newCellId(), unread: unread[i] || undefined }));
const row = (texts: string[], line: number, unread?: boolean[]): IRow => ({ cells: cells(texts, unread), line });

/** Finds `label` (normalised; its core alone when long enough) in `n` from `from`: the span in normalised offsets. */
function findLabel(n: Norm, label: string, from: number): { start: number; end: number } | null {
  const full = normLabel(label);
  const core = labelCore(full);
  const pat = core.length >= 4 ? core : full;
  const i = n.text.indexOf(pat, from);
  return i < 0 ? null : { start: i, end: i + pat.length };
}

/** Where a label starts with the numbering it is printed with (`2.`) and the group labels before it (`(三)不予公开`). */
function prefixStart(n: Norm, at: number, label: string, groups: string[]): number {
  const full = normLabel(label);
  const numbering = full.slice(0, full.length - labelCore(full).length);
  let p = at;
  if (numbering && n.text.slice(p - numbering.length, p) === numbering) p -= numbering.length;
  for (let again = true; again; ) {
    again = false;
    const before = n.text.slice(Math.max(0, p - 40), p);
    for (const g of groups) {
      if (before.endsWith(g)) {
        p -= g.length;
        again = true;
        break;
      }
    }
  }
  return p;
}

/** The digits (and spaces, signs, points) that open `s`, and what follows them. */
function leadingNumbers(s: string): { run: string; rest: string } {
  const m = /^[\s\d,，.+\-]*/.exec(s)!;
  return { run: m[0].trim(), rest: s.slice(m[0].length).trim() };
}

const T3_GROUPS = ['三、本年度办理结果', '(三)不予公开', '(四)无法提供', '(五)不予处理', '(六)其他处理', '三、本年度办理结果'].map(normLabel);
const T3_HEADER = ['申请人情况', '自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'].map(normLabel);

/** 表三's rows in the order of either edition (2019's one （六） row before 2021's three). */
const T3_ORDER: RowDef[] = (() => {
  const r21 = T3_ROWS[2021].filter((r) => !r.group);
  const i = r21.findIndex((r) => r.key === 'other_1');
  return [...r21.slice(0, i), T3_ROWS[2019].find((r) => r.key === 'other')!, ...r21.slice(i)];
})();

function readSection3(part: string, line: number, blocks: IBlock[], lost: Lost[], prose: (s: string) => void): void {
  const n = normalise(part);
  const orig = (a: number, b: number) => part.slice(n.at[a] ?? part.length, b < n.at.length ? n.at[b] : part.length);
  // The rows' labels, in order.
  // pre: where the row's text starts (group labels before it included); label: where its own label starts.
  const found: { def: RowDef; start: number; end: number; pre: number; label: number }[] = [];
  let cursor = 0;
  for (const def of T3_ORDER) {
    const hit = findLabel(n, def.label, cursor);
    if (!hit) continue;
    // 2019's single （六） row: only when no 2021 sub-row follows it.
    if (def.key === 'other' && findLabel(n, T3_ROWS[2021].find((r) => r.key === 'other_1')!.label, hit.end)) continue;
    found.push({ def, ...hit, pre: prefixStart(n, hit.start, def.label, T3_GROUPS), label: prefixStart(n, hit.start, def.label, []) });
    cursor = hit.end;
  }
  if (found.length < 3) {
    prose(part);
    return;
  }
  // Before the first row: prose, the 勾稽关系 note and the header words.
  const head = orig(0, found[0].pre);
  const note = /[（(]?本列数据的勾稽关系[^）)]*[）)]?/.exec(head);
  const before = head.replace(note?.[0] ?? '\u0000', ' ');
  let rest = normLabel(before);
  for (const w of T3_HEADER) rest = rest.split(w).join('');
  if (rest.trim()) prose(before.replace(/申请人情况.*$/, '').trim() || before);
  const rows: IRow[] = [];
  if (note) rows.push(row([note[0]], line));
  const runs = new Map<string, { label: string; run: string }>();
  const cands = new Map<string, number[][]>();
  let after = '';
  found.forEach((f, k) => {
    const next = k + 1 < found.length ? found[k + 1].pre : n.text.length;
    const { run, rest: tail } = leadingNumbers(orig(f.end, next));
    // The group labels before a leaf (（三）不予公开) are the form's own, written again with the table.
    const label = orig(f.label, f.end).trim();
    runs.set(f.def.key, { label, run });
    cands.set(f.def.key, table3RowSplits(run, SPLIT_CAP));
    // What follows the last row is the section's prose; text between rows that is no label is kept.
    if (tail && k + 1 === found.length) after = tail;
    else if (tail && !T3_GROUPS.some((g) => normLabel(tail).startsWith(g))) lost.push({ what: `表三“${f.def.label}”之后无法识别的文字`, line, excerpt: tail });
  });
  const edition: Edition = found.some((f) => f.def.key === 'other') ? 2019 : 2021;
  const outcome = T3_ROWS[edition].filter((r) => !r.group && r.parent && r.key !== 'total').map((r) => r.key);
  const settled = settleTable3(cands, outcome, SPLIT_CAP);
  for (const f of found) {
    const r = runs.get(f.def.key)!;
    const v = settled.get(f.def.key);
    if (v) rows.push(row([r.label, ...v.map(String)], line));
    else {
      rows.push(row([r.label, ...Array(7).fill('?')], line, [false, ...Array(7).fill(true)]));
      const c = cands.get(f.def.key)!;
      lost.push({
        what: c.length ? `表三“${f.def.label}”：数字“${r.run}”可拆成多种单元格组合，未能确定` : `表三“${f.def.label}”：数字“${r.run || '（无）'}”拆不成七个单元格（六类申请人之和等于总计）`,
        line,
        excerpt: `${r.label}${r.run}`,
      });
    }
  }
  blocks.push({ kind: 'table', rows, line, grid: false });
  if (after) prose(after);
}

const T4_WORDS = ['行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];

function readSection4(part: string, line: number, blocks: IBlock[], lost: Lost[], prose: (s: string) => void): void {
  // The header words, then fifteen numbers (a run of at least 15 digits, maybe with spaces).
  const m = /((?:行政复议|行政诉讼|未经复议直接起诉|复议后起诉|结果维持|结果纠正|其他结果|尚未审结|总计|\s)+)([\d\s]{15,})/.exec(part);
  if (!m || m[1].replace(/\s/g, '').length < 20) {
    prose(part);
    return;
  }
  prose(part.slice(0, m.index));
  const header = T4_WORDS.slice(4);
  const run = m[2].trim();
  const c = table4Splits(run, 2);
  const rows: IRow[] = [row(['行政复议', '行政诉讼'], line), row(header, line)];
  if (c.length === 1) rows.push(row(c[0].map(String), line));
  else {
    rows.push(row(Array(15).fill('?'), line, Array(15).fill(true)));
    lost.push({ what: c.length ? `表四：数字“${run}”可拆成多种单元格组合，未能确定` : `表四：数字“${run}”拆不成十五个单元格（每组四项之和等于总计）`, line, excerpt: run });
  }
  blocks.push({ kind: 'table', rows, line, grid: false });
  prose(part.slice(m.index + m[0].length));
}

const ITEM = /第二十条第?\s*[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*项/g;
const NUMERALS = '一二三四五六七八九十';

function readSection2(part: string, line: number, blocks: IBlock[], lost: Lost[], prose: (s: string) => void): void {
  const marks = [...part.matchAll(ITEM)];
  if (!marks.length) {
    prose(part);
    return;
  }
  prose(part.slice(0, marks[0].index));
  const rows: IRow[] = [];
  let tail = '';
  marks.forEach((m, k) => {
    const item = NUMERALS.indexOf(m[1]) + 1;
    const text = part.slice(m.index! + m[0].length, k + 1 < marks.length ? marks[k + 1].index : part.length);
    rows.push(row([m[0]], line));
    const def = blockDef(item, text);
    if (!def) {
      lost.push({ what: `表二第（${m[1]}）项：无法识别的表格`, line, excerpt: text });
      return;
    }
    const n = normalise(text);
    const orig = (a: number, b: number) => text.slice(n.at[a] ?? text.length, b < n.at.length ? n.at[b] : text.length);
    const found: { def: RowDef; start: number; end: number }[] = [];
    let cursor = 0;
    for (const r of def.rows) {
      // 规范性文件 is also printed 行政规范性文件.
      const hit = findLabel(n, r.label, cursor) ?? (r.key === 'normative' ? findLabel(n, '规范性文件', cursor) : null);
      if (!hit) continue;
      let start = hit.start;
      if (r.key === 'normative' && n.text.slice(Math.max(0, start - 2), start) === '行政') start -= 2;
      found.push({ def: r, start, end: hit.end });
      cursor = hit.end;
    }
    const header = orig(0, found[0]?.start ?? n.text.length).trim();
    rows.push(row(header.startsWith('信息内容') ? ['信息内容', ...def.columns.filter((c) => normLabel(header).includes(labelCore(normLabel(c.label)).replace(/\(.*$/, ''))).map((c) => c.label)] : [header], line));
    found.forEach((f, j) => {
      const next = j + 1 < found.length ? found[j + 1].start : n.text.length;
      const { run, rest } = leadingNumbers(orig(f.end, next));
      const label = orig(f.start, f.end).trim();
      const kinds: PartKind[] = def.columns.map((c) => c.kind);
      const c = splits(run, kinds, () => true, 2);
      if (c.length === 1) rows.push(row([label, ...c[0]], line));
      else {
        rows.push(row([label, ...kinds.map(() => '?')], line, [false, ...kinds.map(() => true)]));
        lost.push({
          what: c.length ? `表二“${f.def.label}”：数字“${run}”可拆成多种单元格组合，未能确定` : `表二“${f.def.label}”：数字“${run || '（无）'}”拆不成 ${kinds.length} 个单元格`,
          line,
          excerpt: `${label}${run}`,
        });
      }
      if (rest && j + 1 === found.length && k + 1 === marks.length) tail = rest;
    });
  });
  blocks.push({ kind: 'table', rows, line, grid: false });
  if (tail) prose(tail);
}

/** Which edition's block `item` is, by the column words of its header. */
function blockDef(item: number, text: string): BlockDef | undefined {
  const head = normLabel(text.slice(0, 80));
  const score = (d: BlockDef) => d.columns.filter((c) => head.includes(labelCore(normLabel(c.label)).replace(/\(.*$/, ''))).length;
  const defs = ([2021, 2019] as Edition[]).map((e) => S2_BLOCKS[e].find((b) => b.item === item)).filter((d): d is BlockDef => !!d);
  return defs.sort((a, b) => score(b) - score(a))[0];
}
