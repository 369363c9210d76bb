/** The model's reader of the suppression comments (`<!-- xxgk-disable … -->` and the like). */
import type { Block } from '../parse.js';
import type { LineIndex } from '../text.js';

export interface Suppressions {
  /** Returns true when rule `code` is disabled at `line` (0-based). */
  isDisabled(code: string, line: number): boolean;
}

const DISABLE_RE = /^\s*<!--\s*xxgk-(disable-next-line|disable|enable)\b([^>]*?)-->\s*$/;

type Codes = Set<string> | null;
type LineRange = { from: number; to: number };

/** The directives of the text: disable…enable ranges by line (codes null: every rule), and the next-line ones. */
function readDirectives(text: string, lines: LineIndex, blocks: Block[]): { ranges: (LineRange & { codes: Codes })[]; nextLine: Map<number, Codes> } {
  const ranges: (LineRange & { codes: Codes })[] = [];
  const open = new Map<string, number>();
  let openAll: number | null = null;
  const nextLine = new Map<number, Codes>();
  const close = (codes: Codes, i: number) => {
    if (!codes) {
      for (const [c, from] of open) ranges.push({ codes: new Set([c]), from, to: i });
      open.clear();
      if (openAll !== null) ranges.push({ codes: null, from: openAll, to: i });
      openAll = null;
      return;
    }
    for (const c of codes) {
      const from = open.get(c);
      if (from === undefined) continue;
      ranges.push({ codes: new Set([c]), from, to: i });
      open.delete(c);
    }
  };
  // Code blocks in document order, walked along with the lines (a comment inside one is not a directive).
  const code = blocks.filter((b) => b.kind === 'code');
  let ci = 0;
  for (let i = 0; i < lines.lineCount; i++) {
    const s = lines.lineStarts[i];
    const lineText = text.slice(s, lines.lineEnd(i));
    if (!lineText.includes('xxgk-')) continue;
    const m = DISABLE_RE.exec(lineText);
    if (!m) continue;
    while (ci < code.length && code[ci].span.end <= s) ci++;
    if (ci < code.length && s >= code[ci].span.start) continue;
    const ids = m[2].split(/[\s,，]+/).map((x) => x.trim().toUpperCase()).filter(Boolean);
    const codes = ids.length ? new Set(ids) : null;
    if (m[1] === 'disable-next-line') {
      const had = nextLine.get(i + 1);
      nextLine.set(i + 1, had === null || codes === null ? null : new Set([...(had ?? []), ...codes]));
    } else if (m[1] === 'disable') {
      if (!codes) openAll = openAll ?? i;
      else for (const c of codes) if (!open.has(c)) open.set(c, i);
    } else close(codes, i);
  }
  close(null, Infinity);
  return { ranges, nextLine };
}

/**
 * Per rule (and for all rules, key null), the ranges by start line, each carrying the furthest end so far, so that
 * one binary search answers for overlapping ranges (not a walk over every range).
 */
function indexRanges(ranges: (LineRange & { codes: Codes })[]): Map<string | null, LineRange[]> {
  const byCode = new Map<string | null, LineRange[]>();
  for (const r of ranges) {
    for (const c of r.codes ?? [null]) {
      let list = byCode.get(c);
      if (!list) byCode.set(c, (list = []));
      list.push({ from: r.from, to: r.to });
    }
  }
  for (const list of byCode.values()) {
    list.sort((x, y) => x.from - y.from);
    let reach = -1;
    for (const r of list) reach = Math.max(reach, r.to), (r.to = reach);
  }
  return byCode;
}

function within(list: LineRange[] | undefined, line: number): boolean {
  if (!list) return false;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].from <= line) (found = mid), (lo = mid + 1);
    else hi = mid - 1;
  }
  return found >= 0 && list[found].to >= line;
}

export function readSuppressions(text: string, lines: LineIndex, blocks: Block[]): Suppressions {
  const { ranges, nextLine } = readDirectives(text, lines, blocks);
  const byCode = indexRanges(ranges);
  return {
    isDisabled(c: string, line: number) {
      if (within(byCode.get(null), line) || within(byCode.get(c), line)) return true;
      if (!nextLine.has(line)) return false;
      const n = nextLine.get(line);
      return n === null || !!n?.has(c);
    },
  };
}
