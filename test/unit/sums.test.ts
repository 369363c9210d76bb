/**
 * The 勾稽关系 are defined once (core/sums.ts); the rules, fix withholding, hover, inlay hints and code lens all read
 * that one definition. These tests break each identity of real reports, one at a time, and ask every consumer
 * whether it saw the same identity break: any of them disagreeing with the definition fails here.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer, RULES } from '../../server/src/core/index.js';
import { SUM_CODES, SUM_DEFS, sumCell, sumValues, sums, type Sum } from '../../server/src/core/sums.js';
import { brokenBy } from '../../server/src/core/relations.js';
import { covers, ruleById } from '../../server/src/core/rules/index.js';
import { codeLenses, hover, inlayHints } from '../../server/src/lsp/features.js';
import { baseReport } from './base-report.js';
import { fixture } from './helpers.js';

const REPORTS: [string, string][] = [
  ['base 2022 (2021 form)', baseReport(2022)],
  ['base 2020 (2019 form)', baseReport(2020)],
  ['clean-2021', fixture('clean/clean-2021.report.md')],
  ['clean-2019', fixture('clean/clean-2019.report.md')],
];

/** One analyzer for all: a mutation of one cell re-parses only the chunk it is in. */
const analyzer = new Analyzer();
const analyze = (text: string) => analyzer.analyze(text);

/** The report with the stated cell of `s` one more than it says. */
function breakSum(text: string, s: Sum): { text: string; offset: number; value: number } {
  const cell = sumCell(s, s.stated)!;
  const value = cell.value! + 1;
  return { text: text.slice(0, cell.span.start) + String(value) + text.slice(cell.span.end), offset: cell.span.start, value };
}

describe('each 勾稽关系 is defined once, and every consumer reads that definition', () => {
  test('every identity belongs to a rule tagged sums that reads its table', () => {
    for (const def of SUM_DEFS) {
      const rule = ruleById(def.code);
      assert.ok(rule && RULES.includes(rule as (typeof RULES)[number]), `${def.code} is a single-report rule`);
      assert.ok(rule.tags.includes('sums'), `${def.code} is tagged sums`);
      assert.ok(rule.tables?.some((t) => t.kind === def.table), `${def.code} says it reads ${def.table}`);
    }
  });

  for (const [name, text] of REPORTS) {
    test(`${name}: every identity holds, no rule of the sums reports, every lens says ✓`, () => {
      const a = analyze(text);
      const all = sums(a.report);
      // 7 columns × (A01, A02), a row identity per non-group row of 表三 and 表四.
      const rows3 = a.report.tables.t3!.rows.filter((r) => r.def && !r.def.group).length;
      const rows4 = a.report.tables.t4!.rows.filter((r) => r.def && !r.def.group).length;
      assert.equal(all.length, 14 + rows3 + rows4);
      for (const s of all) assert.equal(sumValues(s)?.holds, true, `${s.code} ${s.line.label}`);
      assert.deepEqual(a.findings.filter((f) => SUM_CODES.has(f.code)), []);
      for (const lens of codeLenses(a, 'zh-CN')) assert.equal(lens.command!.title, '勾稽关系 ✓');
    });

    test(`${name}: break each identity — its rule reports it there, hover explains it, the inlay hint and code lens show it, a fix to break it is withheld`, () => {
      const a = analyze(text);
      for (const s of sums(a.report)) {
        const what = `${s.code} ${s.line.label}`;
        const v = sumValues(s)!;
        // Fix withholding: writing stated+1 into the stated cell breaks this identity (or another one of the cell).
        const broken = brokenBy(a.report, [{ table: s.table, row: s.stated.row, col: s.stated.col, value: v.stated.value + 1 }]);
        assert.ok(broken, `${what}: a change breaking it is seen`);
        assert.ok([broken.stated, ...broken.terms].some((k) => k.row === s.stated.row && k.col === s.stated.col), `${what}: the identity named reads that cell`);

        const b = breakSum(text, s);
        const after = analyze(b.text);
        const finding = after.findings.find((f) => f.code === s.code && f.span.start === b.offset);
        assert.ok(finding, `${what}: ${s.code} reports at the stated cell`);
        assert.equal(finding.data?.stated, b.value, what);
        assert.equal(finding.data?.computed, v.computed, `${what}: the rule computes what the identity says`);

        const h = hover(after.report, after.report.lines.position(b.offset), 'zh-CN');
        const md = (h?.contents as { value: string } | undefined)?.value ?? '';
        assert.ok(md.includes(`**${s.def.title(s.line.label)}**`), `${what}: hover explains it\n${md}`);
        assert.ok(md.includes(`= **${v.computed}**`), `${what}: hover gives the computed value\n${md}`);
        assert.ok(md.includes(`✗ 填写值为 ${b.value}`), `${what}: hover says it fails\n${md}`);

        const line = after.report.lines.position(b.offset).line;
        const hints = inlayHints(after, { start: { line, character: 0 }, end: { line, character: 999 } }, 'zh-CN');
        assert.ok(hints.some((x) => x.label === ` ≠ ${v.computed}`), `${what}: an inlay hint gives the computed value`);

        const table = after.report.tables[s.def.table]!;
        const lens = codeLenses(after, 'zh-CN').find((l) => l.range.start.line === after.report.lines.position(table.block.span.start).line);
        // The lens counts what the identities of sums.ts find in the table (the rules' tags and tables say which).
        const inTable = after.findings.filter((f) => SUM_CODES.has(f.code) && f.span.start >= table.block.span.start && f.span.end <= table.block.span.end);
        assert.ok(inTable.some((f) => f.code === s.code));
        assert.equal(lens?.command!.title, `${inTable.length} 处不一致`, `${what}: the code lens counts it`);
        assert.ok(covers(ruleById(s.code)!, table), `${what}: its rule covers the table`);
      }
    });
  }

  test('A02 is explained on 四、结转下年度继续办理, term by term with 三 taken away', () => {
    const text = baseReport(2022).replace('| 四、结转下年度继续办理 | 25 |', '| 四、结转下年度继续办理 | 26 |');
    const a = analyze(text);
    const f = a.findings.find((x) => x.code === 'A02');
    assert.ok(f, 'A02 reports');
    const md = (hover(a.report, f.range.start, 'zh-CN')!.contents as { value: string }).value;
    assert.match(md, /\*\*勾稽关系（一 \+ 二 = 三 \+ 四）· 自然人\*\*/);
    assert.match(md, /一、本年新收政府信息公开申请数量 \d+ \+ 二、上年结转政府信息公开申请数量 \d+ − （七）总计 \d+ = \*\*25\*\*/);
    assert.match(md, /✗ 填写值为 26/);
  });
});
