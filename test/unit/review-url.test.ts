/**
 * Reports online: `xxgk-report import URL` and `review` of a file listing URLs, against a server this test starts on
 * 127.0.0.1 serving saved pages (never a real site): a page holding the report, reached through a redirect; an
 * announcement whose report is an attachment (文件下载), the first link broken and the next tried; a redirect loop, a
 * body over the size limit, a server that never answers, a 404 and a line that is no URL — each a row with its reason.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { analyzeText } from '../../server/src/core/index.js';
import { exportReport } from '../../server/src/render/export.js';
import { attachmentLinks } from '../../server/src/review/fetch.js';
import type { ReviewData } from '../../server/src/review/types.js';
import { FOLDER, dialect, webPage } from './review-corpus.js';
import { repoRoot } from './helpers.js';

const bin = join(repoRoot, 'bin', 'xxgk-report.js');

/** The CLI as a child process, without blocking this process (which serves its requests). */
function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const [Y2021, Y2022] = [FOLDER[0], FOLDER[1]];

describe('reports online, from a server on 127.0.0.1', () => {
  let server: Server;
  let base = '';
  let dir = '';
  const hits: string[] = [];
  let docx: Uint8Array;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xxgk-url-'));
    docx = await exportReport(analyzeText(dialect(Y2022)).report, 'docx');
    const announcement = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>江城市教育局2022年政府信息公开工作年度报告</title></head><body>
<div class="crumb">首页 &gt; 政府信息公开 &gt; 年度报告</div>
<h1>江城市教育局2022年政府信息公开工作年度报告</h1><p>发布时间：2023-01-18</p>
<p>现将我局2022年政府信息公开工作年度报告予以公布，详见附件。</p>
<p>附件：<a href="/files/missing.pdf">江城市教育局2022年政府信息公开工作年度报告.pdf</a></p>
<p>文件下载：<a href="/files/nianbao.docx?id=7&amp;t=1">江城市教育局2022年年报（Word）</a></p>
<p><a href="/files/申请表.doc">政府信息公开申请表</a></p>
</body></html>`;
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      hits.push(url);
      if (url === '/moved') return res.writeHead(302, { location: '/nianbao/2021.html' }).end();
      if (url === '/loop') return res.writeHead(301, { location: '/loop' }).end();
      if (url === '/nianbao/2021.html') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(webPage(Y2021));
      if (url === '/notice/2022.html') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(announcement);
      if (url.startsWith('/files/nianbao.docx')) return res.writeHead(200, { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }).end(Buffer.from(docx));
      if (url === '/huge') {
        // No content-length: the limit must hold while reading.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(256 * 1024, 0x61);
        let n = 0;
        const push = () => {
          while (n < 16) {
            n++;
            if (!res.write(chunk)) return void res.once('drain', push);
          }
          res.end();
        };
        return push();
      }
      if (url === '/slow') return; // never answers
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  test('import URL: the page, through a redirect, written under the report\'s name in the current folder', async () => {
    const r = await cli(['import', `${base}/moved`], dir);
    assert.equal(r.status, 0, r.stderr);
    const target = join(dir, '江城市教育局2021年政府信息公开工作年度报告.report.md');
    assert.equal(r.stdout.trim(), target);
    const a = analyzeText(readFileSync(target, 'utf8'));
    assert.equal(a.report.meta.year, 2021);
    assert.equal(a.report.tables.t3?.byKey.get('next')?.cells.get('total')?.value, 5);
    assert.deepEqual(a.findings.map((f) => f.code), analyzeText(dialect(Y2021)).findings.map((f) => f.code));
    assert.match(r.stderr, /imported .*\/nianbao\/2021\.html/);
  });

  test('import URL: an announcement whose report is attached; the broken link first, then the Word file', async () => {
    const r = await cli(['import', `${base}/notice/2022.html`, '-o', join(dir, 'a.report.md')], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /passed over: .*\/notice\/2022\.html: the page holds no report's tables or sections/);
    assert.match(r.stderr, /passed over: .*\/files\/missing\.pdf: .*answered 404/);
    assert.match(r.stderr, /the page links the report as an attachment: read .*\/files\/nianbao\.docx\?id=7&t=1/);
    const a = analyzeText(readFileSync(join(dir, 'a.report.md'), 'utf8'));
    assert.equal(a.report.tables.t3?.byKey.get('carried')?.cells.get('natural')?.value, 3);
    assert.ok(!hits.some((h) => h.includes('%E7%94%B3%E8%AF%B7%E8%A1%A8')), 'the application form (not a report) was not fetched once a report was found');
  });

  test('the page\'s attachment links: report-like first, each once, resolved against the page', () => {
    const links = attachmentLinks('<a href="b.doc">申请表</a><a href="files/a.pdf">2023年度报告</a><a href="files/a.pdf#p2">again</a><a href="/x.html">x</a>', 'http://127.0.0.1/n/p.html');
    assert.deepEqual(links, ['http://127.0.0.1/n/files/a.pdf', 'http://127.0.0.1/n/b.doc']);
  });

  test('import URL that cannot be fetched: one line saying why, exit 2, nothing written', async () => {
    const before = readdirSync(dir).sort();
    const loop = await cli(['import', `${base}/loop`], dir);
    assert.equal(loop.status, 2);
    assert.match(loop.stderr, /more than 5 redirects/);
    const gone = await cli(['import', `${base}/gone`], dir);
    assert.equal(gone.status, 2);
    assert.match(gone.stderr, /the server answered 404/);
    assert.deepEqual(readdirSync(dir).sort(), before);
  });

  test('review of a URL list: a row per line, the reports checked across years, each failure with its reason', async () => {
    const list = join(dir, 'urls.txt');
    const lines = [`${base}/moved`, `${base}/notice/2022.html`, '# a comment', '', `${base}/loop`, `${base}/huge`, `${base}/slow`, `${base}/gone`, 'www.example.invalid/no-scheme'];
    writeFileSync(list, lines.join('\n'));
    const out = join(dir, 'urls.json');
    const r = await cli(['review', list, '-o', out], dir, { XXGK_FETCH_TIMEOUT_MS: '1500', XXGK_FETCH_MAX_BYTES: String(2 * 1024 * 1024) });
    assert.equal(r.status, 0, r.stderr);
    const data = JSON.parse(readFileSync(out, 'utf8')) as ReviewData;
    const row = (suffix: string) => data.reports.find((x) => x.file.endsWith(suffix))!;
    assert.equal(data.reports.length, 7);
    assert.deepEqual([row('/moved').status, row('/moved').agency, row('/moved').year, row('/moved').shape], ['ok', Y2021.agency, 2021, 'html']);
    const notice = row('/notice/2022.html');
    assert.deepEqual([notice.status, notice.year, notice.shape], ['ok', 2022, 'docx']);
    assert.match(notice.attachment ?? '', /\/files\/nianbao\.docx\?id=7&t=1$/);
    // 2022's 二、上年结转 (3) against 2021's 四 (5), across two URLs.
    const x01 = notice.findings.filter((f) => f.code === 'X01');
    assert.deepEqual(x01.map((f) => f.cell?.col).sort(), ['总计', '自然人'].sort());
    assert.ok(x01.every((f) => f.against === `${base}/moved`));
    assert.match(row('/loop').reason ?? '', /^无法从网上获取（more than 5 redirects）$/);
    assert.match(row('/huge').reason ?? '', /larger than 2\.0 MB/);
    assert.match(row('/slow').reason ?? '', /no answer within 1\.5 s/);
    assert.match(row('/gone').reason ?? '', /answered 404/);
    assert.match(row('urls.txt:9').reason ?? '', /第 9 行不是 http\(s\) 网址：www\.example\.invalid\/no-scheme/);
    assert.equal(data.summary.reports, 2);
    assert.equal(data.summary.unreadable, 5);
    assert.match(r.stderr, /已审核 7\/7/);
  });
});
