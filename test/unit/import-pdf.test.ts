/**
 * Import of PDF files made here: a government page with the form's tables in their official merged
 * layout, printed by the installed Chromium so that 表三 continues across a page break; a PDF whose
 * only content is a picture (a scan); PDFs that are broken or claim too many pages.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { analyzeText } from '../../server/src/core/index.js';
import { importReport, ImportError } from '../../server/src/import/index.js';
import { readPdfPages } from '../../server/src/import/fromPdf.js';
import { renderPdf } from '../../server/src/render/pdf.js';
import { assertValues, htmlTable, page, prose, section2Official, table3Official, table4Official } from './import-forms.js';

const s2 = section2Official(2021);
const t3 = table3Official();
const t4 = table4Official();
/** Section 一 long enough that 表三 starts near the end of a page and goes on on the next. */
const filler = Array.from({ length: 8 }, (_, i) => `<p>（${i + 1}）全年围绕重点领域推进政务公开，完善信息发布、解读回应和平台建设各项制度，依法依规做好政府信息公开工作，切实保障人民群众的知情权、参与权和监督权。</p>`).join('\n');
const css = '<style>body{font-size:14pt} table{border-collapse:collapse} td{border:1px solid #000;padding:2pt 4pt}</style>';
const html = page(
  [prose.pre, prose.one, filler, prose.two, htmlTable(s2.rows), prose.three, htmlTable(t3.rows), prose.four, htmlTable(t4.rows), prose.five, prose.six, prose.sig].join('\n'),
).replace('</head>', `${css}</head>`);

/** A PNG of one grey level (a made-up scan), encoded here: no image library needed. */
function greyPng(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = 120 + ((x * 7 + y * 3) % 60);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('PDF import', () => {
  let pdf: Uint8Array;

  test('a page printed to PDF by Chromium, 表三 across a page break: every value in its row and column', async () => {
    pdf = await renderPdf(html);
    // The test is about a table that goes on on the next page: make sure the print does that.
    const { pages } = await readPdfPages('page.pdf', pdf);
    const pageOf = (s: string) => pages.find((p) => p.items.map((i) => i.text).join('').includes(s))?.no;
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    assert.notEqual(pageOf('本年新收政府信息公开申请数量'), pageOf('结转下年度继续办理'), '表三 is on two pages');
    const r = await importReport({ name: 'nianbao.pdf', data: pdf });
    assert.equal(r.shape, 'pdf');
    const a = analyzeText(r.text);
    assert.deepEqual(a.errors, []);
    assertValues(a.report, t3.values);
    assertValues(a.report, t4.values);
    assertValues(a.report, s2.values);
    assert.equal(r.unread, 0);
    assert.equal(a.report.tables.t3?.edition, 2021);
    // Title, sections, the 统计期限 and the signature are read as on the page; the page's chrome is set aside.
    assert.equal(a.report.title?.text, '江城市自然资源和规划局2022年政府信息公开工作年度报告');
    assert.deepEqual(a.report.sections.map((s) => s.no), [1, 2, 3, 4, 5, 6]);
    assert.ok(a.report.period);
    assert.equal(a.report.signature?.agency?.text, '江城市自然资源和规划局');
    const body = r.text.replace(/<!--[^]*?-->/g, '');
    for (const chrome of ['您当前的位置', '扫一扫']) assert.ok(!body.includes(chrome), chrome);
    // The publication line of the page is the report's 发布日期.
    assert.match(r.text, /^发布日期: 2023-01-18$/m);
    // Page numbers and the table's break do not reach the prose: the filler paragraphs are whole.
    for (let i = 1; i <= 8; i++) assert.match(r.text, new RegExp(`^（${i}）全年围绕重点领域推进政务公开.*监督权。$`, 'm'));
  });

  test('the same through the command line: the PDF library is loaded for the PDF only, the report written', async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    const { repoRoot } = await import('./helpers.js');
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-pdf-'));
    writeFileSync(join(dir, 'nianbao.pdf'), pdf ?? (await renderPdf(html)));
    const res = spawnSync(process.execPath, [join(repoRoot, 'bin', 'xxgk-report.js'), 'import', join(dir, 'nianbao.pdf'), '-o', join(dir, 'out.report.md')], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stderr, /已导入 .*nianbao\.pdf（PDF）/);
    assert.match(res.stderr, /检查器在其中发现 \d+ 个错误、\d+ 个警告：xxgk-report check /); // the form's made-up figures break its sums
    assert.match(readFileSync(join(dir, 'out.report.md'), 'utf8'), /^\| 一、本年新收政府信息公开申请数量 \|/m);
  });

  test('a scan (a picture on each page, no text): a clear message that says so', async () => {
    // A grey picture as a scanner gives a page (any picture will do: the PDF has no text).
    const png = greyPng(400, 560);
    const scan = await renderPdf(`<!DOCTYPE html><html><body><img style="width:100%" src="data:image/png;base64,${png.toString('base64')}"></body></html>`);
    await assert.rejects(importReport({ name: 'scan.pdf', data: scan }), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.equal(e.code, 'scanned');
      assert.match(e.message, /^scan\.pdf: the PDF has no text layer .*a scan.*OCR/);
      return true;
    });
  });

  test('a broken PDF, one cut short, and one that claims thousands of pages: a clear message, no crash', async () => {
    const cut = (pdf ?? (await renderPdf(html))).slice(0, 2000);
    await assert.rejects(importReport({ name: 'cut.pdf', data: cut }), (e: unknown) => e instanceof ImportError && /^cut\.pdf: /.test(e.message));
    const junk = Buffer.from('%PDF-1.7\n' + 'x'.repeat(5000));
    await assert.rejects(importReport({ name: 'junk.pdf', data: junk }), (e: unknown) => e instanceof ImportError && e.code === 'unreadable');
    // A page tree that says 5,000 pages, each the same empty page.
    const kids = Array.from({ length: 5000 }, () => '3 0 R').join(' ');
    const objs = [`1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj`, `2 0 obj<</Type/Pages/Kids[${kids}]/Count 5000>>endobj`, `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj`];
    let body = '%PDF-1.7\n';
    const offsets: number[] = [];
    for (const o of objs) {
      offsets.push(body.length);
      body += o + '\n';
    }
    const xref = body.length;
    body += `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer<</Size 4/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
    await assert.rejects(importReport({ name: 'bomb.pdf', data: Buffer.from(body) }), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.equal(e.code, 'too-large');
      assert.match(e.message, /5000 pages.*the limit is 200/);
      return true;
    });
  });
});
