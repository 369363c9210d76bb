/** The model's reader of the title (the H1): its agency and year, and whether it has the standard shape. */
import type { Block } from '../parse.js';
import type { Span } from '../text.js';
import { looksLikeAgency } from '../recognise.js';

type HeadingBlock = Extract<Block, { kind: 'heading' }>;

export interface Title {
  span: Span;
  content: Span;
  text: string;
  agency?: string;
  year?: number;
  yearSpan?: Span;
  /** Whether the title has the shape `{机关}{年度}年政府信息公开工作年度报告`. */
  wellFormed: boolean;
  /** The agency is written after the year (`2024年某局政府信息公开工作年度报告`). */
  agencyAfterYear?: boolean;
  hasWork: boolean;
}

const TITLE_RE = /^(.*?)([12]\d{3})(\s*)年(度)?(.*)$/;

export function readTitle(text: string, blocks: Block[]): Title | null {
  const h = blocks.find((b) => b.kind === 'heading' && b.depth === 1 && !b.nested) as HeadingBlock | undefined;
  if (!h) return null;
  const t: Title = { span: h.span, content: h.content, text: h.text, wellFormed: false, hasWork: false };
  const m = TITLE_RE.exec(h.text.normalize('NFKC'));
  if (m) {
    const agency = m[1].replace(/[\s\u3000]+/g, '');
    t.agency = agency || undefined;
    // `2024年上海市科委政府信息公开工作年度报告`: the agency after the year.
    const after = /^(.{2,30}?)政府信息公开/.exec(m[5].replace(/[\s\u3000]+/g, ''));
    if (!agency && after && looksLikeAgency(after[1])) {
      t.agency = after[1];
      t.agencyAfterYear = true;
    }
    t.year = Number(m[2]);
    const yi = h.text.normalize('NFKC').indexOf(m[2], m[1].length);
    t.yearSpan = { start: h.content.start + yi, end: h.content.start + yi + 4 };
    const rest = m[5].replace(/[\s\u3000]+/g, '');
    t.hasWork = /政府信息公开工作年度报告$/.test(rest);
    t.wellFormed = rest === '政府信息公开工作年度报告' && !m[4];
    if (t.agencyAfterYear) t.wellFormed = rest === `${t.agency}政府信息公开工作年度报告` && !m[4];
  }
  return t;
}
