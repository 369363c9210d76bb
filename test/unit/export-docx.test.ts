/**
 * The Word export opened as Word opens it: the .docx unzipped, word/document.xml and word/styles.xml
 * parsed (which also proves them well-formed), and what a clerk would see checked: the tables of the
 * official form with their merged cells (w:gridSpan, w:vMerge), every row covering the whole grid,
 * every number of the tables in order, the title and headings, the fonts and the page.
 * When LibreOffice is on PATH, the files are also converted to PDF with it (required with
 * XXGK_REQUIRE_LIBREOFFICE=1, else skipped).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { analyzeText } from '../../server/src/core/index.js';
import { layoutReport, type Grid, type GridCell, type Layout } from '../../server/src/render/layout.js';
import { tableNumbers } from '../tools/layout-numbers.js';
import { renderDocx } from '../../server/src/render/docx.js';
import { SECTIONS } from '../../server/src/core/standard.js';
import { fixturesDir } from './helpers.js';

const FIXTURES = ['clean/clean-2021', 'clean/clean-2019', 'seeds/000', 'seeds/001', 'seeds/002', 'seeds/003', 'seeds/004'];

function fixtureText(name: string): string {
  return readFileSync(join(fixturesDir, `${name}.report.md`), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// A small, strict XML reader: enough for WordprocessingML, and it fails on anything not well-formed.

interface El {
  name: string;
  attrs: Record<string, string>;
  children: (El | string)[];
}

const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(s: string): string {
  return s.replace(/&([^;&<]*);?/g, (m, name: string) => {
    assert.ok(m.endsWith(';'), `an unterminated entity reference: ${JSON.stringify(m)}`);
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (name in named) return named[name];
    const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    assert.ok(num, `an unknown entity: ${m}`);
    return String.fromCodePoint(num[1] ? parseInt(num[1], 16) : Number(num[2]));
  });
}

function parseXml(xml: string): El {
  const s = xml.replace(/^\uFEFF?<\?xml[^?]*\?>/, '');
  const bad = FORBIDDEN.exec(s);
  assert.equal(bad, null, `a character XML forbids: U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  const doc: El = { name: '#document', attrs: {}, children: [] };
  const stack: El[] = [doc];
  const token = /<([^<>]*)>|([^<]+)/g;
  let pos = 0;
  for (let m = token.exec(s); m; m = token.exec(s)) {
    assert.equal(m.index, pos, `a stray "<" at ${pos}: ${s.slice(pos, pos + 40)}`);
    pos = token.lastIndex;
    const top = stack[stack.length - 1];
    if (m[2] !== undefined) {
      if (stack.length === 1) assert.match(m[2], /^\s*$/, 'text outside the root element');
      else top.children.push(decode(m[2]));
      continue;
    }
    const tag = m[1];
    if (tag.startsWith('?')) {
      assert.ok(tag.endsWith('?'), `a processing instruction: <${tag}>`);
      continue;
    }
    assert.ok(!tag.startsWith('!'), `unexpected markup: <${tag}>`);
    if (tag.startsWith('/')) {
      const closed = stack.pop();
      assert.ok(closed && stack.length >= 1, `</${tag.slice(1)}> closes nothing`);
      assert.equal(tag.slice(1).trim(), closed.name, `<${closed.name}> closed by <${tag}>`);
      continue;
    }
    const self = tag.endsWith('/');
    const body = self ? tag.slice(0, -1) : tag;
    const head = /^([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*$/.exec(body);
    assert.ok(head, `a malformed tag: <${tag}>`);
    const el: El = { name: head[1], attrs: {}, children: [] };
    for (const a of head[2].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      assert.ok(!(a[1] in el.attrs), `attribute ${a[1]} twice on <${el.name}>`);
      el.attrs[a[1]] = decode(a[2] ?? a[3]);
    }
    if (stack.length === 1) assert.equal(doc.children.length, 0, 'more than one root element');
    top.children.push(el);
    if (!self) stack.push(el);
  }
  assert.equal(pos, s.length, `a stray "<" at ${pos}`);
  assert.equal(stack.length, 1, `<${stack[stack.length - 1].name}> is never closed`);
  const root = doc.children[0];
  assert.ok(root && typeof root !== 'string', 'a root element');
  return root;
}

function kids(e: El | undefined, name: string): El[] {
  return (e?.children ?? []).filter((c): c is El => typeof c !== 'string' && c.name === name);
}
function kid(e: El | undefined, name: string): El | undefined {
  return kids(e, name)[0];
}
/** Descendants named `name`, in document order. */
function all(e: El | undefined, name: string, out: El[] = []): El[] {
  for (const c of e?.children ?? []) {
    if (typeof c === 'string') continue;
    if (c.name === name) out.push(c);
    all(c, name, out);
  }
  return out;
}
/** The text Word shows: w:t, with w:tab and w:br as tab and line break. */
function text(e: El): string {
  let out = '';
  for (const c of e.children) {
    if (typeof c === 'string') continue;
    if (c.name === 'w:t') out += c.children.filter((x): x is string => typeof x === 'string').join('');
    else if (c.name === 'w:tab') out += '\t';
    else if (c.name === 'w:br') out += '\n';
    else out += text(c);
  }
  return out;
}
function val(e: El | undefined, ...path: string[]): string | undefined {
  let cur = e;
  for (const p of path) cur = kid(cur, p);
  return cur?.attrs['w:val'];
}

// ---------------------------------------------------------------------------------------------
// The package, its tables and paragraphs as Word reads them.

interface Docx {
  files: Record<string, Uint8Array>;
  xml: string;
  document: El;
  body: El;
  styles: El;
}

async function docx(layout: Layout): Promise<Docx> {
  const bytes = await renderDocx(layout);
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(strFromU8(bytes.subarray(0, 2)), 'PK', 'a zip package');
  const files = unzipSync(bytes);
  for (const f of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/_rels/document.xml.rels']) assert.ok(files[f], `${f} in the package`);
  const xml = strFromU8(files['word/document.xml']);
  const document = parseXml(xml);
  for (const f of Object.keys(files)) if (/\.(xml|rels)$/.test(f)) parseXml(strFromU8(files[f])); // every part well-formed
  const body = kid(document, 'w:body');
  assert.ok(body, 'w:body');
  return { files, xml, document, body, styles: parseXml(strFromU8(files['word/styles.xml'])) };
}

interface Tc {
  /** First grid column the cell covers. */
  col: number;
  span: number;
  vmerge: 'restart' | 'continue' | null;
  text: string;
  el: El;
}
interface Tbl {
  grid: number[];
  rows: Tc[][];
}

function tables(body: El): Tbl[] {
  return kids(body, 'w:tbl').map((tbl) => ({
    grid: kids(kid(tbl, 'w:tblGrid'), 'w:gridCol').map((g) => Number(g.attrs['w:w'])),
    rows: kids(tbl, 'w:tr').map((tr) => {
      let col = 0;
      return kids(tr, 'w:tc').map((tc) => {
        const pr = kid(tc, 'w:tcPr');
        const span = Number(val(pr, 'w:gridSpan') ?? 1);
        const vm = kid(pr, 'w:vMerge');
        const cell: Tc = { col, span, vmerge: vm ? (vm.attrs['w:val'] === 'restart' ? 'restart' : 'continue') : null, text: text(tc), el: tc };
        col += span;
        return cell;
      });
    }),
  }));
}

/** Grid columns a row covers: the sum of its cells' w:gridSpan (1 for a cell without). */
function rowWidth(r: Tc[]): number {
  return r.reduce((a, c) => a + c.span, 0);
}

/** How many rows the vertical merge that starts at the cell spans (the cell itself and the w:vMerge continues below it). */
function vspan(t: Tbl, row: number, cell: Tc): number {
  assert.equal(cell.vmerge, 'restart', `"${cell.text}" starts a vertical merge`);
  let n = 1;
  for (let r = row + 1; r < t.rows.length; r++) {
    const below = t.rows[r].find((c) => c.col === cell.col);
    if (!below || below.vmerge !== 'continue') break;
    assert.equal(below.span, cell.span, `the cells merged under "${cell.text}" span its columns`);
    n++;
  }
  return n;
}

function findCell(t: Tbl, label: string): { row: number; cell: Tc } {
  for (const [row, r] of t.rows.entries()) {
    const cell = r.find((c) => c.text === label);
    if (cell) return { row, cell };
  }
  assert.fail(`a cell "${label}"`);
}

function tableWith(d: Docx, label: string): Tbl {
  const t = tables(d.body).find((x) => x.rows.some((r) => r.some((c) => c.text === label)));
  assert.ok(t, `a table with "${label}"`);
  return t;
}

/** The text Word shows in a cell of the layout. */
function shown(c: GridCell): string {
  return c.missing && c.role !== 'label' ? '' : c.text;
}

/** Every row of every table covers exactly its grid: as many columns as w:tblGrid has, and as the layout's grid. */
function assertFullRows(d: Docx, layout: Layout): void {
  const grids = layout.blocks.filter((b): b is Grid => b.kind === 'grid');
  const ts = tables(d.body);
  assert.equal(ts.length, grids.length, 'one Word table per table of the layout');
  ts.forEach((t, i) => {
    const g = grids[i];
    assert.equal(t.grid.length, g.columns, `table ${i + 1} (${g.table}): w:tblGrid has the grid's ${g.columns} columns`);
    assert.equal(t.rows.length, g.rows.length, `table ${i + 1} (${g.table}): a w:tr per row`);
    t.rows.forEach((r, j) => assert.equal(rowWidth(r), g.columns, `table ${i + 1} (${g.table}), row ${j + 1}: ${r.map((c) => c.span).join('+')} columns`));
    // Column widths: the grid's relative widths over the 156 mm text width (8844 twips).
    assert.equal(t.grid.reduce((a, b) => a + b, 0), 8844, `table ${i + 1}: the text width`);
    t.grid.forEach((w, k) => assert.ok(Math.abs(w - (g.widths[k] / 100) * 8844) <= 2, `table ${i + 1}, column ${k + 1}: ${w} twips for ${g.widths[k]}%`));
    // Each row's own cells (those not merged down from above) show the layout's cells, in order.
    t.rows.forEach((r, j) =>
      assert.deepEqual(
        r.filter((c) => c.vmerge !== 'continue').map((c) => c.text),
        g.rows[j].map(shown),
        `table ${i + 1} (${g.table}), row ${j + 1}`,
      ),
    );
    // Cells merged down are continued in every row they cover, and only there.
    t.rows.forEach((r, j) =>
      r.forEach((c) => {
        if (c.vmerge === 'continue') {
          const above = t.rows[j - 1]?.find((x) => x.col === c.col);
          assert.ok(above && above.vmerge && above.span === c.span, `table ${i + 1}, row ${j + 1}: a w:vMerge continue under a merged cell`);
          assert.equal(c.text, '', 'a continued cell is empty');
        }
        // Every cell in the table's style (五号宋体), a continued one too, so rows keep the height of their text.
        const ps = kids(c.el, 'w:p');
        assert.ok(ps.length > 0 && ps.every((p) => val(p, 'w:pPr', 'w:pStyle') === 'XxgkTable'), `table ${i + 1}, row ${j + 1}: cell paragraphs in XxgkTable`);
      }),
    );
  });
}

const paragraphs = (d: Docx) => kids(d.body, 'w:p').map((p) => ({ style: val(p, 'w:pPr', 'w:pStyle'), text: text(p), el: p }));

const layouts = new Map<string, Layout>();
function layoutOf(name: string): Layout {
  let l = layouts.get(name);
  if (!l) layouts.set(name, (l = layoutReport(analyzeText(fixtureText(name)).report)));
  return l;
}

// ---------------------------------------------------------------------------------------------

for (const edition of [2021, 2019] as const) {
  test(`表三 (${edition} edition) in Word: the merged cells of the official form`, async () => {
    const layout = layoutOf(`clean/clean-${edition}`);
    const g = layout.blocks.find((b): b is Grid => b.kind === 'grid' && b.table === 't3');
    assert.equal(g?.edition, edition);
    const d = await docx(layout);
    const t3 = tableWith(d, '申请人情况');
    assert.equal(t3.grid.length, 10);
    for (const r of t3.rows) assert.equal(rowWidth(r), 10);
    // The note over the three label columns and the three header rows.
    const note = t3.rows[0][0];
    assert.match(note.text, /勾稽关系/);
    assert.deepEqual([note.col, note.span], [0, 3]);
    assert.equal(vspan(t3, 0, note), 3);
    assert.deepEqual(t3.rows.slice(1, 3).map((r) => [r[0].vmerge, r[0].span]), [['continue', 3], ['continue', 3]]);
    assert.equal(findCell(t3, '申请人情况').cell.span, 7);
    assert.equal(findCell(t3, '法人或其他组织').cell.span, 5);
    for (const head of ['自然人', '总计']) {
      const { row, cell } = findCell(t3, head);
      assert.equal(vspan(t3, row, cell), 2, `${head} over the two lower header rows`);
    }
    // The group labels merged down their rows.
    const result = findCell(t3, '三、本年度办理结果');
    assert.deepEqual([result.cell.col, result.cell.span], [0, 1]);
    assert.equal(vspan(t3, result.row, result.cell), edition === 2021 ? 22 : 20);
    const refuse = findCell(t3, '（三）不予公开');
    assert.deepEqual([refuse.cell.col, refuse.cell.span], [1, 1]);
    assert.equal(vspan(t3, refuse.row, refuse.cell), 8);
    assert.equal(vspan(t3, findCell(t3, '（四）无法提供').row, findCell(t3, '（四）无法提供').cell), 3);
    assert.equal(findCell(t3, '（七）总计').cell.span, 2);
    assert.equal(findCell(t3, '一、本年新收政府信息公开申请数量').cell.span, 3);
    // The header rows repeat on each page the table runs over.
    const tbl = kids(d.body, 'w:tbl').find((x) => text(x).includes('申请人情况'))!;
    assert.deepEqual(kids(tbl, 'w:tr').map((tr) => !!kid(kid(tr, 'w:trPr'), 'w:tblHeader')).slice(0, 4), [true, true, true, false]);
  });
}

test('表四 in Word: 行政复议 over 5 columns, 行政诉讼 over 10, and one row of 15 values', async () => {
  const layout = layoutOf('clean/clean-2021');
  const d = await docx(layout);
  const t4 = tableWith(d, '行政诉讼');
  assert.equal(t4.grid.length, 15);
  assert.deepEqual(t4.rows[0].map((c) => [c.text, c.span]), [['行政复议', 5], ['行政诉讼', 10]]);
  assert.deepEqual(t4.rows[1].map((c) => [c.text, c.span, c.vmerge]), [
    ['结果维持', 1, 'restart'], ['结果纠正', 1, 'restart'], ['其他结果', 1, 'restart'], ['尚未审结', 1, 'restart'], ['总计', 1, 'restart'],
    ['未经复议直接起诉', 5, null], ['复议后起诉', 5, null],
  ]);
  assert.deepEqual(t4.rows[2].map((c) => c.vmerge), [...Array(5).fill('continue'), ...Array(10).fill(null)]);
  const values = t4.rows[t4.rows.length - 1];
  assert.equal(t4.rows.length, 4);
  assert.equal(values.length, 15);
  assert.ok(values.every((c) => c.span === 1 && c.vmerge === null && /^\d+$/.test(c.text)), values.map((c) => c.text).join(' '));
  const g = layout.blocks.find((b): b is Grid => b.kind === 'grid' && b.table === 't4')!;
  assert.deepEqual(values.map((c) => c.text), g.rows[3].map((c) => c.text));
  assert.deepEqual(values.map((c) => c.text), ['9', '2', '1', '3', '15', '4', '1', '0', '2', '7', '2', '0', '1', '1', '4']);
});

for (const f of FIXTURES) {
  test(`${f}: full rows, every number of the tables in order, title and headings, A4 with the official margins`, async () => {
    const layout = layoutOf(f);
    const d = await docx(layout);
    assertFullRows(d, layout);

    // Every number of the 二/三/四 tables, each a w:t of its own, in document order.
    const nums = tableNumbers(layout);
    assert.ok(nums.length >= 20, `${nums.length} numbers`);
    const ts = all(d.body, 'w:t').map((t) => t.children.filter((x): x is string => typeof x === 'string').join(''));
    let i = 0;
    for (const x of ts) if (i < nums.length && x === nums[i]) i++;
    assert.equal(i, nums.length, `all ${nums.length} numbers in order (stopped at #${i + 1}: ${nums[i]})`);

    // The official merged cells of 表三 and 表四, whatever the report's edition.
    const g3 = layout.blocks.find((b): b is Grid => b.kind === 'grid' && b.table === 't3');
    assert.ok(g3?.edition, 'a 三 table');
    const t3 = tableWith(d, '申请人情况');
    assert.deepEqual([t3.rows[0][0].span, vspan(t3, 0, t3.rows[0][0])], [3, 3], 'the note over 3 columns and 3 rows');
    const result = findCell(t3, '三、本年度办理结果');
    assert.equal(vspan(t3, result.row, result.cell), g3.edition === 2021 ? 22 : 20);
    const refuse = findCell(t3, '（三）不予公开');
    assert.equal(vspan(t3, refuse.row, refuse.cell), 8);
    const t4 = tableWith(d, '行政诉讼');
    assert.deepEqual(t4.rows[0].map((c) => c.span), [5, 10]);
    assert.deepEqual(t4.rows[t4.rows.length - 1].map((c) => c.span), Array(15).fill(1));

    // The title, then the six sections, as Word's title and level-1 headings.
    const ps = paragraphs(d);
    assert.deepEqual(ps.filter((p) => p.style === 'Title').map((p) => p.text), [layout.title]);
    assert.equal(ps[0].style, 'Title');
    assert.deepEqual(ps.filter((p) => p.style === 'Heading1').map((p) => p.text), SECTIONS.map((s) => s.heading));
    // And the body text in the order of the layout: every prose paragraph of the layout is there.
    const prose = layout.blocks.flatMap((b) => (b.kind === 'paragraph' && b.style === 'body' ? [b.runs.map((r) => r.text).join('')] : []));
    let k = 0;
    for (const p of ps) if (k < prose.length && p.style === 'XxgkBody' && p.text === prose[k]) k++;
    assert.equal(k, prose.length, `${prose.length} body paragraphs in order`);
    const sig = layout.blocks.find((b) => b.kind === 'signature');
    if (sig && sig.kind === 'signature') assert.deepEqual(ps.filter((p) => p.style === 'XxgkSignature').map((p) => p.text), sig.lines.map((l) => l.text));

    // A4 portrait, margins 37/35/28/26 mm.
    const sect = kid(d.body, 'w:sectPr');
    assert.ok(sect, 'w:sectPr');
    assert.deepEqual(kid(sect, 'w:pgSz')?.attrs, { 'w:w': '11906', 'w:h': '16838', 'w:orient': 'portrait' });
    const mar = kid(sect, 'w:pgMar')!.attrs;
    assert.deepEqual([mar['w:top'], mar['w:bottom'], mar['w:left'], mar['w:right']], ['2098', '1985', '1588', '1474']);
  });
}

test('fonts and paragraphs: 仿宋 三号 body with a two-character indent, 小标宋 二号 title, 黑体 headings, 宋体 五号 tables', async () => {
  const d = await docx(layoutOf('clean/clean-2021'));
  const style = (id: string) => {
    const s = kids(d.styles, 'w:style').find((x) => x.attrs['w:styleId'] === id);
    assert.ok(s, `style ${id}`);
    return s;
  };
  const fonts = (e: El | undefined) => kid(kid(e, 'w:rPr'), 'w:rFonts')?.attrs;
  const defaults = kid(kid(kid(d.styles, 'w:docDefaults'), 'w:rPrDefault'), 'w:rPr');
  assert.equal(kid(defaults, 'w:rFonts')?.attrs['w:eastAsia'], '仿宋_GB2312');
  assert.equal(val(defaults, 'w:sz'), '32');
  assert.equal(kid(defaults, 'w:lang')?.attrs['w:eastAsia'], 'zh-CN');
  assert.equal(fonts(style('Title'))?.['w:eastAsia'], '方正小标宋简体');
  assert.equal(val(style('Title'), 'w:rPr', 'w:sz'), '44');
  assert.equal(val(style('Title'), 'w:pPr', 'w:jc'), 'center');
  assert.equal(fonts(style('Heading1'))?.['w:eastAsia'], '黑体');
  assert.equal(val(style('Heading1'), 'w:rPr', 'w:sz'), '32');
  assert.equal(val(style('Heading1'), 'w:pPr', 'w:outlineLvl'), '0');
  assert.equal(fonts(style('Heading2'))?.['w:eastAsia'], '楷体_GB2312');
  assert.deepEqual(kid(kid(style('XxgkBody'), 'w:pPr'), 'w:ind')?.attrs, { 'w:firstLine': '640', 'w:firstLineChars': '200' });
  assert.equal(fonts(style('XxgkTable'))?.['w:eastAsia'], '宋体');
  assert.equal(val(style('XxgkTable'), 'w:rPr', 'w:sz'), '21');
  assert.equal(kid(kid(style('XxgkTable'), 'w:pPr'), 'w:ind')?.attrs['w:firstLineChars'], '0');
  assert.equal(val(style('XxgkSignature'), 'w:pPr', 'w:jc'), 'right');
  // Header and number cells centred, labels left; single black borders.
  const t3 = tableWith(d, '申请人情况');
  const jc = (c: Tc) => val(kid(c.el, 'w:p'), 'w:pPr', 'w:jc');
  assert.equal(jc(findCell(t3, '申请人情况').cell), 'center');
  assert.equal(jc(findCell(t3, '一、本年新收政府信息公开申请数量').cell), 'left');
  assert.equal(jc(t3.rows[3][1]), 'center');
  assert.match(t3.rows[3][1].text, /^\d+$/);
  const borders = kid(kid(kids(d.body, 'w:tbl')[0], 'w:tblPr'), 'w:tblBorders');
  for (const side of ['w:top', 'w:left', 'w:bottom', 'w:right', 'w:insideH', 'w:insideV']) assert.deepEqual(kid(borders, side)?.attrs, { 'w:val': 'single', 'w:color': '000000', 'w:sz': '4' }, side);
});

test('markup and ampersands from the report are text in Word, escaped in the XML', async () => {
  const evil = '<script>alert(1)</script> & "引号" <b onclick="x()">R&D</b>';
  const src = fixtureText('clean/clean-2021')
    .replace('## 五、存在的主要问题及改进情况\n', `## 五、存在的主要问题及改进情况\n\n${evil}\n\n正文中有 <script>alert(2)</script> 与 A&B，以及[链接](https://example.com/?a=1&b=2)。\n`)
    .replace('## 六、其他需要报告的事项\n', '## 六、其他需要报告的事项\n\n| 项目 | 说明 |\n|---|---|\n| <script>alert(3)</script> | A&B |\n\n');
  const layout = layoutReport(analyzeText(src).report);
  const d = await docx(layout);
  assert.doesNotMatch(d.xml, /<script|<b[ >]|onclick="x/);
  assert.match(d.xml, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(d.xml, /R&amp;D/);
  const ps = paragraphs(d);
  assert.ok(ps.some((p) => p.text === evil), 'the raw HTML paragraph, as its text');
  assert.ok(ps.some((p) => p.text === '正文中有 <script>alert(2)</script> 与 A&B，以及链接。'), 'inline HTML and & in prose, as text');
  const other = tableWith(d, '<script>alert(3)</script>');
  assert.deepEqual(other.rows[1].map((c) => c.text), ['<script>alert(3)</script>', 'A&B']);
  // The link: a hyperlink to the escaped address, kept in the relationships.
  const link = all(d.body, 'w:hyperlink')[0];
  assert.ok(link, 'a w:hyperlink');
  assert.equal(text(link), '链接');
  const rels = parseXml(strFromU8(d.files['word/_rels/document.xml.rels']));
  const rel = kids(rels, 'Relationship').find((r) => r.attrs.Id === link.attrs['r:id']);
  assert.deepEqual([rel?.attrs.Target, rel?.attrs.TargetMode], ['https://example.com/?a=1&b=2', 'External']);
});

test('a value the report lacks stays an empty cell; the form keeps its row', async () => {
  const src = fixtureText('clean/clean-2021').replace(/^\| 4\.保护第三方合法权益 .*\n/m, '');
  const layout = layoutReport(analyzeText(src).report);
  const g = layout.blocks.find((b): b is Grid => b.kind === 'grid' && b.table === 't3')!;
  const row = g.rows.find((r) => r.some((c) => c.text === '4.保护第三方合法权益'))!;
  assert.ok(row.filter((c) => c.role === 'number').every((c) => c.missing), 'the layout marks the cells missing');
  const d = await docx(layout);
  assertFullRows(d, layout);
  const t3 = tableWith(d, '申请人情况');
  const { row: r } = findCell(t3, '4.保护第三方合法权益');
  assert.deepEqual(t3.rows[r].filter((c) => c.vmerge !== 'continue').map((c) => c.text), ['4.保护第三方合法权益', '', '', '', '', '', '', '']);
  assert.equal(rowWidth(t3.rows[r]), 10);
});

test('odd layouts never throw: what can be written is written, every table row full', async () => {
  const cell = (text: string, extra: Partial<GridCell> = {}): GridCell => ({ text, role: 'label', marks: [], ...extra });
  const grid = (columns: number, rows: GridCell[][], widths: number[] = []): Grid => ({ kind: 'grid', table: 'other', columns, widths, rows, source: { start: 0, end: 0 } });
  const findings = { errors: 0, warnings: 0, infos: 0 };
  const odd: Layout[] = [
    { title: '', blocks: [], findings },
    { title: 'x', blocks: [grid(0, []), grid(0, [[], []]), grid(3, [])], findings },
    {
      title: '\u0000标题\u0001',
      blocks: [
        { kind: 'heading', level: 1, text: '', source: { start: 0, end: 0 }, marks: [] },
        { kind: 'paragraph', style: 'body', runs: [], source: { start: 0, end: 0 } },
        { kind: 'paragraph', style: 'body', runs: [{ text: 'a\u0000b\u0007c\td\ne\r\nf', bold: true, italic: true, strike: true, code: true }, { text: '\uD800孤' }], source: { start: 0, end: 0 } },
        { kind: 'paragraph', style: 'list', level: -3, runs: [{ text: 'x' }], source: { start: 0, end: 0 } },
        { kind: 'paragraph', style: 'list', marker: '', level: 99, runs: [{ text: 'y', href: 'https://example.com/<&>' }], source: { start: 0, end: 0 } },
        { kind: 'paragraph', style: 'code', runs: [{ text: '  indented\n\n\tline', code: true }], source: { start: 0, end: 0 } },
        { kind: 'paragraph', style: 'quote', runs: [{ text: '' }], source: { start: 0, end: 0 } },
        // Spans past the grid, a row longer than the grid, empty rows, a merge past the last row, NaN widths.
        grid(3, [[cell('a', { colspan: 5, rowspan: 9 })], [cell('b'), cell('c'), cell('d')], [], [cell('e', { colspan: -2, rowspan: 0 }), cell('f', { colspan: Number.NaN })]], [Number.NaN, 1, 1]),
        grid(2, [[cell('g', { rowspan: 2 }), cell('h')], [cell('i'), cell('j'), cell('k', { missing: true, role: 'number' })]]),
        grid(4, [[], [cell('only')]]),
        { kind: 'signature', lines: [{ text: '', source: { start: 0, end: 0 }, marks: [] }] },
        { kind: 'unknown' } as unknown as Layout['blocks'][number],
        null as unknown as Layout['blocks'][number],
      ],
      findings,
    },
    { title: undefined, blocks: undefined } as unknown as Layout,
    ...['', '| a |\n|---|\n| 1 |', '\u0000\u0001', '# 只有标题', '## 三、收到和处理政府信息公开申请情况\n\n| | |\n|---|---|\n'].map((t) => layoutReport(analyzeText(t).report)),
  ];
  for (const layout of odd) {
    const d = await docx(layout);
    for (const t of tables(d.body)) {
      assert.ok(t.grid.length > 0 && t.rows.length > 0);
      for (const r of t.rows) assert.equal(rowWidth(r), t.grid.length, `a row of ${r.map((c) => c.span).join('+')} in a grid of ${t.grid.length}`);
      assert.equal(t.grid.reduce((a, b) => a + b, 0), 8844);
    }
    assert.ok(kid(d.body, 'w:sectPr'), 'a section');
  }
  // The odd grids of the third layout: nothing lost, spans cut to the grid.
  const d = await docx(odd[2]);
  const [t1, t2, t3] = tables(d.body);
  const show = (t: Tbl) => t.rows.map((r) => r.map((c) => `${c.text || '·'}${c.span > 1 ? `/${c.span}` : ''}${c.vmerge ? `[${c.vmerge}]` : ''}`));
  // "a" spans the whole grid and all the rows below it, so b, c and d go to new columns past it.
  assert.deepEqual(show(t1), [
    ['a/3[restart]', '·', '·', '·'],
    ['·/3[continue]', 'b', 'c', 'd'],
    ['·/3[continue]', '·', '·', '·'],
    ['·/3[continue]', 'e', 'f', '·'],
  ]);
  assert.equal(t1.grid.length, 6);
  assert.deepEqual(show(t2), [['g[restart]', 'h', '·', '·'], ['·[continue]', 'i', 'j', '·']]);
  assert.deepEqual(show(t3), [['·', '·', '·', '·'], ['only', '·', '·', '·']]);
  const ps = paragraphs(d);
  assert.ok(ps.some((p) => p.text === 'abc\td\ne\nf\uFFFD孤'), 'controls dropped, tab and breaks kept, a lone surrogate replaced');
  assert.ok(ps.some((p) => p.text === '  indented\n\n\tline' && p.style === 'XxgkCode'), 'code keeps its spaces and lines');
});

// ---------------------------------------------------------------------------------------------
// LibreOffice: the files open and print.

function onPath(names: string[]): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const n of names) {
      const p = join(dir, n);
      try {
        accessSync(p, constants.X_OK);
        if (statSync(p).isFile()) return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

test('LibreOffice converts every fixture .docx to a PDF', async (t) => {
  const soffice = onPath(['soffice', 'libreoffice']);
  if (!soffice) {
    if (process.env.XXGK_REQUIRE_LIBREOFFICE === '1')
      assert.fail('XXGK_REQUIRE_LIBREOFFICE=1 but neither soffice nor libreoffice is on PATH (Debian: apt-get install -y --no-install-recommends libreoffice-writer-nogui)');
    t.skip('LibreOffice (soffice) is not on PATH; set XXGK_REQUIRE_LIBREOFFICE=1 to require it');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-docx-'));
  try {
    const home = join(dir, 'home');
    const out = join(dir, 'pdf');
    const files = [];
    for (const f of FIXTURES) {
      const file = join(dir, `${f.replace(/\//g, '-')}.docx`);
      writeFileSync(file, await renderDocx(layoutOf(f)));
      files.push(file);
    }
    const r = spawnSync(soffice, [`-env:UserInstallation=file://${join(home, 'lo')}`, '--headless', '--convert-to', 'pdf', '--outdir', out, ...files], {
      env: { ...process.env, HOME: home },
      encoding: 'utf8',
      timeout: 180_000,
    });
    assert.equal(r.error, undefined, `soffice ran: ${r.error?.message}`);
    assert.equal(r.status, 0, `soffice exited ${r.status} (${r.signal ?? 'no signal'}):\n${r.stdout}\n${r.stderr}`);
    for (const f of files) {
      const pdf = join(out, f.slice(dir.length + 1).replace(/\.docx$/, '.pdf'));
      let bytes: Buffer;
      try {
        bytes = readFileSync(pdf);
      } catch {
        assert.fail(`${pdf} was not written:\n${r.stdout}\n${r.stderr}`);
      }
      assert.ok(bytes.length > 5000, `${pdf}: ${bytes.length} bytes`);
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      // A4 pages (595.3 × 841.9 pt).
      assert.match(bytes.toString('latin1'), /\/MediaBox\s*\[\s*0 0 595\.\d+ 841\.\d+\s*\]/, `${pdf}: A4`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
