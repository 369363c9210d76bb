/**
 * Fixture scenarios in the style of markdownlint's: each seed report in the dialect next to
 * `NNN.expected.txt`, whose lines `CODE LINE:COL  # why` list every finding it must produce
 * (1-based line and UTF-16 column of the finding's start). Clean reports produce no error and
 * no warning.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Analyzer } from '../../server/src/core/index.js';
import { fixturesDir, parseExpected } from './helpers.js';

const seedsDir = join(fixturesDir, 'seeds');
const seeds = existsSync(seedsDir) ? readdirSync(seedsDir).filter((f) => f.endsWith('.report.md')).sort() : [];

describe('seed fixtures produce exactly their explained findings', () => {
  test('all five seeds are fixtures', () => {
    assert.deepEqual(seeds, ['000.report.md', '001.report.md', '002.report.md', '003.report.md', '004.report.md']);
  });
  for (const f of seeds) {
    test(f, () => {
      const text = readFileSync(join(seedsDir, f), 'utf8');
      const expected = parseExpected(readFileSync(join(seedsDir, f.replace('.report.md', '.expected.txt')), 'utf8'));
      const a = new Analyzer().analyze(text);
      assert.deepEqual(a.errors, []);
      const actual = a.findings.map((x) => `${x.code} ${x.range.start.line + 1}:${x.range.start.character + 1}`).sort();
      assert.deepEqual(actual, expected);
    });
  }
});

describe('clean reports', () => {
  for (const f of ['clean-2021.report.md', 'clean-2019.report.md']) {
    test(`${f} has no error and no warning`, () => {
      const text = readFileSync(join(fixturesDir, 'clean', f), 'utf8');
      const a = new Analyzer().analyze(text);
      const loud = a.findings.filter((x) => x.severity !== 'information').map((x) => `${x.code} ${x.range.start.line + 1}: ${x.message}`);
      assert.deepEqual(loud, []);
      assert.ok(a.report.tables.t3 && a.report.tables.t4 && a.report.tables.s2.length >= 4, 'all tables were found');
    });
  }
});
