/**
 * The fuzz corpus (issue 6): the seed and clean fixtures and arbitrary mutations of them (cuts, duplicated/swapped/
 * deleted lines, junk inserted or put in place of table cells, labels and dates), for fast-check. Shared by the fuzz
 * properties (fuzz.test.ts) and the parser's equivalence with remark (parse-equivalence.test.ts).
 *
 * Deterministic: fixed seed (XXGK_FUZZ_SEED overrides), numRuns from XXGK_FUZZ_RUNS.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fixturesDir } from './helpers.js';

export const RUNS = Number(process.env.XXGK_FUZZ_RUNS ?? 300);
export const SEED = Number(process.env.XXGK_FUZZ_SEED ?? 20240606);

function load(dir: string): { name: string; text: string }[] {
  const d = join(fixturesDir, dir);
  if (!existsSync(d)) return [];
  return readdirSync(d)
    .filter((f) => f.endsWith('.report.md'))
    .sort()
    .map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(d, f), 'utf8') }));
}
export const FIXTURES = [...load('seeds'), ...load('clean')];

// ---------------------------------------------------------------- junk and mutations

const fullWidthDigit = fc.integer({ min: 0xff10, max: 0xff19 }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const special = fc.constantFrom('|', '#', '-', '>', '*', '`', '\\', ' ', '\u3000', '\r', '\n', '\r\n', '\t', '\u200b', '\ufeff', '\u2028', '\ud800', '\udc00', '：', '，', '。', '（', '）', '、', '-', '—', '万', '亿', '.', '%', '0', '9', '1,234', '年', '月', '日');
const junkChar = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 3 }),
  fullWidthDigit,
  control,
  special,
  fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)),
);
const junkShort = fc.array(junkChar, { maxLength: 20 }).map((a) => a.join(''));

const junk: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: junkShort },
  { weight: 1, arbitrary: fc.array(fullWidthDigit, { minLength: 1, maxLength: 20 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.array(control, { minLength: 1, maxLength: 10 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map((n) => '|'.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 8 }), junkShort).map(([n, t]) => `${'#'.repeat(n)} ${t}`) },
  { weight: 1, arbitrary: fc.constantFrom('---', '---\ntitle: x\n---', '---\n', '+++', '```', '```\n', '<!--', '-->', '<!-- xxgk-disable -->', '<!-- xxgk-disable-next-line -->') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1000, max: 50_000 }), fc.constantFrom('x', '１', '|', '| 1 ', '一', '# ', ' ', '0'))
      .map(([n, u]) => u.repeat(Math.ceil(n / u.length)).slice(0, n)),
  },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 300 }), junkShort).map(([n, t]) => `${'>'.repeat(n)} ${t}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 100 }), junkShort).map(([n, t]) => `${'  '.repeat(n)}- ${t}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 100 }), junkShort).map(([n, t]) => `${'- '.repeat(n)}${t}`) },
);

export type Mutation =
  | { k: 'cut'; at: number }
  | { k: 'dup'; i: number }
  | { k: 'swap'; i: number; j: number }
  | { k: 'del'; i: number; n: number }
  | { k: 'insLine'; i: number; s: string }
  | { k: 'insAt'; at: number; s: string }
  | { k: 'cell'; i: number; s: string }
  | { k: 'date'; i: number; s: string }
  | { k: 'heading'; i: number; s: string };

const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant('cut' as const), at: frac }),
  fc.record({ k: fc.constant('dup' as const), i: frac }),
  fc.record({ k: fc.constant('swap' as const), i: frac, j: frac }),
  fc.record({ k: fc.constant('del' as const), i: frac, n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ k: fc.constant('insLine' as const), i: frac, s: junk }),
  fc.record({ k: fc.constant('insAt' as const), at: frac, s: junk }),
  fc.record({ k: fc.constant('cell' as const), i: frac, s: junk }),
  fc.record({ k: fc.constant('cell' as const), i: frac, s: junk }),
  fc.record({ k: fc.constant('date' as const), i: frac, s: junk }),
  fc.record({ k: fc.constant('heading' as const), i: frac, s: junk }),
);

function pick(n: number, f: number): number {
  return Math.min(n - 1, Math.floor(f * n));
}

/** Replaces the `f`-th (as a fraction) match of `re` in `text` with `s`. */
function replaceMatch(text: string, re: RegExp, f: number, s: string): string {
  const ms = [...text.matchAll(re)];
  if (ms.length === 0) return text;
  const m = ms[pick(ms.length, f)];
  const start = m.index! + (m.groups?.pre?.length ?? 0);
  const len = m.groups?.body !== undefined ? m.groups.body.length : m[0].length;
  return text.slice(0, start) + s + text.slice(start + len);
}

export function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.k) {
    case 'cut':
      return text.slice(0, Math.floor(m.at * text.length));
    case 'dup': {
      const i = pick(lines.length, m.i);
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 'swap': {
      const i = pick(lines.length, m.i);
      const j = pick(lines.length, m.j);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 'del':
      lines.splice(pick(lines.length, m.i), m.n);
      return lines.join('\n');
    case 'insLine':
      lines.splice(pick(lines.length + 1, m.i), 0, m.s);
      return lines.join('\n');
    case 'insAt': {
      const at = Math.floor(m.at * (text.length + 1));
      return text.slice(0, at) + m.s + text.slice(at);
    }
    case 'cell':
      // The content of one table cell (labels are cells too).
      return replaceMatch(text, /(?<pre>\|)(?<body>[^|\n]+)(?=\|)/g, m.i, m.s);
    case 'date':
      return replaceMatch(text, /\d{4}\s*年(\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?)?|\d{4}[-./]\d{1,2}[-./]\d{1,2}/g, m.i, m.s);
    case 'heading':
      return replaceMatch(text, /^(?<pre>#{1,6}\s*)(?<body>.*)$/gm, m.i, m.s);
  }
}

export const doc = fc
  .tuple(fc.integer({ min: 0, max: Math.max(0, FIXTURES.length - 1) }), fc.array(mutation, { minLength: 0, maxLength: 5 }))
  .map(([fi, ms]) => ({ fixture: FIXTURES[fi]?.name ?? '', mutations: ms }));

/** The mutated text (computed in the property so that counterexamples print short). */
export function textOf(d: { fixture: string; mutations: Mutation[] }): string {
  return d.mutations.reduce(mutate, FIXTURES.find((f) => f.name === d.fixture)?.text ?? '');
}

/** fc.assert, with the failing assertion's own message in the thrown error. */
export function check(prop: fc.IPropertyWithHooks<[{ fixture: string; mutations: Mutation[] }]>, runs: number): void {
  try {
    fc.assert(prop, { seed: SEED, numRuns: runs });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? `\n--- cause: ${e.cause.message}` : '';
    throw new Error(`${e instanceof Error ? e.message : String(e)}${cause}`);
  }
}

// ---------------------------------------------------------------- helpers
