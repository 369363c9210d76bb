/**
 * Property-based fuzzing of the analysis core (issue 6) with fast-check: arbitrary mutations of
 * the seed and clean fixtures (cuts, duplicated/swapped/deleted lines, junk inserted or put in
 * place of table cells, labels and dates). For every mutated text:
 *  (a) analysis never throws and no rule fails internally (`errors` is empty);
 *  (b) the same text gives the same findings — fresh Analyzer, the shared cached one
 *      (`analyzeText`) and an Analyzer that last parsed another text (incremental re-parse);
 *  (c) time per document stays within a budget proportional to its size;
 *  (d) fixes are safe: edits are well formed (in bounds, not overlapping, range = span), only
 *      the text inside the edit spans changes, a fix whose finding survives does nothing when
 *      applied again, and re-analysis raises no new error outside the fixed ranges.
 *
 * Deterministic: fixed seed (XXGK_FUZZ_SEED overrides), numRuns from XXGK_FUZZ_RUNS
 * (default sized for ~30 s on 2 CI cores; `npm run fuzz` runs 20,000). A failure prints the
 * seed and the shrunk counterexample path; re-run with the same XXGK_FUZZ_SEED to reproduce.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Analyzer, analyzeText } from '../../server/src/core/index.js';
import type { Finding, Edit } from '../../server/src/core/index.js';
import { fixturesDir } from './helpers.js';
import { FIXTURES, RUNS, SEED, check, doc, textOf } from './fuzz-corpus.js';

/** A finding's identity for determinism checks. */
function key(f: Finding): string {
  return JSON.stringify([f.code, f.severity, f.span, f.range, f.message, f.fix ?? null, f.data ?? null, f.related ?? null]);
}

/** LSP's own reading of a position (lines end at \n, \r\n or \r), independent of LineIndex. */
function lspOffset(text: string, pos: { line: number; character: number }): number {
  let line = 0;
  let i = 0;
  while (line < pos.line && i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      line++;
    }
    i++;
  }
  return i + pos.character;
}

/** Applies non-overlapping edits (checked) and returns the new text and the new-side spans. */
function applyEdits(text: string, edits: Edit[]): { text: string; spans: { start: number; end: number }[]; delta: (p: number) => number | undefined } {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (let k = 1; k < sorted.length; k++) {
    assert.ok(sorted[k].span.start >= sorted[k - 1].span.end, `overlapping edits ${JSON.stringify(sorted.map((e) => e.span))}`);
  }
  let out = '';
  let last = 0;
  const spans: { start: number; end: number }[] = [];
  for (const e of sorted) {
    out += text.slice(last, e.span.start);
    spans.push({ start: out.length, end: out.length + e.newText.length });
    out += e.newText;
    last = e.span.end;
  }
  out += text.slice(last);
  /** Maps an old offset outside every edit to the new text; undefined inside an edit. */
  const delta = (p: number): number | undefined => {
    let d = 0;
    for (const e of sorted) {
      if (p >= e.span.end) d += e.newText.length - (e.span.end - e.span.start);
      else if (p > e.span.start) return undefined;
    }
    return p + d;
  };
  return { text: out, spans, delta };
}

const stats = { cases: 0, bytes: 0, ms: 0, maxRatio: 0, fixes: 0, findings: 0 };
after(() => {
  console.log(
    `fuzz: ${stats.cases} cases (${RUNS} runs × properties, seed ${SEED}), ${(stats.bytes / 1024).toFixed(0)} KB analysed in ${stats.ms.toFixed(0)} ms, ` +
      `${stats.findings} findings, ${stats.fixes} fixes checked, worst time/budget ${stats.maxRatio.toFixed(2)}`,
  );
});

/** Generous budget: 50 ms + 2 ms per KB. Asserted only at BUDGET_FACTOR × that so CI never flakes. */
function budgetMs(text: string): number {
  return 50 + (2 * text.length) / 1024;
}
const BUDGET_FACTOR = 20;

/** A copy of a report with the first data cell of 表三 replaced. */
function baseWithCell(text: string, cell: string): string {
  return text.replace(/(\| 一、本年新收政府信息公开申请数量 \|)[^|]*\|/, `$1 ${cell} |`);
}

function analyzeClean(text: string, an = new Analyzer()) {
  const a = an.analyze(text);
  assert.deepEqual(a.errors, [], 'internal rule failures');
  return a;
}


describe('fuzz regressions', () => {
  test('a section heading above the title does not hide the preamble (D01 fix was not idempotent)', () => {
    // Found by the fuzzer: clean-2019 with its first '---' duplicated turns the front matter into a
    // setext '##' heading above the title; the preamble (and its 统计期限 sentence) was then empty.
    const text = '---\n' + FIXTURES.find((f) => f.name === 'clean/clean-2019.report.md')!.text;
    const a = analyzeClean(text);
    assert.ok(a.report.period, 'period sentence found');
    assert.deepEqual(a.findings.filter((f) => f.code === 'D01'), []);
  });
  test('the D01 fix inserts its sentence as a paragraph of its own (found with XXGK_FUZZ_SEED=7: a "|" then "---" below made it a heading)', () => {
    const text = '# 某局2019年政府信息公开工作年度报告\n|\n---\n\n## 一、总体情况\n\n正文。\n';
    const d01 = analyzeClean(text).findings.find((f) => f.code === 'D01');
    assert.ok(d01?.fix, 'D01 with its fix');
    const e = d01.fix.edits[0];
    const fixed = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    assert.match(fixed, /年12月31日止。\n\n\|/, 'a blank line after the sentence');
    assert.deepEqual(analyzeClean(fixed).findings.filter((f) => f.code === 'D01'), [], 'fixed once, the sentence is found');
  });
});

describe('fuzz regressions (full 20,000-run fuzz, seed 20240606)', () => {
  const seed000 = () => FIXTURES.find((f) => f.name === 'seeds/000.report.md')!.text;

  test('a 60,000-digit line is analysed within the size budget (T02 tried its pattern at every digit of a run)', () => {
    const lines = seed000().split('\n');
    lines.splice(0, 1, '0'.repeat(60000));
    const text = lines.join('\n');
    const t0 = performance.now();
    analyzeClean(text);
    const ms = performance.now() - t0;
    assert.ok(ms < budgetMs(text) * BUDGET_FACTOR, `took ${ms.toFixed(0)} ms for ${text.length} chars (budget ${budgetMs(text).toFixed(0)} ms × ${BUDGET_FACTOR})`);
  });

  test('40,000 characters of "](" are analysed within the budget (micromark looks back over every bracket); masking changes no text', () => {
    const text = seed000().replace('## 五、', `${'](['.repeat(14000)}\n\n## 五、`);
    const t0 = performance.now();
    const a = analyzeClean(text);
    const ms = performance.now() - t0;
    assert.ok(ms < budgetMs(text) * BUDGET_FACTOR, `took ${ms.toFixed(0)} ms for ${text.length} chars (budget ${budgetMs(text).toFixed(0)} ms × ${BUDGET_FACTOR})`);
    // Everything the model keeps is the writer's text, brackets included.
    const brackets = '[链接](https://www.gov.cn/) ' + '[x]'.repeat(600);
    const t = baseWithCell(seed000(), brackets);
    const m = analyzeClean(t).report;
    const cells = m.tables.all.flatMap((tb) => tb.rows.flatMap((r) => [...r.cells.values()].map((c) => c.raw)));
    assert.ok(cells.includes(brackets), 'a cell keeps its brackets');
    assert.ok(a.report.sections.some((sec) => sec.blocks.some((b) => b.kind === 'paragraph' && b.text.startsWith(']([](['))), 'prose keeps its brackets');
    assert.equal(a.report.meta.year, analyzeClean(seed000()).report.meta.year);
  });

  /** Analyses `text` and asserts the fuzz's size budget (the property's own check). */
  function withinBudget(text: string): void {
    const t0 = performance.now();
    analyzeClean(text);
    const ms = performance.now() - t0;
    assert.ok(ms < budgetMs(text) * BUDGET_FACTOR, `took ${ms.toFixed(0)} ms for ${text.length} chars (budget ${budgetMs(text).toFixed(0)} ms × ${BUDGET_FACTOR})`);
  }

  test('60,000 "一" in a table cell within the budget (label normalisation tried its numeral pattern at every character of the run)', () => {
    const clean2019 = FIXTURES.find((f) => f.name === 'clean/clean-2019.report.md')!.text;
    withinBudget(clean2019.replace(/(\|)([^|\n]+)(?=\|)/, `$1${'一'.repeat(60000)}`));
    withinBudget(clean2019.replace(/(\| 一、本年新收[^|]*)\|/, `$1${'，'.repeat(60000)}x |`));
  });

  test('a line of 30,000 ">" above a report within the budget (every later line was checked against each open quote)', () => {
    withinBudget('>'.repeat(30000) + '\n' + seed000());
    withinBudget('> '.repeat(15000) + '\n' + seed000());
  });

  test('a total fix that would break the column balance is withheld (seeds/000 with "  - １" in a cell)', () => {
    const text = seed000().replace(/(\| 二、上年结转政府信息公开申请数量 \|)[^|]*\|/, '$1  - １|');
    const before = analyzeClean(text);
    const a03 = before.findings.find((f) => f.code === 'A03');
    assert.ok(a03, 'A03 on the row total');
    assert.equal(a03.fix, undefined);
    assert.match(a03.message, /未提供快速修复/);
    for (const f of before.findings.filter((x) => x.fix)) {
      const e = [...f.fix!.edits].sort((x, y) => y.span.start - x.span.start);
      const fixed = e.reduce((t, x) => t.slice(0, x.span.start) + x.newText + t.slice(x.span.end), text);
      const errors = (r: typeof before) => r.findings.filter((g) => g.severity === 'error').map((g) => g.code).sort();
      assert.ok(errors(analyzeClean(fixed)).every((c) => errors(before).includes(c)), `${f.code}'s fix raises no new kind of error`);
    }
  });
});

describe('fuzz: mutated fixtures', { concurrency: false }, () => {
  test('fixtures are present', () => {
    assert.ok(FIXTURES.length >= 7, `fixtures under ${fixturesDir}`);
  });

  test('(a, b, c) never throws, no rule errors, deterministic, time within budget', () => {
    const reused = new Analyzer();
    check(
      fc.property(doc, (d) => {
        const text = textOf(d);
        stats.cases++;
        stats.bytes += text.length;
        const t0 = performance.now();
        const a = analyzeClean(text);
        const ms = performance.now() - t0;
        stats.ms += ms;
        stats.findings += a.findings.length;
        const ratio = ms / budgetMs(text);
        stats.maxRatio = Math.max(stats.maxRatio, ratio);
        // The issue asks for a time budget proportional to size; measured here, asserted with a
        // very generous factor so a slow or busy CI machine never makes the test flaky.
        assert.ok(ratio < BUDGET_FACTOR, `took ${ms.toFixed(0)} ms for ${text.length} chars (budget ${budgetMs(text).toFixed(0)} ms × ${BUDGET_FACTOR})`);
        const want = a.findings.map(key);
        assert.deepEqual(analyzeClean(text).findings.map(key), want, 'fresh analyzer, second run');
        const shared = analyzeText(text);
        assert.deepEqual(shared.errors, []);
        assert.deepEqual(shared.findings.map(key), want, 'shared cached analyzer');
        assert.deepEqual(analyzeClean(text, reused).findings.map(key), want, 'analyzer reused across texts');
        assert.deepEqual(analyzeClean(text, reused).findings.map(key), want, 'analyzer reused, same text');
      }),
      RUNS,
    );
  });

  test('(d) fixes change only their spans, are idempotent, raise no new errors elsewhere', () => {
    check(
      fc.property(doc, (d) => {
        const text = textOf(d);
        stats.cases++;
        const before = analyzeClean(text);
        for (const f of before.findings) {
          if (!f.fix) continue;
          stats.fixes++;
          const where = `${f.code} at ${f.range.start.line + 1}:${f.range.start.character + 1}`;
          assert.ok(f.fix.edits.length > 0, `${where}: fix without edits`);
          for (const e of f.fix.edits) {
            assert.ok(0 <= e.span.start && e.span.start <= e.span.end && e.span.end <= text.length, `${where}: edit span out of bounds ${JSON.stringify(e.span)}`);
            assert.equal(lspOffset(text, e.range.start), e.span.start, `${where}: edit range start ≠ span start`);
            assert.equal(lspOffset(text, e.range.end), e.span.end, `${where}: edit range end ≠ span end`);
          }
          const fixed = applyEdits(text, f.fix.edits);
          // Text outside the edits is byte-for-byte identical.
          const sorted = [...f.fix.edits].sort((x, y) => x.span.start - y.span.start);
          let oldAt = 0;
          for (let k = 0; k <= sorted.length; k++) {
            const oldEnd = k < sorted.length ? sorted[k].span.start : text.length;
            const newAt = k === 0 ? 0 : fixed.spans[k - 1].end;
            assert.equal(fixed.text.slice(newAt, newAt + (oldEnd - oldAt)), text.slice(oldAt, oldEnd), `${where}: text outside the edits changed`);
            if (k < sorted.length) oldAt = sorted[k].span.end;
          }
          const after = analyzeClean(fixed.text);
          // Idempotent: if the finding survives (same code and message, same mapped start) its fix does nothing more.
          const start = fixed.delta(f.span.start);
          for (const g of after.findings) {
            if (g.code !== f.code || g.message !== f.message || !g.fix || start === undefined || g.span.start !== start) continue;
            const again = applyEdits(fixed.text, g.fix.edits).text;
            assert.equal(again, fixed.text, `${where}: fix not idempotent (${JSON.stringify(f.fix.edits.map((e) => e.newText))} then ${JSON.stringify(g.fix.edits.map((e) => e.newText))})`);
          }
          // No new error outside the fixed ranges.
          const old = new Set(before.findings.filter((g) => g.severity === 'error').map((g) => `${g.code}@${fixed.delta(g.span.start)}`));
          for (const g of after.findings) {
            if (g.severity !== 'error' || old.has(`${g.code}@${g.span.start}`)) continue;
            const touches = fixed.spans.some((s) => g.span.start <= s.end && s.start <= g.span.end);
            assert.ok(touches, `${where}: fix raised new error ${g.code} at ${g.range.start.line + 1}:${g.range.start.character + 1}: ${g.message}`);
          }
        }
      }),
      Math.max(1, Math.round(RUNS / 2)),
    );
  });
});
