/**
 * "Review the published reports in a folder" inside VS Code: a folder of published reports (a saved web page, plain
 * text, the dialect, a broken file) reviewed with the progress N/TOTAL, the summary in a webview, a click on a finding
 * opening the report — the imported text for the web page — at its line; nothing written into the folder; a run
 * cancelled part way stops and leaves nothing behind.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FOLDER, render } from '../../unit/review-corpus.js';

const EXT_ID = 'xxgk-report.xxgk-report';

interface Outcome {
  cancelled: boolean;
  exitCode: number | null;
  done: number;
  total: number;
  json?: vscode.Uri;
  html?: vscode.Uri;
  summary?: { reports: number; unreadable: number; agencies: number; crossYear: number };
  panel?: vscode.WebviewPanel;
  stderr: string;
}
interface Api {
  review(args: { folder: string; show?: boolean; token?: vscode.CancellationToken; onProgress?: (d: number, t: number) => void }): Promise<Outcome | undefined>;
  currentReview(): { panel: vscode.WebviewPanel; open(m: { index: number; line: number; column: number; endLine?: number; endColumn?: number }): Promise<vscode.TextEditor | undefined> } | undefined;
}

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : out.push(join(d, e.name));
  };
  walk(dir);
  return out.sort();
}

describe('review the published reports in a folder (VS Code)', function () {
  this.timeout(120000);
  let api: Api;
  let folder = '';
  // 教育局 2021 (dialect) and 2022 (web page: X01 against 2021), 县政府 2021 (text), and a file that is no PDF.
  const files = [FOLDER[0], FOLDER[1], FOLDER[3]];

  before(async () => {
    api = (await vscode.extensions.getExtension(EXT_ID)!.activate()) as Api;
    folder = mkdtempSync(join(tmpdir(), 'xxgk-review-vscode-'));
    for (const p of files) {
      mkdirSync(dirname(join(folder, p.file)), { recursive: true });
      writeFileSync(join(folder, p.file), await render(p));
    }
    writeFileSync(join(folder, 'broken.pdf'), 'no PDF at all');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  it('reviews with progress N/TOTAL and shows the summary in a webview', async () => {
    const before = listing(folder);
    const seen: string[] = [];
    const r = await api.review({ folder, onProgress: (d, t) => seen.push(`${d}/${t}`) });
    assert.ok(r, 'an outcome');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.cancelled, false);
    assert.deepEqual([r.done, r.total], [4, 4]);
    assert.equal(seen[seen.length - 1], '4/4');
    assert.deepEqual([r.summary?.reports, r.summary?.unreadable, r.summary?.agencies, r.summary?.crossYear], [3, 1, 2, 1]);
    assert.ok(r.panel, 'the webview');
    const html = r.panel.webview.html;
    assert.match(html, /<h1>Review of published annual reports<\/h1>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
    assert.ok(r.json && !r.json.fsPath.startsWith(folder), 'the output is in the extension\'s storage');
    assert.deepEqual(listing(folder), before, 'nothing written into the folder');
  });

  it('a click on a finding opens the imported text of the web page at the finding; a dialect file opens itself', async () => {
    const cur = api.currentReview();
    assert.ok(cur);
    const html = cur.panel.webview.html;
    // The X01 row's link, as the webview's script posts it on a click.
    const row = /<tr data-code="X01">.*?<\/tr>/s.exec(html)?.[0] ?? '';
    const m = /data-open="(\d+)" data-line="(\d+)" data-column="(\d+)" data-end-line="(\d+)" data-end-column="(\d+)"/.exec(row);
    assert.ok(m, 'the finding links to its place');
    const [index, line, column, endLine, endColumn] = m.slice(1).map(Number);
    const editor = await cur.open({ index, line, column, endLine, endColumn });
    assert.ok(editor);
    assert.ok(!editor.document.uri.fsPath.startsWith(folder), 'the imported text, not a file in the folder');
    assert.match(editor.document.uri.fsPath, /江城市教育局2022年政府信息公开工作年度报告\.report\.md$/);
    assert.equal(editor.selection.start.line, line - 1);
    assert.match(editor.document.lineAt(line - 1).text, /^\| 二、上年结转政府信息公开申请数量 \| 3 \|/);
    assert.equal(editor.document.getText(editor.selection), '3');
    // The 2021 report is in the dialect: it opens itself.
    const dialect = /<section class="report-detail" id="r-(\d+)"><h3>江城市教育局 2021<\/h3>/.exec(html);
    assert.ok(dialect);
    const own = await cur.open({ index: Number(dialect[1]), line: 1, column: 1 });
    assert.equal(own?.document.uri.fsPath, join(folder, FOLDER[0].file));
  });

  it('a run cancelled part way stops, says so and leaves no summary', async () => {
    const many = mkdtempSync(join(tmpdir(), 'xxgk-review-many-'));
    try {
      const text = await render(FOLDER[3]);
      for (let i = 0; i < 200; i++) writeFileSync(join(many, `${String(i).padStart(2, '0')}.txt`), text);
      const source = new vscode.CancellationTokenSource();
      const r = await api.review({ folder: many, token: source.token, onProgress: () => source.cancel() });
      assert.ok(r);
      assert.equal(r.cancelled, true);
      assert.ok(r.done < 200, `stopped at ${r.done}/200`);
      assert.equal(r.panel, undefined);
      assert.equal(readdirSync(many).length, 200, 'nothing written into the folder');
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });
});
