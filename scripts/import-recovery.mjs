#!/usr/bin/env node
// Import recovery: each published seed report (test/fixtures/import/seeds/, copies of shared/seeds/)
// is imported and compared, cell by cell, with its hand-made transcription in the dialect
// (test/fixtures/seeds/NNN.report.md): every cell of the 第二十条 tables, 表三 and 表四 by
// (table, row key, column key). Run `npm run build` first; `npm run import:recovery` does both.
// Options: --verbose lists every wrong or missing cell and every unplaced item.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out', 'server', 'src');
if (!existsSync(join(out, 'import', 'index.js'))) {
  process.stderr.write('import-recovery: not built yet; run `npm run build` first\n');
  process.exit(2);
}
const { importReport } = await import(join(out, 'import', 'index.js'));
const { compareReports } = await import(join(out, 'import', 'recovery.js'));
const { analyzeText } = await import(join(out, 'core', 'index.js'));

const verbose = process.argv.includes('--verbose');
const seedsDir = join(root, 'test', 'fixtures', 'import', 'seeds');
const fixtures = join(root, 'test', 'fixtures', 'seeds');
const rows = [];
let totalCells = 0;
let totalRecovered = 0;
for (const f of readdirSync(seedsDir).filter((x) => x.endsWith('.txt')).sort()) {
  const id = f.slice(0, 3);
  const reference = analyzeText(readFileSync(join(fixtures, `${id}.report.md`), 'utf8')).report;
  const started = performance.now();
  const result = await importReport({ name: f, data: readFileSync(join(seedsDir, f)) });
  const ms = performance.now() - started;
  const analysis = analyzeText(result.text);
  const rec = compareReports(reference, analysis.report);
  totalCells += rec.cells;
  totalRecovered += rec.recovered;
  rows.push({
    seed: id,
    shape: result.shape,
    cells: rec.cells,
    recovered: rec.recovered,
    wrong: rec.wrong.length,
    missing: rec.missing.length,
    extra: rec.extra.length,
    share: `${(rec.share * 100).toFixed(1)}%`,
    sections: `${rec.sections.got.length}/${rec.sections.expected.length}${rec.sections.got.join('') === rec.sections.expected.join('') ? '' : ' ≠'}`,
    title: rec.title.same ? 'same' : 'DIFFERS',
    agency: rec.agency.same ? 'same' : 'DIFFERS',
    year: rec.year.same ? 'same' : 'DIFFERS',
    unplaced: result.unplaced.length,
    ms: ms.toFixed(0),
  });
  if (verbose) {
    console.log(`\n${id} ${result.fileName}`);
    for (const d of rec.wrong) console.log(`  wrong   ${d.key}: expected ${d.expected}, got ${d.got}`);
    for (const d of rec.missing) console.log(`  missing ${d.key}: expected ${d.expected}`);
    for (const k of rec.extra) console.log(`  extra   ${k}`);
    if (!rec.title.same) console.log(`  title   expected ${rec.title.expected}, got ${rec.title.got}`);
    if (!rec.agency.same) console.log(`  agency  expected ${rec.agency.expected}, got ${rec.agency.got}`);
    for (const u of result.unplaced) console.log(`  unplaced source line ${u.line ?? '-'} → report line ${u.reportLine ?? '-'}: ${u.what}: ${u.excerpt}`);
    const codes = (r) => [...new Set(r.findings.map((x) => x.code))].sort().join(' ');
    console.log(`  findings of the import:  ${codes(analysis)}`);
    console.log(`  findings of the fixture: ${codes(analyzeText(readFileSync(join(fixtures, `${id}.report.md`), 'utf8')))}`);
  }
}
console.log('\nImport recovery: table cells of each seed, compared with its hand-made transcription (test/fixtures/seeds/NNN.report.md)\n');
console.table(rows);
console.log(`all seeds: ${totalRecovered}/${totalCells} cells recovered (${((totalRecovered / totalCells) * 100).toFixed(1)}%)`);
