/** The model's reader of the six sections (the H2s): which standard section each is, and the blocks it holds. */
import type { Block } from '../parse.js';
import { SECTIONS, type SectionDef } from '../standard.js';
import { type Span, cnNumeral, normLabel } from '../text.js';
import { NUMERAL_RE } from '../recognise.js';

type HeadingBlock = Extract<Block, { kind: 'heading' }>;

export interface SectionModel {
  /** Standard section number 1–6, or null for an H2 that names no section. */
  no: number | null;
  def: SectionDef | null;
  heading: Extract<Block, { kind: 'heading' }>;
  /** Numeral written in the heading (1–10), if any; 0 for one that is no number (`五一、`). */
  numeral?: number;
  /** Span of the numeral and its separator. */
  numeralSpan?: Span;
  /** The heading wording after the numeral, normalised. */
  wording: string;
  exact: boolean;
  span: Span;
  /** Blocks of the section's content (signature excluded). */
  blocks: Block[];
}

export function readSections(text: string, blocks: Block[]): SectionModel[] {
  const heads = blocks.filter((b): b is HeadingBlock => b.kind === 'heading' && b.depth === 2 && !b.nested);
  const out: SectionModel[] = [];
  heads.forEach((h, i) => {
    const end = i + 1 < heads.length ? heads[i + 1].span.start : text.length;
    const m = NUMERAL_RE.exec(h.text);
    let numeral: number | undefined;
    let numeralSpan: Span | undefined;
    let rest = h.text;
    if (m && (m[1] || m[2] || m[3] || m[4])) {
      numeral = m[1] ? (cnNumeral(m[1]) ?? 0) : m[2] ? (cnNumeral(m[2]) ?? 0) : Number((m[3] ?? m[4]).normalize('NFKC'));
      numeralSpan = { start: h.content.start, end: h.content.start + m[0].length };
      rest = h.text.slice(m[0].length);
    }
    const wording = normLabel(rest);
    let def = SECTIONS.find((d) => d.keys.test(wording)) ?? null;
    if (!def && numeral !== undefined && numeral >= 1 && numeral <= 6) def = SECTIONS[numeral - 1];
    const exact = def !== null && h.text === def.heading;
    out.push({
      no: def ? def.no : null,
      def,
      heading: h,
      numeral,
      numeralSpan,
      wording,
      exact,
      span: { start: h.span.start, end },
      blocks: [],
    });
  });
  // Assign blocks to sections in one pass (documents can hold thousands of blocks).
  let k = 0;
  for (const b of blocks) {
    while (k < out.length && b.span.start >= out[k].span.end) k++;
    if (k >= out.length) break;
    if (b.span.start >= out[k].heading.span.end && b.span.end <= out[k].span.end) out[k].blocks.push(b);
  }
  return out;
}
