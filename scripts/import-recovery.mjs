#!/usr/bin/env node
// Import recovery, in two parts.
// 1. Each published seed report (test/fixtures/import/seeds/, copies of shared/seeds/) is imported and
//    compared, cell by cell, with its hand-made transcription in the dialect (test/fixtures/seeds/
//    NNN.report.md): every cell of the 第二十条 tables, 表三 and 表四 by (table, row key, column key).
// 2. Each real published report of ../shared/real/ (PDF, saved web pages, crawled text, converter
//    output) is imported and compared with its truth (truth/<file>.json): 表三/表四 cells right, wrong
//    and unread, sections found, agency/year/kind/date/edition, findings true and false, real
//    arithmetic errors found, and the time per import; then the same per shape.
// Run `npm run build` first; `npm run import:recovery` does both.
// Options: --verbose lists every wrong or missing cell, every unplaced item and every false finding;
// --real only the real reports; a file name (e.g. hongze-2024.pdf) only that real report.
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
const { compareReports } = await import(join(root, 'out', 'test', 'tools', 'recovery.js'));
const truthTools = await import(join(root, 'out', 'test', 'tools', 'truth.js'));
const { analyzeText } = await import(join(out, 'core', 'index.js'));

const verbose = process.argv.includes('--verbose');
const onlyReal = process.argv.includes('--real') || process.argv.slice(2).some((a) => !a.startsWith('--'));
const onlyFile = process.argv.slice(2).find((a) => !a.startsWith('--'));
const seedsDir = join(root, 'test', 'fixtures', 'import', 'seeds');
const fixtures = join(root, 'test', 'fixtures', 'seeds');
const rows = [];
let totalCells = 0;
let totalRecovered = 0;
for (const f of onlyReal ? [] : readdirSync(seedsDir).filter((x) => x.endsWith('.txt')).sort()) {
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
if (!onlyReal) {
  console.log('\nImport recovery: table cells of each seed, compared with its hand-made transcription (test/fixtures/seeds/NNN.report.md)\n');
  console.table(rows);
  console.log(`all seeds: ${totalRecovered}/${totalCells} cells recovered (${((totalRecovered / totalCells) * 100).toFixed(1)}%)`);
}

// ---------------------------------------------------------------- real published reports
const realDir = truthTools.realDir(root);
if (!realDir) {
  console.log('\n../shared/real/ is not here: no real reports to measure');
  process.exit(0);
}
const real = [];
const byShape = new Map();
const shapeOf = (file) => (file.endsWith('.pdf') ? 'PDF' : file.endsWith('.page.html') ? 'web page' : file.endsWith('.page.txt') ? 'crawled text' : 'converter/OCR Markdown');
let failed = 0;
for (const truth of truthTools.loadTruths(realDir)) {
  if (onlyFile && truth.file !== onlyFile) continue;
  const data = readFileSync(join(realDir, truth.file));
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let result;
  try {
    result = await importReport({ name: truth.file, data });
  } catch (e) {
    real.push({ file: truth.file, error: e.message });
    failed++;
    continue;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const analysis = analyzeText(result.text);
  const c = truthTools.compareWithTruth(truth, analysis.report, analysis.findings);
  // False findings split: of the report's own text (errors, warnings), import's own 'not read' (C05), hints (information).
  const misleading = c.falseFindings.filter((f) => f.code !== 'C05' && f.severity !== 'information');
  const falseCodes = [...new Set(misleading.map((f) => f.code))].sort();
  const c05 = c.falseFindings.filter((f) => f.code === 'C05').length;
  const hints = c.falseFindings.filter((f) => f.code !== 'C05' && f.severity === 'information');
  real.push({
    file: truth.file,
    cells: `${c.right}/${c.cells}`,
    right: `${((c.right / c.cells) * 100).toFixed(1)}%`,
    wrong: c.wrong.length,
    unread: c.unread.length,
    sections: `${c.sections}/6`,
    agency: c.agency.right ? 'ok' : `✗ ${(c.agency.got ?? '-').slice(0, 16)}`,
    year: c.year.right ? 'ok' : `✗ ${c.year.got ?? '-'}`,
    kind: c.kind.right ? 'ok' : `✗ ${c.kind.got}`,
    date: c.published.right ? 'ok' : `✗ ${c.published.got ?? '-'}`,
    edition: c.edition.right ? 'ok' : `✗ ${c.edition.got}`,
    'true': `${new Set(c.trueFindings.map((f) => f.code)).size}/${Object.keys(truth.true_findings).length}`,
    false: misleading.length ? `${misleading.length} ${falseCodes.join(' ')}` : 0,
    'C05': c05,
    'false info': hints.length ? `${hints.length} ${[...new Set(hints.map((f) => f.code))].join(' ')}` : 0,
    'real errors': `${truth.real_errors.length - c.missedErrors.length}/${truth.real_errors.length}`,
    ms: ms.toFixed(0),
    cpuMs: ((cpu.user + cpu.system) / 1000).toFixed(0),
  });
  const s = byShape.get(shapeOf(truth.file)) ?? { reports: 0, cells: 0, right: 0, wrong: 0, unread: 0, false: 0, c05: 0, errors: 0, found: 0, ms: [] };
  s.reports++;
  s.cells += c.cells;
  s.right += c.right;
  s.wrong += c.wrong.length;
  s.unread += c.unread.length;
  s.false += misleading.length;
  s.c05 += c05;
  s.ms.push(ms);
  s.errors += truth.real_errors.length;
  s.found += truth.real_errors.length - c.missedErrors.length;
  byShape.set(shapeOf(truth.file), s);
  if (verbose) {
    console.log(`\n${truth.file} → ${result.fileName}   title: ${c.title ?? '-'}`);
    for (const d of c.wrong) console.log(`  wrong   ${d.key}: expected ${d.expected}, got ${d.got}`);
    for (const d of c.unread) console.log(`  unread  ${d.key}: expected ${d.expected}`);
    for (const f of c.falseFindings) console.log(`  false   ${f.code} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
    for (const e of c.missedErrors) console.log(`  missed  ${e.rule} ${e.group ?? e.row ?? ''} computed ${e.computed} stated ${e.stated}`);
    for (const u of result.unplaced) console.log(`  unplaced source line ${u.line ?? '-'} → report line ${u.reportLine ?? '-'}: ${u.what}: ${u.excerpt.slice(0, 120)}`);
  }
}
console.log('\nReal published reports (../shared/real/), each against its truth: 表三+表四 cells, metadata, findings\n');
console.table(real);
console.log('\nPer shape\n');
console.table(
  [...byShape].map(([shape, s]) => ({
    shape,
    reports: s.reports,
    cells: `${s.right}/${s.cells}`,
    right: `${((s.right / s.cells) * 100).toFixed(1)}%`,
    wrong: s.wrong,
    unread: s.unread,
    'false findings (E/W)': s.false,
    'C05 (not read)': s.c05,
    'real errors found': `${s.found}/${s.errors}`,
    'ms per import (median)': s.ms.sort((a, b) => a - b)[Math.floor(s.ms.length / 2)].toFixed(0),
  })),
);
if (failed) process.exitCode = 1;
