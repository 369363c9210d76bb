/**
 * Import of published reports, plain text: the five seeds against their hand-made transcriptions
 * (every table cell by table, row and column), what the checker then says, what cannot be placed,
 * and that no number is ever made up.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../server/src/core/index.js';
import { importReport, ImportError, reportFileName } from '../../server/src/import/index.js';
import { compareReports } from '../tools/recovery.js';
import { MARK_START, MARK_END } from '../../server/src/import/map.js';
import { fixturesDir } from './helpers.js';
import { gb18030 } from './import-forms.js';

const SEEDS: Record<string, string> = {
  '000': '000_a359f5905497a449.txt',
  '001': '001_2f9d601b8b624720.txt',
  '002': '002_beac0f45b3064de1.txt',
  '003': '003_bfa6ed85e05c204a.txt',
  '004': '004_82141ad6529bdacc.txt',
};

function seedBytes(id: string): Buffer {
  return readFileSync(join(fixturesDir, 'import', 'seeds', SEEDS[id]));
}

function fixtureReport(id: string) {
  return analyzeText(readFileSync(join(fixturesDir, 'seeds', `${id}.report.md`), 'utf8'));
}

const codes = (fs: { code: string }[]) => [...new Set(fs.map((f) => f.code))].sort();

/** The lines of the report between a marker pair, for what the user sees of unplaced content. */
function markedLines(text: string): string[] {
  const out: string[] = [];
  let inside = false;
  for (const l of text.split('\n')) {
    if (l === MARK_START) inside = true;
    else if (l === MARK_END) inside = false;
    else if (inside && l.trim()) out.push(l);
  }
  return out;
}

describe('the five seeds, imported from their published text', () => {
  const expected: Record<string, { cells: number; title: string; agency: string; year: number; file: string }> = {
    '000': { cells: 200, title: '长沙市科技局 2021 年政府信息公开工作年度报告', agency: '长沙市科技局', year: 2021, file: '长沙市科技局2021年政府信息公开工作年度报告.report.md' },
    '001': { cells: 198, title: '衡阳市科技局2021年政府信息公开年度报告', agency: '衡阳市科技局', year: 2021, file: '衡阳市科技局2021年政府信息公开工作年度报告.report.md' },
    '002': { cells: 200, title: '湖南省科学技术厅2023年政府信息公开工作年度报告', agency: '湖南省科学技术厅', year: 2023, file: '湖南省科学技术厅2023年政府信息公开工作年度报告.report.md' },
    '003': { cells: 200, title: '市科学技术局2022年政府信息公开工作年度报告', agency: '市科学技术局', year: 2022, file: '市科学技术局2022年政府信息公开工作年度报告.report.md' },
    '004': { cells: 198, title: '湘乡市科技和工业信息化局 2019 年政府信息公开工作年度报告', agency: '湘乡市科技和工业信息化局', year: 2019, file: '湘乡市科技和工业信息化局2019年政府信息公开工作年度报告.report.md' },
  };
  for (const id of Object.keys(SEEDS)) {
    test(`seed ${id}: every table cell of the transcription recovered in its place, the same sections, title, agency, year`, async () => {
      const r = await importReport({ name: SEEDS[id], data: seedBytes(id) });
      const e = expected[id];
      assert.equal(r.shape, 'text');
      assert.equal(r.fileName, e.file);
      const imported = analyzeText(r.text);
      assert.deepEqual(imported.errors, []);
      const rec = compareReports(fixtureReport(id).report, imported.report);
      assert.equal(rec.cells, e.cells, 'cells in the transcription');
      assert.deepEqual(rec.wrong, [], 'no value in a wrong place');
      assert.deepEqual(rec.missing, [], 'no value missing');
      assert.equal(rec.recovered, e.cells);
      assert.deepEqual(rec.extra, []);
      assert.equal(r.cells, e.cells, 'the result counts the cells it placed');
      assert.equal(r.blanks, 0);
      assert.equal(r.unread, 0);
      assert.deepEqual(rec.sections.got, [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(r.sections, [1, 2, 3, 4, 5, 6]);
      assert.equal(imported.report.title?.text, e.title);
      assert.equal(imported.report.meta.agency, e.agency);
      assert.equal(imported.report.meta.year, e.year);
    });
    test(`seed ${id}: the checker finds the report's own errors in the import, as in the transcription`, async () => {
      const r = await importReport({ name: SEEDS[id], data: seedBytes(id) });
      const imported = analyzeText(r.text);
      // The page's publication time (发布时间：…) is the report's 发布日期, which the hand transcription
      // does not carry: its "no date" D04 is answered by the page, a late date is still D04.
      const fromPage = /^发布日期: /m.test(r.text) && /发布日期取自网页的发布时间/.test(r.text);
      const expected = codes(fixtureReport(id).findings).filter((c) => !(fromPage && c === 'D04') || imported.findings.some((f) => f.code === 'D04'));
      assert.deepEqual(codes(imported.findings), expected);
    });
  }

  test('seed 001: its 2019-edition tables stay 2019 (S05 in a 2021 report), "本年增/" as scraped (S06)', async () => {
    const r = await importReport({ name: SEEDS['001'], data: seedBytes('001') });
    const a = analyzeText(r.text);
    assert.ok(a.report.tables.all.every((t) => t.edition !== 2021));
    assert.equal(a.report.tables.t3?.edition, 2019);
    assert.ok(a.findings.some((f) => f.code === 'S06' && /本年增\/减/.test(f.message)));
    assert.ok(r.warnings.some((w) => /2019版格式/.test(w)));
    // The page around the report is not report text: kept in one comment, not in the sections.
    assert.match(r.text, /<!-- xxgk-import: 网页页面内容[^]*365体育官网[^]*扫一扫在手机打开当前页\n-->/);
    assert.ok(!/^发布时间/m.test(r.text.replace(/<!--[^]*?-->/g, '')));
    assert.match(r.text, /^发布日期: 2022-01-25$/m, 'the page\'s 发布时间 is the 发布日期');
    assert.equal(a.report.title?.text, '衡阳市科技局2021年政府信息公开年度报告');
  });

  test('seed 002: cells one per line; the 勾稽关系 note and the variant heading of 五 kept', async () => {
    const r = await importReport({ name: SEEDS['002'], data: seedBytes('002') });
    const a = analyzeText(r.text);
    assert.equal(a.report.tables.s2.find((t) => t.item === 8)?.byKey.get('fees')?.cells.get('amount')?.value, 9.139);
    assert.equal(a.report.tables.s2.find((t) => t.item === 1)?.byKey.get('normative')?.cells.get('valid')?.value, 54);
    assert.equal(a.report.tables.t3?.byKey.get('new')?.cells.get('total')?.value, 5);
    assert.match(r.text, /^\(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和\)$/m);
    assert.match(r.text, /^## 五、存在的主要问题及改进措施$/m);
    assert.ok(a.findings.some((f) => f.code === 'D05'), 'the malformed dates of the preamble are still there');
  });

  test('seed 004 (text from a PDF): the numbers it has, read as printed, the noise kept aside and listed', async () => {
    const r = await importReport({ name: SEEDS['004'], data: seedBytes('004') });
    const a = analyzeText(r.text);
    const s2 = (item: number, row: string, col: string) => a.report.tables.s2.find((t) => t.item === item)?.byKey.get(row)?.cells.get(col)?.raw;
    assert.equal(s2(1, 'normative', 'made'), '1');
    assert.equal(s2(1, 'normative', 'published'), '1');
    assert.equal(s2(1, 'normative', 'total'), '1');
    assert.equal(s2(9, 'procurement', 'projects'), '0 批', 'the unit as printed: the checker reports it (C02)');
    assert.ok(a.findings.some((f) => f.code === 'C02'));
    assert.equal(a.report.tables.t3?.edition, 2019);
    // 表三: rows whose label is broken over several lines and mixed with the merged group cells, and
    // whose digits come twice (once as OCR "U"), are read; every cell is the 0 the page prints.
    const t3 = a.report.tables.t3!;
    assert.equal(t3.rows.filter((x) => x.def).length, 23);
    for (const row of t3.rows) for (const c of row.cells.values()) assert.equal(c.raw, '0', `${row.def?.key}.${c.col}`);
    assert.equal(a.report.tables.t4?.rows.length, 3);
    // What could not be placed: in the report between markers, and listed with source and report lines.
    const excerpts = r.unplaced.map((u) => u.excerpt);
    assert.deepEqual(excerpts, ['斗件', '凶', '和) 人 企 机 益 服务 他 17', '本年 (二) 部分公开', '(五) 平处理', '生', '义后起', '已诉', '111 //~ >= 111 11- <i>/</i> _ 70']);
    const lines = r.text.split('\n');
    for (const u of r.unplaced) {
      assert.ok(u.line !== undefined && u.line > 40 && u.line < 110, `source line of ${u.excerpt}`);
      assert.ok(u.reportLine !== undefined, `report line of ${u.excerpt}`);
      // As prose: pipes escaped, and the source's markup as text (`&lt;i>`), never as HTML of the report.
      assert.equal(lines[u.reportLine - 1], u.excerpt.replace(/\|/g, '\\|').replace(/<(?=[A-Za-z/!?])/g, '&lt;'));
    }
    assert.equal(markedLines(r.text).length, r.unplaced.length);
    // The signature printed on one line is written as the dialect's two paragraphs.
    assert.match(r.text, /湘乡市科技和工业信息化局\n\n2020年1月10日\n$/);
    assert.equal(a.report.meta.published?.day, 10);
  });
});

describe('what the checker then says', () => {
  test('a wrong published total comes out as the A01/A03 findings on that cell', async () => {
    // Seed 000 with its (七)总计 for 自然人 misprinted as 3 (the rows above sum to 2).
    const text = seedBytes('000').toString('utf8').replace('(七) 总计\t\t\t2\t', '(七) 总计\t\t\t3\t');
    const r = await importReport({ name: 'wrong.txt', data: text });
    const a = analyzeText(r.text);
    const total = a.report.tables.t3!.byKey.get('total')!.cells.get('natural')!;
    assert.equal(total.value, 3);
    const a01 = a.findings.find((f) => f.code === 'A01');
    assert.ok(a01, 'A01 outcome total');
    assert.deepEqual(a01.span, total.span);
    assert.match(a01.message, /2/);
    assert.ok(a.findings.some((f) => f.code === 'A03'), 'A03 applicant total of the row');
  });

  test('an unreadable cell is written unread (?) — the checker asks for the value from the original, not a wrong sum', async () => {
    // "U" (OCR for 0) in 2.重复申请 / 自然人: the importer must not guess 0.
    const text = seedBytes('000').toString('utf8').replace('\t\t2.重复申请\t0\t', '\t\t2.重复申请\tU\t');
    const r = await importReport({ name: 'ocr.txt', data: text });
    const a = analyzeText(r.text);
    const cell = a.report.tables.t3!.byKey.get('noprocess_2')!.cells.get('natural')!;
    assert.equal(cell.raw, '?');
    assert.equal(cell.value, null);
    const c05 = a.findings.filter((f) => f.code === 'C05');
    assert.equal(c05.length, 1);
    assert.deepEqual(c05[0].span, cell.span);
    assert.match(c05[0].message, /导入时未能识别此单元格，请对照原件填写/);
    assert.deepEqual(a.findings.filter((f) => f.code === 'C03'), [], 'not the author\'s blank');
    assert.deepEqual(a.findings.filter((f) => /^A0/.test(f.code)), [], 'no arithmetic on a value that is not there');
    assert.equal(r.cells, 199);
    assert.equal(r.unread, 1);
    assert.equal(r.blanks, 0);
    const u = r.unplaced.find((x) => x.excerpt === 'U');
    assert.ok(u, 'the unreadable reading is listed');
    assert.match(u.what, /重复申请.*自然人/);
    assert.equal(u.line, 56);
  });

  test('a row with too few numbers to tell their columns apart is written unread, and its numbers are listed', async () => {
    const original = seedBytes('000').toString('utf8');
    const text = original.replace('\t\t3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0\n', '\t\t3.要求提供公开出版物\t4\t5\t6\n');
    assert.notEqual(text, original);
    const r = await importReport({ name: 'short.txt', data: text });
    const a = analyzeText(r.text);
    const row = a.report.tables.t3!.byKey.get('noprocess_3')!;
    for (const c of row.cells.values()) assert.equal(c.raw, '?', c.col);
    assert.equal(a.findings.filter((f) => f.code === 'C05').length, 7);
    assert.equal(a.findings.filter((f) => f.code === 'C03').length, 0);
    assert.ok(r.unplaced.some((u) => /4 5 6/.test(u.excerpt)));
    for (const n of ['4', '5', '6']) assert.ok(!a.report.tables.t3!.rows.some((x) => [...x.cells.values()].some((c) => c.raw === n)), `${n} nowhere in 表三`);
  });

  test('content that matches nothing of the form stays in the report, between markers, and is listed', async () => {
    const text = seedBytes('000').toString('utf8').replace('四、结转下年度继续办理\t\t\t0', '九、本表没有这一行\t\t\t1\t2\t3\t4\t5\t6\t21\n四、结转下年度继续办理\t\t\t0');
    const r = await importReport({ name: 'extra.txt', data: text });
    const u = r.unplaced.find((x) => /没有这一行/.test(x.excerpt));
    assert.ok(u);
    const lines = r.text.split('\n');
    assert.ok(u.reportLine);
    assert.match(lines[u.reportLine - 1], /九、本表没有这一行/);
    const before = lines.slice(0, u.reportLine - 1).reverse();
    assert.equal(before.find((l) => l.startsWith('<!--')), MARK_START);
    assert.ok(markedLines(r.text).some((l) => /九、本表没有这一行/.test(l)));
    assert.equal(analyzeText(r.text).report.tables.t3?.byKey.get('next')?.cells.get('total')?.value, 0, 'the rows around it still read');
  });
});

describe('plain text shapes and encodings', () => {
  test('a GBK/GB18030 text file is decoded and imported like its UTF-8 original', async () => {
    const utf8 = seedBytes('000').toString('utf8');
    const gbk = gb18030(utf8);
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk), 'the bytes are not UTF-8');
    const r = await importReport({ name: 'gbk.txt', data: gbk });
    const u = await importReport({ name: 'gbk.txt', data: utf8 });
    assert.equal(r.text, u.text);
    assert.ok(r.warnings.some((w) => /GB18030/.test(w)));
  });

  test('text extracted with pdftotext -layout: columns of spaces', async () => {
    const rows = [
      '某县教育局2022年政府信息公开工作年度报告',
      '',
      '三、收到和处理政府信息公开申请情况',
      '',
      '一、本年新收政府信息公开申请数量     3    0    0    0    0    1    4',
      '二、上年结转政府信息公开申请数量     1    0    0    0    0    0    1',
      '（一）予以公开                       2    0    0    0    0    1    3',
    ];
    const r = await importReport({ name: 'layout.txt', data: rows.join('\n') });
    const t3 = analyzeText(r.text).report.tables.t3!;
    assert.equal(t3.byKey.get('new')!.cells.get('total')!.value, 4);
    assert.equal(t3.byKey.get('new')!.cells.get('other')!.value, 1);
    assert.equal(t3.byKey.get('carried')!.cells.get('natural')!.value, 1);
    assert.equal(t3.byKey.get('open')!.cells.get('total')!.value, 3);
    // The rows the text does not have are unread: the checker says what is still to be copied from the original.
    assert.equal(t3.byKey.get('next')!.cells.get('total')!.raw, '?');
    assert.equal(r.cells, 21);
  });

  test('the suggested file name is the one new-year gives, else the source name', () => {
    assert.equal(reportFileName('长沙市科学技术局', 2021, 'x.html'), '长沙市科学技术局2021年政府信息公开工作年度报告.report.md');
    assert.equal(reportFileName(undefined, 2021, '/tmp/年报.docx'), '年报.report.md');
    assert.equal(reportFileName('a/b:c', 2021, 'x'), 'abc2021年政府信息公开工作年度报告.report.md');
  });
});

describe('input that is not a report gives a clear error, not a crash', () => {
  const rejects = async (name: string, data: Uint8Array | string, code: string, message: RegExp, options = {}) => {
    await assert.rejects(importReport({ name, data }, options), (e: unknown) => {
      assert.ok(e instanceof ImportError, String(e));
      assert.equal(e.code, code);
      assert.match(e.message, message);
      assert.ok(!e.message.includes('\n'), 'one line');
      return true;
    });
  };
  test('an empty file, or only white space', async () => {
    await rejects('empty.txt', new Uint8Array(0), 'empty', /empty\.txt: the file is empty/);
    await rejects('blank.txt', Buffer.from('  \n\n\t \r\n'), 'empty', /empty/);
    await rejects('blank.html', '<html><body><p> </p></body></html>', 'empty', /no text/);
  });
  test('binary junk', async () => {
    const junk = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) junk[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    await rejects('junk.bin', junk, 'binary', /binary data/);
    await rejects('report.txt', Buffer.from([0x00, 0x01, 0x02, 0x03, 0x50]), 'binary', /binary/);
  });
  test('a .docx that is not a zip, a broken PDF, a .pdf that is not one, an old .doc', async () => {
    await rejects('report.docx', Buffer.from('这不是 Word 文件'), 'not-docx', /not a \.docx file/);
    await rejects('report.pdf', Buffer.from('%PDF-1.7\n...'), 'unreadable', /report\.pdf: not a readable PDF/);
    await rejects('report.pdf', Buffer.from('这不是 PDF'), 'unreadable', /report\.pdf: not a PDF file/);
    await rejects('report.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'unsupported', /\.doc/);
  });
  test('huge input is refused before it is read', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 0x30);
    await rejects('big.txt', big, 'too-large', /too large .*21\.0 MB; the limit is 20\.0 MB/);
    await rejects('big.txt', 'x'.repeat(2000), 'too-large', /too large/, { maxBytes: 1000 });
  });
  test('a long text that is not a report is imported quickly, as prose, without a crash', async () => {
    const para = '这是一段与年度报告无关的文字，其中有数字 12 和 2021年3月4日。\n\n';
    const text = para.repeat(20000) + '1\t2\t3\t4\n'.repeat(2000);
    const t0 = performance.now();
    const r = await importReport({ name: 'long.txt', data: text });
    const ms = performance.now() - t0;
    assert.ok(ms < 20000, `${ms} ms`);
    assert.ok(r.warnings.some((w) => /未找到标题/.test(w)));
    assert.equal(r.cells, 0);
  });
});
