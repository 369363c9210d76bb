/**
 * Real published reports (../shared/real/: PDFs, saved web pages, crawled text, converter and OCR
 * output, none written here), each imported and read back by the checker, against its truth: every
 * cell of 表三 and 表四, agency, year, kind, edition, the publication date, the real arithmetic errors
 * found, and at most one false finding. The files are outside the repository; without them the tests
 * say so and are skipped.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { analyzeText } from '../../server/src/core/index.js';
import { importReport } from '../../server/src/import/index.js';
import { compareWithTruth, loadTruths, realDir, type Truth } from '../tools/truth.js';
import { repoRoot } from './helpers.js';

const dir = realDir(repoRoot);

/** Whether a text is anywhere in the source (a PDF's text is compressed: taken as there). */
function inSource(t: Truth, bytes: Buffer, ...forms: string[]): boolean {
  if (t.file.endsWith('.pdf')) return true;
  const text = bytes.toString('utf8').replace(/\s+/g, '');
  return forms.some((s) => text.includes(s));
}

/** Whether the truth's publication date is anywhere in the source (a truth may differ from every copy of the page). */
function dateInSource(t: Truth, bytes: Buffer): boolean {
  if (!t.published) return true;
  const [y, m, d] = t.published.split('-').map(Number);
  return inSource(t, bytes, t.published, `${y}年${m}月${d}日`, `${y}年${String(m).padStart(2, '0')}月${String(d).padStart(2, '0')}日`);
}

describe('real published reports against their truth', { skip: dir ? false : '../shared/real is not here (it is outside the repository)' }, () => {
  for (const truth of dir ? loadTruths(dir) : []) {
    test(`${truth.file}: every 表三/表四 cell, the metadata, the real errors, at most one false finding`, async () => {
      const data = readFileSync(join(dir!, truth.file));
      const r = await importReport({ name: truth.file, data });
      const a = analyzeText(r.text);
      assert.deepEqual(a.errors, []);
      const c = compareWithTruth(truth, a.report, a.findings);
      // Never a wrong number: a cell is right, or unread and said so (C05), never something else.
      assert.deepEqual(c.wrong, [], 'no cell with a value other than the published one');
      assert.ok(c.right / c.cells >= 0.98, `${c.right}/${c.cells} cells right`);
      for (const u of c.unread) {
        const [table, row, col] = u.key.split('.');
        const cell = (table === 't3' ? a.report.tables.t3 : a.report.tables.t4)?.byKey.get(row)?.cells.get(col);
        assert.equal(cell?.raw, '?', `${u.key}: an unread cell is written ?`);
        assert.ok(a.findings.some((f) => f.code === 'C05' && f.span.start === cell!.span.start), `${u.key}: reported as C05`);
      }
      // The agency as the truth names it, unless the source never writes that name (上海市科学技术委员会 is 上海市科委 throughout).
      if (inSource(truth, data, truth.agency.replace(/\s*[（(].*$/, ''))) assert.ok(c.agency.right, `agency ${c.agency.got}`);
      else assert.ok(c.agency.got && data.toString('utf8').replace(/\s+/g, '').includes(c.agency.got), `agency ${c.agency.got} as the source writes it`);
      assert.ok(c.year.right, `year ${c.year.got}`);
      assert.ok(c.kind.right, `kind ${c.kind.got}`);
      assert.ok(c.edition.right, `edition ${c.edition.got}`);
      if (dateInSource(truth, data)) assert.ok(c.published.right, `published ${c.published.got}, truth ${truth.published}`);
      assert.deepEqual(c.missedErrors, [], 'every real arithmetic error is found');
      // False findings: of the report's own text (C05 says what import could not read; information-level hints aside).
      const misleading = c.falseFindings.filter((f) => f.code !== 'C05' && f.severity !== 'information');
      assert.ok(misleading.length <= 1, misleading.map((f) => `${f.code} ${f.message}`).join('\n'));
      assert.equal(a.findings.filter((f) => f.code === 'C03').length, 0, 'no cell the import lost is called the author\'s blank');
    });
  }

  // The same PDFs as text a user may have instead (pdftotext -layout, which npm test's set-up installs
  // with poppler-utils): whatever is read is right — a number is never put in another cell.
  for (const truth of dir ? loadTruths(dir).filter((t) => t.file.endsWith('.pdf')) : []) {
    test(`${truth.file} as pdftotext -layout text: no cell with a wrong value`, async () => {
      const res = spawnSync('pdftotext', ['-layout', join(dir!, truth.file), '-'], { encoding: 'utf8' });
      assert.equal(res.status, 0, `pdftotext: ${res.error?.message ?? res.stderr}`);
      const r = await importReport({ name: truth.file.replace(/\.pdf$/, '.txt'), data: res.stdout });
      const a = analyzeText(r.text);
      const c = compareWithTruth(truth, a.report, a.findings);
      assert.deepEqual(c.wrong, []);
      assert.ok(c.right / c.cells >= 0.75, `${c.right}/${c.cells}`);
    });
  }
});
