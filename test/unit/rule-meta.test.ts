/**
 * Rule metadata lives on the rule (names, tags, fix kind, tables, page), as in markdownlint: these tests hold each
 * rule to what its metadata says, by running it over reports and looking at what it reports.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Analyzer, CROSS_RULES, RULES, ruleById } from '../../server/src/core/index.js';
import { codesWithFix, covers, rulesTagged } from '../../server/src/core/rules/index.js';
import type { RawFinding, Rule } from '../../server/src/core/types.js';
import { baseReport } from './base-report.js';
import { fixture, repoRoot } from './helpers.js';

const SEEDS = ['000', '001', '002', '003', '004'].map((n) => fixture(`seeds/${n}.report.md`));
const BASE = baseReport(2022);
/** Reports that make many rules offer fixes: the seeds, and mutations of a clean report. */
const REPORTS = [
  ...SEEDS,
  BASE.replace('| 行政许可 | 2680 |', '| 行政许可 | ２６８０ |').replace('统计期限自2022年1月1日', '统计期限自2022 年1月1日'),
  BASE.replace('| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |'),
  BASE.replace(/\| 2\.重复申请 \|[^\n]*\n/, ''),
  BASE.replace(/(\| 4\.无正当理由大量反复申请 \| )0/, '$1 '),
  BASE.replace(/^## 二、[^\n]*\n/m, ''),
];

/** Each report's model, built once. */
const MODELS = REPORTS.map((text) => new Analyzer().model(text));

function raw(rule: Rule, report: (typeof MODELS)[number]): RawFinding[] {
  const out: RawFinding[] = [];
  rule.check(report, { report: (f) => out.push(f) });
  return out;
}

describe('rule metadata', () => {
  test('every rule: an id and a name it is found by, tags, and a page that exists', () => {
    for (const r of [...RULES, ...CROSS_RULES]) {
      assert.match(r.id, /^[A-Z]\d{2}$/);
      assert.equal(ruleById(r.name), r);
      assert.ok(r.tags.length > 0, `${r.id} has tags`);
      assert.equal(r.docs, `docs/rules/${r.id}.md`);
      assert.ok(existsSync(join(repoRoot, r.docs)), `${r.docs} exists`);
    }
  });

  test('a rule offers a fix only when it declares its kind; value fixes say the values they write, normalising ones none', () => {
    const offered = new Set<string>();
    for (const rule of RULES) {
      for (const report of MODELS) {
        for (const f of raw(rule, report)) {
          if (!f.fix) continue;
          offered.add(rule.id);
          assert.ok(rule.fix, `${rule.id} offers a fix but declares no fix kind`);
          if (f.fix.values?.length) assert.equal(rule.fix, 'value', `${rule.id} writes values into cells`);
          if (rule.fix === 'normalise') assert.equal(f.fix.values, undefined, `${rule.id} only normalises`);
        }
      }
    }
    // Each kind is seen at work on these reports.
    for (const kind of ['normalise', 'value', 'text'] as const) {
      assert.ok([...codesWithFix(kind)].some((c) => offered.has(c)), `a ${kind} fix was offered`);
    }
  });

  test('the rules that normalise are those fix-on-save applies (formerly listed in the LSP layer)', () => {
    assert.deepEqual([...codesWithFix('normalise')].sort(), ['C04', 'D06', 'S03']);
  });

  test('a rule reports only in the tables it says it reads', () => {
    for (const rule of RULES) {
      if (!rule.tables) continue;
      for (const report of MODELS) {
        for (const f of raw(rule, report)) {
          const table = report.tables.all.find((t) => f.span.start >= t.block.span.start && f.span.end <= t.block.span.end);
          if (table) assert.ok(covers(rule, table), `${rule.id} reports in a ${table.kind} table it does not declare`);
        }
      }
    }
  });

  test('the rules that judge the whole document (formerly listed in analyze.ts) are not run on a part of a longer one', () => {
    assert.deepEqual([...RULES, ...CROSS_RULES].filter((r) => r.wholeDocument).map((r) => r.id).sort(), ['D04', 'N01', 'S01', 'S04']);
    // The first half of a clean report: what it lacks is the cut, not the report's.
    const maxChars = Math.floor(BASE.length / 2);
    const part = new Analyzer().analyze(BASE, { maxChars });
    assert.ok(part.findings.some((f) => f.code === 'S13'), 'the part is said to be a part');
    const codes = new Set(part.findings.map((f) => f.code));
    const onPart = new Set(RULES.filter((r) => raw(r, part.report).length > 0).map((r) => r.id));
    for (const rule of RULES) {
      if (rule.wholeDocument) assert.ok(!codes.has(rule.id), `${rule.id} is not run on the part`);
      else if (onPart.has(rule.id) && rule.id !== 'S13') assert.ok(codes.has(rule.id), `${rule.id} still runs on the part`);
    }
    // S01 would report the sections after the cut, were it run.
    assert.ok(onPart.has('S01'), 'S01 finds sections missing in the part');
  });

  test('the sums rules: A01–A05, each covering its tables only', () => {
    assert.deepEqual(rulesTagged('sums').map((r) => r.id), ['A01', 'A02', 'A03', 'A04', 'A05']);
    const r = new Analyzer().model(BASE);
    const a05 = ruleById('A05')!;
    assert.deepEqual(r.tables.all.filter((t) => covers(a05, t)).map((t) => [t.kind, t.item]), [['s2', 1]]);
    assert.equal(covers(ruleById('A01')!, r.tables.t4!), false);
  });
});
