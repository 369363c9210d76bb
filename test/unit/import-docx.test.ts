/**
 * Import of a Word file: a .docx made here with the `docx` library — title and section headings in
 * Word's heading styles, the form's tables with merged cells (rowSpan → w:vMerge, columnSpan →
 * w:gridSpan) — read through mammoth and the HTML path; the project's own Word export read back;
 * files that only claim to be .docx.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import { zipSync, strToU8 } from 'fflate';
import { analyzeText } from '../../server/src/core/index.js';
import { exportReport } from '../../server/src/render/export.js';
import { importReport, ImportError } from '../../server/src/import/index.js';
import { compareReports, cellValues } from '../tools/recovery.js';
import { assertFullRecovery, section2Official, table3Official, table4Official, type FormRow, type Values } from './import-forms.js';
import { fixturesDir } from './helpers.js';

function wordTable(rows: FormRow[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (r) =>
        new TableRow({
          children: r.map((c) => new TableCell({ children: [new Paragraph(c.text)], rowSpan: c.rowSpan, columnSpan: c.colSpan })),
        }),
    ),
  });
}

async function makeDocx(opts: { override?: Record<string, string>; extra?: Paragraph[] } = {}): Promise<{ bytes: Uint8Array; values: Values }> {
  const s2 = section2Official(2021);
  const t3 = table3Official(opts.override);
  const t4 = table4Official();
  const p = (text: string) => new Paragraph({ text });
  const h2 = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '江城县教育局2023年政府信息公开工作年度报告', heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
          p('本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。'),
          h2('一、总体情况'),
          new Paragraph({ text: '（一）主动公开', heading: HeadingLevel.HEADING_3 }),
          p('2023年，我局主动公开政府信息86条。'),
          h2('二、主动公开政府信息情况'),
          wordTable(s2.rows),
          h2('三、收到和处理政府信息公开申请情况'),
          wordTable(t3.rows),
          ...(opts.extra ?? []),
          h2('四、政府信息公开行政复议、行政诉讼情况'),
          wordTable(t4.rows),
          h2('五、存在的主要问题及改进情况'),
          p('一是公开的及时性有待提高。二是政策解读形式较为单一。'),
          h2('六、其他需要报告的事项'),
          p('本年度未收取信息处理费。'),
          new Paragraph({ text: '江城县教育局', alignment: AlignmentType.RIGHT }),
          new Paragraph({ text: '2024年1月20日', alignment: AlignmentType.RIGHT }),
        ],
      },
    ],
  });
  const bytes = new Uint8Array(await Packer.toBuffer(doc));
  return { bytes, values: new Map([...s2.values, ...t3.values, ...t4.values]) };
}

function assertValues(report: ReturnType<typeof analyzeText>['report'], values: Values): void {
  const got = cellValues(report);
  for (const [k, v] of values) assert.equal(got.get(k), String(Number(v)), k);
}

describe('a .docx made with merged-cell tables and heading styles', () => {
  test('headings, the three tables with their merged cells, prose and signature are imported', async () => {
    const { bytes, values } = await makeDocx();
    const r = await importReport({ name: '年度报告.docx', data: bytes });
    assert.equal(r.shape, 'docx');
    assert.equal(r.fileName, '江城县教育局2023年政府信息公开工作年度报告.report.md');
    const a = analyzeText(r.text);
    assert.deepEqual(a.errors, []);
    assert.equal(a.report.title?.text, '江城县教育局2023年政府信息公开工作年度报告');
    assert.deepEqual(a.report.sections.map((s) => s.no), [1, 2, 3, 4, 5, 6]);
    assert.match(r.text, /^### （一）主动公开$/m, 'a Word sub-heading stays a sub-heading');
    assertValues(a.report, values);
    assert.equal(r.cells, 200);
    assert.deepEqual(r.unplaced, []);
    assert.equal(a.report.signature?.agency?.text, '江城县教育局');
    assert.equal(a.report.meta.published?.year, 2024);
    assert.ok(a.report.period);
  });

  test('an illegible cell is written unread (?) and listed; a paragraph that fits nowhere in 三 is kept and listed', async () => {
    const { bytes } = await makeDocx({
      override: { 't3.new.natural': '1O' },
      extra: [new Paragraph({ text: '注：本表数据由办公室填报' })],
    });
    const r = await importReport({ name: 'x.docx', data: bytes });
    const a = analyzeText(r.text);
    assert.equal(a.report.tables.t3!.byKey.get('new')!.cells.get('natural')!.raw, '?', '"1O" is not read as 10 or 1');
    assert.ok(a.findings.some((f) => f.code === 'C05'), 'the checker asks for the value from the original');
    assert.ok(!a.findings.some((f) => f.code === 'C03'), 'not reported as the author\'s blank');
    assert.ok(r.unplaced.some((u) => u.excerpt === '1O'));
    const note = r.unplaced.find((u) => /办公室填报/.test(u.excerpt));
    assert.ok(note, 'the note is listed');
    assert.equal(note.line, undefined, 'a .docx has no lines');
    assert.ok(note.reportLine && r.text.split('\n')[note.reportLine - 1].includes('办公室填报'));
  });
});

describe('round trip through the project\'s own Word export', () => {
  for (const name of ['clean/clean-2021', 'clean/clean-2019', 'seeds/001', 'seeds/003']) {
    test(`${name}: exported as .docx and imported again, every cell in its place`, async () => {
      const ref = analyzeText(readFileSync(join(fixturesDir, `${name}.report.md`), 'utf8')).report;
      const r = await importReport({ name: 'export.docx', data: await exportReport(ref, 'docx') });
      const rec = compareReports(ref, analyzeText(r.text).report);
      assertFullRecovery(rec);
    });
  }
});

describe('files that only claim to be Word documents', () => {
  test('a zip archive that is not a .docx', async () => {
    const zip = zipSync({ 'readme.txt': strToU8('hello') });
    await assert.rejects(importReport({ name: 'fake.docx', data: zip }), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.equal(e.code, 'not-docx');
      assert.match(e.message, /^fake\.docx: not a readable \.docx/);
      return true;
    });
  });
  test('a truncated .docx', async () => {
    const { bytes } = await makeDocx();
    await assert.rejects(importReport({ name: 'cut.docx', data: bytes.subarray(0, 2000) }), (e: unknown) => e instanceof ImportError && e.code === 'not-docx');
  });
  test('a .docx without any text', async () => {
    const empty = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [] }] })));
    await assert.rejects(importReport({ name: 'empty.docx', data: empty }), (e: unknown) => e instanceof ImportError && e.code === 'empty' && /no text/.test(e.message));
  });
});
