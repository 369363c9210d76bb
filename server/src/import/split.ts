/**
 * Splitting a run of digits back into the cells it was made of (crawled text joins a row's cells:
 * `一、本年新收政府信息公开申请数量801000081` is 80 1 0 0 0 0 81). A count is `0` or has no leading
 * zero; single spaces, where there are some, are cell boundaries. A split is kept only where it is
 * the only one that the form's identities allow: the six applicant columns add up to 总计 (表三),
 * each 表四 group's four results add up to its 总计, and — for rows that still split in more than one
 * way — the column sums of 表三 (A01, A02). Nothing is ever filled in: a row that does not split in
 * exactly one way stays unread.
 */

/** Most candidate splits looked at for one run (a run of that many digits is no row of the form). */
const MAX_NODES = 200_000;

export type PartKind = 'count' | 'amount' | 'signed';

const VALID: Record<PartKind, RegExp> = {
  count: /^(?:0|[1-9]\d*)$/,
  amount: /^(?:0|[1-9]\d*)(?:\.\d+)?$/,
  signed: /^[+-]?(?:0|[1-9]\d*)$/,
};

/**
 * Every way to cut `run` into `kinds.length` numbers (up to `cap` of them) that `accept` takes.
 * Spaces in the run are boundaries that every split keeps.
 */
export function splits(run: string, kinds: PartKind[], accept: (v: number[]) => boolean, cap = 3): string[][] {
  const t = run.normalize('NFKC').trim().replace(/[,，]/g, '');
  if (!t || /[^\d\s.+-]/.test(t)) return [];
  const compact = t.replace(/\s+/g, ' ');
  const chars = compact.replace(/ /g, '');
  // Positions after which a cut is forced (a space stood there).
  const forced = new Set<number>();
  let k = 0;
  for (const c of compact) {
    if (c === ' ') forced.add(k);
    else k++;
  }
  const n = kinds.length;
  if (chars.length < n || chars.length > 60) return [];
  const out: string[][] = [];
  let nodes = 0;
  const parts: string[] = [];
  const dfs = (pos: number, i: number): void => {
    if (out.length >= cap || ++nodes > MAX_NODES) return;
    if (i === n - 1) {
      const rest = chars.slice(pos);
      for (const f of forced) if (f > pos && f < chars.length) return;
      if (!VALID[kinds[i]].test(rest)) return;
      const vals = [...parts, rest].map(Number);
      if (vals.every(Number.isFinite) && accept(vals)) out.push([...parts, rest]);
      return;
    }
    // The next cut: at the first forced boundary after pos if any (no cut may cross it), else anywhere.
    let maxEnd = chars.length - (n - 1 - i);
    for (const f of forced) if (f > pos && f < maxEnd) maxEnd = f;
    for (let end = pos + 1; end <= maxEnd; end++) {
      const p = chars.slice(pos, end);
      if (VALID[kinds[i]].test(p)) {
        parts.push(p);
        dfs(end, i + 1);
        parts.pop();
      } else if (/^[+-]?0\d/.test(p)) break; // a leading zero: no longer part is a number either
    }
  };
  dfs(0, 0);
  return out;
}

const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The one split of a 表三 row (six applicant columns, then their 总计), or all there are (at most `cap`). */
export function table3RowSplits(run: string, cap = 3): number[][] {
  return splits(run, Array(7).fill('count'), (v) => v[0] + v[1] + v[2] + v[3] + v[4] + v[5] === v[6], cap).map((p) => p.map(Number));
}

/** 表四 as one run of 15 numbers: three groups of four results and their 总计. */
export function table4Splits(run: string, cap = 3): number[][] {
  return splits(
    run,
    Array(15).fill('count'),
    (v) => [0, 5, 10].every((g) => v[g] + v[g + 1] + v[g + 2] + v[g + 3] === v[g + 4]),
    cap,
  ).map((p) => p.map(Number));
}

/**
 * Rows of 表三 that split in more than one way, settled by the column sums where exactly one choice
 * satisfies them all: per column, 总计 = the outcome rows' sum (A01) and 一 + 二 = 总计 + 四 (A02).
 * `rows` maps a row key to its candidates (one: settled; none: unread). Returns the rows settled.
 */
export function settleTable3(rows: Map<string, number[][]>, outcomeKeys: string[], cap = Infinity): Map<string, number[]> {
  const settled = new Map<string, number[]>();
  const open: string[] = [];
  for (const [k, c] of rows) {
    if (c.length === 1) settled.set(k, c[0]);
    // A row with as many splits as were looked for may have more: it is not settled by choosing among some.
    else if (c.length > 1 && c.length < cap) open.push(k);
  }
  if (!open.length) return settled;
  let combos = 1;
  for (const k of open) combos *= rows.get(k)!.length;
  if (combos > 50_000) return settled;
  const known = (k: string, pick: Map<string, number[]>) => pick.get(k) ?? settled.get(k);
  const holds = (pick: Map<string, number[]>): boolean => {
    for (let c = 0; c < 7; c++) {
      const total = known('total', pick);
      const parts = outcomeKeys.map((k) => known(k, pick));
      if (total && parts.every(Boolean) && parts.reduce((s, p) => s + p![c], 0) !== total[c]) return false;
      const [a, b, d] = ['new', 'carried', 'next'].map((k) => known(k, pick));
      if (a && b && d && total && a[c] + b[c] !== total[c] + d[c]) return false;
    }
    return true;
  };
  const good: Map<string, number[]>[] = [];
  const pick = new Map<string, number[]>();
  const walk = (i: number) => {
    if (good.length > 64) return;
    if (i === open.length) {
      if (holds(pick)) good.push(new Map(pick));
      return;
    }
    for (const cand of rows.get(open[i])!) {
      pick.set(open[i], cand);
      walk(i + 1);
    }
    pick.delete(open[i]);
  };
  walk(0);
  if (!good.length || good.length > 64) return settled;
  // Rows not looked at (too many splits) could break any choice: their sums were not checked, so nothing more is settled.
  if ([...rows.values()].some((c) => c.length >= cap)) return settled;
  // A row is settled where every choice that satisfies the sums agrees on it.
  for (const k of open) {
    const first = good[0].get(k)!;
    if (good.every((g) => same(g.get(k)!, first))) settled.set(k, first);
  }
  return settled;
}
