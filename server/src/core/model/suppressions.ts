/** The model's reader of the suppression comments (`<!-- xxgk-disable … -->` and the like). */
import type { Block } from '../parse.js';
import type { LineIndex } from '../text.js';

export interface Suppressions {
  /** Returns true when rule `code` is disabled at `line` (0-based). */
  isDisabled(code: string, line: number): boolean;
}

const DISABLE_RE = /^\s*<!--\s*xxgk-(disable-next-line|disable|enable)\b([^>]*?)-->\s*$/;

export function readSuppressions(text: string, lines: LineIndex, blocks: Block[]): Suppressions {
  const ranges: { codes: Set<string> | null; from: number; to: number }[] = [];
  const open = new Map<string, number>();
  let openAll: number | null = null;
  const nextLine = new Map<number, Set<string> | null>();
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
    } else {
      if (!codes) {
        for (const [c, from] of open) ranges.push({ codes: new Set([c]), from, to: i });
        open.clear();
        if (openAll !== null) ranges.push({ codes: null, from: openAll, to: i });
        openAll = null;
      } else {
        for (const c of codes) {
          const from = open.get(c);
          if (from !== undefined) {
            ranges.push({ codes: new Set([c]), from, to: i });
            open.delete(c);
          }
        }
      }
    }
  }
  for (const [c, from] of open) ranges.push({ codes: new Set([c]), from, to: Infinity });
  if (openAll !== null) ranges.push({ codes: null, from: openAll, to: Infinity });
  // Per rule (and for all rules), the ranges by start line: a lookup is a binary search, not a walk over every range.
  const byCode = new Map<string | null, { from: number; to: number }[]>();
  for (const r of ranges) {
    for (const c of r.codes ?? [null]) {
      let list = byCode.get(c);
      if (!list) byCode.set(c, (list = []));
      list.push({ from: r.from, to: r.to });
    }
  }
  for (const list of byCode.values()) {
    list.sort((x, y) => x.from - y.from);
    // Each entry also carries the furthest end so far, so that one search answers for overlapping ranges.
    let reach = -1;
    for (const r of list) reach = Math.max(reach, r.to), (r.to = reach);
  }
  const within = (list: { from: number; to: number }[] | undefined, line: number) => {
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
  };
  return {
    isDisabled(c: string, line: number) {
      if (within(byCode.get(null), line) || within(byCode.get(c), line)) return true;
      if (!nextLine.has(line)) return false;
      const n = nextLine.get(line);
      return n === null || !!n?.has(c);
    },
  };
}
