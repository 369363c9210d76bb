/**
 * `xxgk-report review`: a folder made here with three agencies over three years in four shapes (the dialect, saved
 * web pages, PDFs printed from them by the installed Chromium, plain text) and files that are no report. The JSON,
 * the workbook (read back with exceljs) and the HTML (parsed, its charts' data points read) say what the reports
 * say: a row per file, the counts, the cross-year findings, the unreadable files with their reason; nothing is
 * written into the folder.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes as P } from 'parse5';
import { analyzeText } from '../../server/src/core/index.js';
import type { ReviewData, ReportRecord } from '../../server/src/review/types.js';
import { reviewCsp, REVIEW_CSS, REVIEW_SCRIPT } from '../../server/src/review/html.js';
import { BAD_FILES, FOLDER, daysLate, dialect, launchPrinter, render, type Placed } from './review-corpus.js';
import { repoRoot } from './helpers.js';

const bin = join(repoRoot, 'bin', 'xxgk-report.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 300000 });

/** Every file under a folder with its size and modification time: what "nothing written" is checked against. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        out.push(`${p} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

type El = P.Element;
function elements(node: P.ParentNode, pred: (e: El) => boolean, out: El[] = []): El[] {
  for (const c of node.childNodes) {
    if (!('tagName' in c)) continue;
    const e = c as El;
    if (pred(e)) out.push(e);
    elements(e as unknown as P.ParentNode, pred, out);
    if (e.tagName === 'template') elements((e as unknown as { content: P.ParentNode }).content, pred, out);
  }
  return out;
}
const attr = (e: El, n: string) => e.attrs.find((a) => a.name === n)?.value;
function text(e: P.Node): string {
  if (e.nodeName === '#text') return (e as P.TextNode).value;
  return 'childNodes' in e ? (e as El).childNodes.map(text).join('') : '';
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('xxgk-report review of a folder of published reports', () => {
  let dir = '';
  let folder = '';
  let before0: string[] = [];
  let data: ReviewData;
  let json: ReturnType<typeof cli>;
  const byFile = (f: string) => data.reports.find((r) => r.file === f)!;
  const rec = (p: Placed) => byFile(p.file);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xxgk-review-'));
    folder = join(dir, 'published');
    const browser = await launchPrinter();
    try {
      for (const p of FOLDER) {
        const path = join(folder, p.file);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, await render(p, browser));
      }
    } finally {
      await browser.close();
    }
    for (const b of BAD_FILES) {
      mkdirSync(dirname(join(folder, b.file)), { recursive: true });
      writeFileSync(join(folder, b.file), b.data);
    }
    before0 = snapshot(folder);
    json = cli('review', folder, '-o', join(dir, 'review.json'));
    data = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8')) as ReviewData;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a row per file, in path order; each report read in its shape with its agency, year, kind and date', () => {
    assert.equal(json.status, 0, json.stderr);
    assert.equal(json.stdout.trim(), join(dir, 'review.json'));
    const files = [...FOLDER.map((p) => p.file), ...BAD_FILES.map((b) => b.file)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepEqual(data.reports.map((r) => r.file), files);
    assert.deepEqual(data.reports.map((r) => r.index), files.map((_, i) => i));
    const shape = { dialect: 'dialect', html: 'html', pdf: 'pdf', text: 'text' } as const;
    for (const p of FOLDER) {
      const r = rec(p);
      assert.equal(r.status, 'ok', `${p.file}: ${r.reason}`);
      assert.equal(r.shape, shape[p.shape], p.file);
      assert.deepEqual([r.agency, r.year, r.kind, r.published], [p.agency, p.year, p.kind === '政府' ? 'government' : 'department', p.published ?? undefined], p.file);
      assert.equal(r.daysLate, daysLate(p), p.file);
      assert.equal(r.deadline, `${p.year + 1}-${p.kind === '政府' ? '03' : '01'}-31`);
      assert.equal(r.edition, 2021);
      assert.deepEqual(r.unread, [], `${p.file}: every cell read`);
    }
  });

  test('the findings of each report are the checker\'s on the original, plus the cross-year ones against last year\'s file', () => {
    for (const p of FOLDER) {
      // The report each shape was made from, checked as it is: what the review must find in its published shape.
      const own = analyzeText(dialect(p)).findings.map((f) => f.code);
      const got = rec(p).findings.filter((f) => !/^X0/.test(f.code)).map((f) => f.code);
      assert.deepEqual(got.sort(), own.sort(), p.file);
    }
    // 教育局 2022 carries over 3 (自然人) where 2021 carried 5 to the next year: X01 on 自然人 and 总计, against 2021's file.
    const a22 = rec(FOLDER[1]);
    const x01 = a22.findings.filter((f) => f.code === 'X01');
    assert.deepEqual(x01.map((f) => f.cell?.col).sort(), ['总计', '自然人'].sort());
    assert.ok(x01.every((f) => f.against === FOLDER[0].file && f.cell?.row.startsWith('二、上年结转')), JSON.stringify(x01));
    assert.deepEqual(x01.map((f) => f.value).sort(), ['3', '3']);
    // 县政府 2023: 现行有效件数 47 where 2022's 44 + 2 made 46.
    const x02 = rec(FOLDER[5]).findings.filter((f) => f.code === 'X02');
    assert.equal(x02.length, 1);
    assert.equal(x02[0].value, '47');
    assert.equal(x02[0].against, FOLDER[4].file);
    // No other pair disagrees.
    const cross = data.reports.filter((r) => r.findings.some((f) => /^X0/.test(f.code))).map((r) => r.file).sort();
    assert.deepEqual(cross, [FOLDER[1].file, FOLDER[5].file].sort());
    // The broken 行政复议 total in 统计局 2023's text, with both values.
    const a04 = rec(FOLDER[7]).findings.find((f) => f.code === 'A04')!;
    assert.deepEqual([a04.computed, a04.stated, a04.value, a04.cell?.table], [6, 7, '7', '表四']);
    assert.equal(rec(FOLDER[7]).topRules[0], 'A04');
  });

  test('files that are no report are rows with the reason, and the run goes on', () => {
    for (const b of BAD_FILES) {
      const r = byFile(b.file);
      assert.equal(r.status, b.status, b.file);
      assert.match(r.reason ?? '', b.reason, b.file);
    }
  });

  test('the counts: reports, agencies, years, on time / late / undated, editions, errors, cross-year', () => {
    const s = data.summary;
    assert.equal(s.reports, FOLDER.length);
    assert.equal(s.unreadable, BAD_FILES.length);
    assert.equal(s.agencies, 3);
    assert.deepEqual(s.years, [2021, 2022, 2023]);
    const late = FOLDER.filter((p) => (daysLate(p) ?? 0) > 0).length;
    const undated = FOLDER.filter((p) => !p.published).length;
    assert.deepEqual(s.timeliness, { 'on-time': FOLDER.length - late - undated, late, premature: 0, undated });
    assert.deepEqual(s.editions, { 2019: 0, 2021: FOLDER.length, unknown: 0, mismatch: 0 });
    assert.equal(s.withErrors, data.reports.filter((r) => r.status === 'ok' && r.findings.some((f) => f.severity === 'error')).length);
    assert.ok(s.withErrors >= 1);
    assert.equal(s.crossYear, 2);
    assert.deepEqual(s.byShape, { dialect: 2, html: 2, pdf: 2, text: 3 });
    const x01 = s.rules.find((r) => r.code === 'X01')!;
    assert.deepEqual([x01.reports, x01.findings], [1, 2]);
    for (const r of s.rules) {
      const holders = data.reports.filter((x) => x.status === 'ok' && x.findings.some((f) => f.code === r.code));
      assert.equal(r.reports, holders.length, r.code);
    }
    assert.match(json.stderr, /已审核 11\/11/);
    assert.match(json.stderr, /8 份报告（3 个机关），\d+ 份有错误，1 份逾期，2 份与上年不一致；3 个文件未能读取/);
  });

  test('nothing is written into the folder; an OUT inside it is refused', () => {
    assert.deepEqual(snapshot(folder), before0);
    const r = cli('review', folder, '-o', join(folder, 'summary.html'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /位于被审核的文件夹 .* 之内；审核不向所读的文件夹写入任何内容/);
    assert.deepEqual(snapshot(folder), before0);
    const again = cli('review', folder, '-o', join(dir, 'review.json'));
    assert.equal(again.status, 2);
    assert.match(again.stderr, /exists; add --force to replace it/);
  });

  test('the workbook: reports, findings and 表三 sheets, read back with exceljs', async () => {
    const out = join(dir, 'review.xlsx');
    const r = cli('review', folder, '-o', out);
    assert.equal(r.status, 0, r.stderr);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['报告', '问题', '表三', '规则']);
    const rows = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const head = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      const list: Record<string, unknown>[] = [];
      ws.eachRow((row, n) => {
        if (n === 1) return;
        const v = (row.values as unknown[]).slice(1);
        list.push(Object.fromEntries(head.map((h, i) => [h, v[i] ?? null])));
      });
      return { head, list, ws };
    };
    const reports = rows('报告');
    assert.equal(reports.list.length, FOLDER.length + BAD_FILES.length);
    assert.ok(reports.ws.autoFilter, 'a filter on the header');
    for (const p of FOLDER) {
      const row = reports.list.find((x) => x['文件'] === p.file)!;
      assert.deepEqual([row['机关'], row['年度'], row['类型'], row['发布日期'], row['逾期天数'], row['一、本年新收（总计）'], row['四、结转下年度（总计）']], [p.agency, p.year, p.kind, p.published, daysLate(p) ?? null, sum(p.received), sum(p.next)], p.file);
      assert.equal(row['错误'], rec(p).errors);
    }
    const bad = reports.list.find((x) => x['文件'] === BAD_FILES[0].file)!;
    assert.equal(bad['状态'], '无法读取');
    assert.match(String(bad['原因']), BAD_FILES[0].reason);
    const findings = rows('问题');
    assert.equal(findings.list.length, data.reports.reduce((n, x) => n + x.findings.length, 0));
    const x01 = findings.list.filter((x) => x['规则'] === 'X01');
    assert.deepEqual(x01.map((x) => [x['文件'], x['对照文件'], x['列标签'], x['所指内容']]).sort(), [[FOLDER[1].file, FOLDER[0].file, '总计', '3'], [FOLDER[1].file, FOLDER[0].file, '自然人', '3']].sort());
    const t3 = rows('表三');
    for (const p of FOLDER) {
      const mine = t3.list.filter((x) => x['文件'] === p.file);
      assert.equal(mine.length, 25, `${p.file}: every row of 表三 (2021)`);
      const received = mine.find((x) => x['行代码'] === 'new')!;
      assert.deepEqual(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'].map((c) => received[c]), [...p.received, sum(p.received)]);
    }
  });

  test('the HTML: counts, a row per file, the charts\' data points, the details, and no markup from a report', () => {
    const out = join(dir, 'review.html');
    const r = cli('review', folder, '-o', out);
    assert.equal(r.status, 0, r.stderr);
    const html = readFileSync(out, 'utf8');
    const doc = parse(html) as unknown as P.ParentNode;
    const byId = (id: string) => elements(doc, (e) => attr(e, 'id') === id)[0];
    // The CSP: its own style and script by hash, nothing remote; one style, one script, no inline handler.
    const csp = elements(doc, (e) => e.tagName === 'meta' && attr(e, 'http-equiv') === 'Content-Security-Policy')[0];
    assert.equal(attr(csp, 'content'), reviewCsp());
    assert.deepEqual(elements(doc, (e) => e.tagName === 'style').map(text), [REVIEW_CSS]);
    assert.deepEqual(elements(doc, (e) => e.tagName === 'script').map(text), [REVIEW_SCRIPT]);
    assert.deepEqual(elements(doc, (e) => e.attrs.some((a) => /^on/i.test(a.name) || a.name === 'style')).map((e) => e.tagName), []);
    assert.ok(!/(src|href)="https?:/.test(html), 'nothing remote');
    // Header counts.
    const count = (id: string) => text(elements(byId(`count-${id}`), (e) => e.tagName === 'dd')[0]).trim();
    assert.equal(count('reports'), String(FOLDER.length));
    assert.equal(count('agencies'), '3');
    assert.equal(count('late'), '1');
    assert.equal(count('undated'), '1');
    assert.equal(count('cross-year'), '2');
    assert.equal(count('unreadable'), String(BAD_FILES.length));
    // The table: a row per file, with its link to the detail.
    const rows = elements(byId('report-table'), (e) => e.tagName === 'tr' && attr(e, 'data-index') !== undefined);
    assert.equal(rows.length, FOLDER.length + BAD_FILES.length);
    for (const p of FOLDER) {
      const row = rows.find((x) => elements(x, (e) => e.tagName === 'a' && text(e) === p.file).length)!;
      const cells = elements(row, (e) => e.tagName === 'td').map((c) => text(c).trim());
      assert.equal(cells[0], p.agency);
      assert.equal(cells[1], String(p.year));
      assert.equal(cells[4], p.published ?? '未注明日期');
      assert.equal(cells[5], daysLate(p) === undefined ? '' : String(daysLate(p)));
      assert.equal(cells[7], String(rec(p).errors));
      assert.ok(byId(`r-${rec(p).index}`), 'its detail section');
    }
    // Findings per rule: a bar per rule, its value the number of findings.
    const bars = elements(byId('chart-rules'), (e) => e.tagName === 'g' && attr(e, 'data-rule') !== undefined);
    const perRule = new Map<string, number>();
    for (const x of data.reports) if (x.status === 'ok') for (const f of x.findings) perRule.set(f.code, (perRule.get(f.code) ?? 0) + 1);
    assert.deepEqual(new Map(bars.map((b) => [attr(b, 'data-rule')!, Number(attr(b, 'data-findings'))])), perRule);
    const widths = bars.map((b) => Number(attr(elements(b, (e) => e.tagName === 'rect')[0], 'width')));
    assert.deepEqual(widths, [...widths].sort((a, b) => b - a), 'longest bar first');
    // Publication dates against the deadline: a dot per dated report at its days.
    const dots = elements(byId('chart-dates'), (e) => e.tagName === 'circle');
    const dated = FOLDER.filter((p) => p.published);
    assert.deepEqual(dots.map((d) => [Number(attr(d, 'data-year')), Number(attr(d, 'data-days'))]).sort(), dated.map((p) => [p.year, daysLate(p)!]).sort());
    const late = dots.filter((d) => attr(d, 'class') === 'p-late');
    assert.deepEqual(late.map((d) => Number(attr(d, 'data-days'))), [15]);
    const x0 = Number(attr(elements(byId('chart-dates'), (e) => attr(e, 'class') === 'deadline')[0], 'x1'));
    assert.ok(Number(attr(late[0], 'cx')) > x0, 'the late report right of the deadline');
    // Per agency, received / carried from last year / carried to next year across the years (表三 totals).
    const charts = elements(doc, (e) => e.tagName === 'svg' && attr(e, 'class') === 'agency-chart');
    assert.deepEqual(charts.map((c) => attr(c, 'data-agency')).sort(), ['江城县人民政府', '江城市教育局', '江城市统计局'].sort());
    for (const c of charts) {
      const mine = FOLDER.filter((p) => p.agency === attr(c, 'data-agency'));
      const points = elements(c, (e) => e.tagName === 'circle').map((d) => `${attr(d, 'data-series')} ${attr(d, 'data-year')} ${attr(d, 'data-value')}`);
      const want = mine.flatMap((p) => [`new ${p.year} ${sum(p.received)}`, `carried ${p.year} ${sum(p.carried)}`, `next ${p.year} ${sum(p.next)}`]);
      assert.deepEqual(points.sort(), want.sort(), attr(c, 'data-agency'));
      const lines = elements(c, (e) => e.tagName === 'polyline');
      assert.equal(lines.length, 3, 'a line per series over consecutive years');
      // The higher the value, the higher the point (smaller y).
      const news = elements(c, (e) => e.tagName === 'circle' && attr(e, 'data-series') === 'new').map((d) => [Number(attr(d, 'data-value')), Number(attr(d, 'cy'))]);
      for (const [v1, y1] of news) for (const [v2, y2] of news) if (v1 > v2) assert.ok(y1 < y2);
    }
    // The detail of 教育局 2022: X01 linking to its rule, the cell's value, where; the rule's entry exists.
    const detail = byId(`r-${rec(FOLDER[1]).index}`);
    const x01 = elements(detail, (e) => e.tagName === 'tr' && attr(e, 'data-code') === 'X01');
    assert.equal(x01.length, 2);
    const link = elements(x01[0], (e) => e.tagName === 'a' && attr(e, 'href') === '#rule-x01');
    assert.equal(link.length, 1);
    assert.ok(byId('rule-x01'));
    assert.match(text(x01[0]), /对照 教育局\/江城市教育局2021年政府信息公开工作年度报告\.report\.md/);
    const open = elements(x01[0], (e) => e.tagName === 'a' && attr(e, 'data-open') !== undefined)[0];
    assert.equal(attr(open, 'href'), encodeURI(`published/${FOLDER[1].file}`).replace(/%2F/g, '/'));
    assert.equal(Number(attr(open, 'data-line')), rec(FOLDER[1]).findings.find((f) => f.code === 'X01')!.line);
    // An unreadable file's detail gives its reason.
    assert.match(text(byId(`r-${byFile(BAD_FILES[0].file).index}`)), /无法读取（not a PDF file/);
  });

  test('--locale en: the summary in English', () => {
    const out = join(dir, 'review-en.html');
    const r = cli('review', folder, '-o', out, '--locale', 'en');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /reviewed 11\/11/);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /<h1>Review of published annual reports<\/h1>/);
    assert.match(html, /<option value="late">Late<\/option>/);
  });
});

