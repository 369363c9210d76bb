/**
 * A first-time clerk in a real VS Code (issue 13). This file runs first (mocha loads the suites by name): nothing has
 * started the language server yet, as in a fresh window.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { BROKEN_T4 } from '../workspace.js';
import { bigFiguresReport } from '../../unit/base-report.js';
import { codeOf, lineOf, until } from '../helpers.js';

const EXT_ID = 'xxgk-report.xxgk-report';

interface Api {
  ready(): Promise<void>;
  started(): boolean;
  isReportContext(): boolean;
  status(): { text: string; detail?: string; severity: vscode.LanguageStatusSeverity; selector: vscode.DocumentSelector; update(): Promise<void> };
  preview(uri: vscode.Uri): { uri: vscode.Uri; last?: { title: string }; panel: vscode.WebviewPanel } | undefined;
}

const api = () => vscode.extensions.getExtension(EXT_ID)!.exports as Api;
const folder = () => vscode.workspace.workspaceFolders![0].uri;
const fileUri = (name: string) => vscode.Uri.joinPath(folder(), name);
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'xxgk');
async function typeText(text: string): Promise<void> {
  for (const ch of text) await vscode.commands.executeCommand('type', { text: ch });
}

describe('first use: a new file that becomes a report, the skeleton, a pasted report', function () {
  this.timeout(90000);
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revertAll').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('New File 年报2025.md, the skeleton snippet typed in: the checker starts, the year and dates follow the year typed, a wrong figure is underlined (bugs 1 and 6)', async () => {
    await vscode.extensions.getExtension(EXT_ID)!.activate();
    assert.equal(api().started(), false, 'no report has been opened yet: the server is not running');
    const uri = fileUri('年报2025.md');
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    const editor = await vscode.window.showTextDocument(uri);
    assert.equal(editor.document.languageId, 'markdown');
    assert.equal(api().isReportContext(), false);
    // 年度报告 + Ctrl+Space + Enter inserts the contributed snippet; then the agency, Tab, the year, Tab.
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'xxgk report skeleton (2021 edition)' });
    await typeText('某县教育局');
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    const lastYear = String(new Date().getFullYear() - 1);
    assert.equal(editor.document.getText(editor.selection), lastYear, 'the year defaults to last year');
    await typeText('2023'); // not the default: what is typed must carry to the dates
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    await vscode.commands.executeCommand('leaveSnippet');
    const doc = editor.document;
    const text = doc.getText();
    assert.match(text, /^# 某县教育局2023年政府信息公开工作年度报告$/m);
    assert.match(text, /^年度: 2023$/m);
    assert.match(text, /^发布日期: 2024-01-20$/m, 'the publication date follows the year typed');
    assert.match(text, /^2024年1月20日$/m, 'and so does the signature');
    assert.match(text, /统计期限自2023年1月1日起至2023年12月31日止/);
    // The file became a report as it was typed: the server starts, the preview button and palette entries appear.
    await until(() => api().started(), (v) => v, 'the language server to start for a file that became a report');
    await until(() => api().isReportContext(), (v) => v, 'the xxgk.isReport context');
    // The skeleton is not clean: its prompts are still there (S12, one per prompt).
    const prompts = await until(() => ours(doc.uri).filter((d) => codeOf(d) === 'S12'), (d) => d.length === 7, 'S12 on the seven prompts');
    assert.equal(doc.getText(prompts[0].range), '（请概述本年度主动公开工作。）');
    // 表四 行政复议's first cell becomes 5: its total 0 no longer adds up.
    const line = lineOf(doc, '| 行政复议 | 0 | 0 | 0 | 0 | 0 |');
    const col = doc.lineAt(line).text.indexOf('0');
    await editor.edit((e) => e.replace(new vscode.Range(line, col, line, col + 1), '5'));
    const a04 = await until(() => ours(doc.uri).filter((d) => codeOf(d) === 'A04'), (d) => d.length === 1, 'A04 on the total');
    assert.equal(a04[0].range.start.line, line);
    assert.equal(doc.getText(a04[0].range), '0');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  it('a report pasted into an untitled editor is taken as Markdown and checked (bug 1)', async () => {
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.isUntitled, true);
    assert.notEqual(editor.document.languageId, 'markdown');
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), BROKEN_T4));
    const doc = await until(() => vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText() === BROKEN_T4), (d) => d?.languageId === 'markdown', 'the pasted report to become Markdown');
    await until(() => ours(doc!.uri).map(codeOf).sort().join(), (c) => c === 'A04,T03', 'the findings of the pasted report');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('the way in: 新建年度报告, the status of a report, the rule pages', function () {
  this.timeout(90000);
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revertAll').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('新建年度报告 writes the report of the agency and year with the edition the year calls for, and opens it at the first prompt', async () => {
    const target = (await vscode.commands.executeCommand('xxgk.newReport', { agency: '某县教育局', year: 2024, kind: '政府', overwrite: true })) as vscode.Uri;
    assert.equal(target.toString(), fileUri('某县教育局2024年政府信息公开工作年度报告.report.md').toString());
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), target.toString());
    const text = editor.document.getText();
    assert.match(text, /^格式: 2021$/m);
    assert.match(text, /^报告类型: 政府$/m);
    assert.equal(editor.document.getText(editor.selection), '（请概述本年度主动公开工作。）', 'the first thing to fill in is selected: typing replaces it');
    // What is left to do is listed: the prompts and the blank cells, nothing else.
    const ds = await until(() => ours(target), (d) => d.length > 0, 'the new report\'s findings');
    assert.deepEqual([...new Set(ds.map(codeOf))].sort(), ['C03', 'S12']);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(target);
    // A year before 2021 gets the 2019 edition.
    const old = (await vscode.commands.executeCommand('xxgk.newReport', { agency: '某县教育局', year: 2020, open: false, overwrite: true })) as vscode.Uri;
    assert.match(Buffer.from(await vscode.workspace.fs.readFile(old)).toString('utf8'), /^格式: 2019$/m);
    await vscode.workspace.fs.delete(old);
  });

  it('the command is in the palette and in File › New File…, with a walkthrough on the Welcome page', () => {
    const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON as { contributes: { menus: Record<string, { command: string }[]>; walkthroughs: { id: string; steps: { id: string }[] }[] } };
    assert.ok(pkg.contributes.menus['file/newFile'].some((m) => m.command === 'xxgk.newReport'));
    assert.deepEqual(pkg.contributes.walkthroughs[0].steps.map((s) => s.id), ['start', 'tables', 'findings', 'preview', 'export']);
  });

  it('the language status item of a report: year, edition and errors, only on reports', async () => {
    const editor = await vscode.window.showTextDocument(fileUri('broken.report.md'));
    await until(() => ours(editor.document.uri).length, (n) => n === 2, 'the findings');
    await api().status().update();
    const st = api().status();
    assert.match(st.text, /2022 年度 · 2021版格式/, st.text);
    assert.match(st.detail ?? '', /1 个错误，1 个警告/);
    assert.equal(st.severity, vscode.LanguageStatusSeverity.Error);
    assert.equal(vscode.languages.match(st.selector, editor.document) > 0, true, 'shown on the report');
    const notes = await vscode.workspace.openTextDocument(fileUri('notes.md'));
    assert.equal(vscode.languages.match(st.selector, notes), 0, 'not on other Markdown');
  });

  it('a finding\'s code opens its rule page, rendered inside VS Code (bug 7); the CLI\'s JSON carries the page', async () => {
    const editor = await vscode.window.showTextDocument(fileUri('broken.report.md'));
    const a04 = (await until(() => ours(editor.document.uri).filter((d) => codeOf(d) === 'A04'), (d) => d.length === 1, 'A04'))[0];
    const target = typeof a04.code === 'object' ? a04.code.target : undefined;
    assert.ok(target, 'the code is a link');
    assert.equal(target.scheme, 'command', `a command that opens the page, not the raw file (${target.toString()})`);
    // What a click on the link does: run the command with its arguments.
    const page = (await vscode.commands.executeCommand(target.path, ...JSON.parse(decodeURIComponent(target.query)))) as vscode.Uri;
    assert.match(page.path, /\/docs\/rules\/A04\.md$/);
    const tab = await until(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)),
      (t) => !!t,
      'the Markdown preview of the rule page',
    );
    assert.match(tab!.label, /A04/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.path.endsWith('A04.md') ?? false, false, 'not opened as an editable source');
    const md = readFileSync(page.fsPath, 'utf8');
    assert.match(md, /^# A04 review-total/m);
    assert.match(md, /## 检查什么[\s\S]*## English/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the user guide opens rendered inside VS Code, from the palette and the walkthrough', async () => {
    const page = (await vscode.commands.executeCommand('xxgk.showGuide')) as vscode.Uri;
    assert.match(page.path, /\/docs\/guide\.md$/);
    const tab = await until(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)),
      (t) => !!t,
      'the Markdown preview of the guide',
    );
    assert.match(tab!.label, /guide/);
    assert.match(readFileSync(page.fsPath, 'utf8'), /^# 使用指南$/m);
    const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON as { contributes: { walkthroughs: { steps: { id: string; description: string }[] }[] } };
    assert.match(pkg.contributes.walkthroughs[0].steps[0].description, /command:xxgk\.showGuide/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('messages are Chinese by default in an English VS Code, English when xxgk.locale asks (bug 10)', async () => {
    const uri = fileUri('broken.report.md');
    await vscode.window.showTextDocument(uri);
    assert.equal(vscode.env.language, 'en');
    const zh = await until(() => ours(uri).find((d) => codeOf(d) === 'A04')?.message ?? '', (m) => /尚未审结之和为 6/.test(m), 'the Chinese message');
    assert.doesNotMatch(zh, /[A-Za-z]{4,}/, `no English in it: ${zh}`);
    const config = vscode.workspace.getConfiguration('xxgk');
    await config.update('locale', 'en', vscode.ConfigurationTarget.Global);
    try {
      await until(() => ours(uri).find((d) => codeOf(d) === 'A04')?.message ?? '', (m) => /upheld \+ corrected \+ other \+ pending = 6/.test(m), 'the English message');
    } finally {
      await config.update('locale', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(() => ours(uri).find((d) => codeOf(d) === 'A04')?.message ?? '', (m) => /尚未审结/.test(m), 'Chinese again');
  });
});

describe('the preview and PDF export (bugs 8 and 9)', function () {
  this.timeout(120000);
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the preview follows the active report, has its own icon, and its key is no default key of VS Code', async () => {
    const a = fileUri('preview.report.md');
    const b = fileUri('typing.report.md');
    await vscode.window.showTextDocument(a);
    await vscode.commands.executeCommand('xxgk.showPreview');
    const p = await until(() => api().preview(a), (x) => !!x?.last, 'the preview of the first report');
    await vscode.window.showTextDocument(b, { viewColumn: vscode.ViewColumn.One });
    await until(() => api().preview(b), (x) => !!x?.last && x.panel === p!.panel, 'the same preview showing the report now active');
    assert.equal(api().preview(a), undefined);
    // Its icon is not the Markdown preview's $(open-preview), which sits beside it.
    const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON as { contributes: { commands: { command: string; icon?: unknown }[]; keybindings: { command: string; key: string }[] } };
    const icon = pkg.contributes.commands.find((c) => c.command === 'xxgk.showPreview')!.icon;
    assert.notEqual(icon, '$(open-preview)');
    assert.ok(typeof icon === 'object', 'light and dark icons of its own');
    // The default keybindings of this VS Code (with the extension's own, which the file also lists) hold no other
    // command on the preview's key.
    const key = pkg.contributes.keybindings.find((k) => k.command === 'xxgk.showPreview')!.key;
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const defaults = await until(() => vscode.window.activeTextEditor?.document.getText() ?? '', (t) => t.includes('"key"'), 'the default keybindings');
    const taken = [...defaults.matchAll(/\{\s*"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].filter((m) => m[1] === key && m[2] !== 'xxgk.showPreview').map((m) => m[2]);
    assert.deepEqual(taken, [], `${key} is free`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('PDF from VS Code with five- and six-digit figures: 表三\'s header on each of its pages, every figure whole', async function () {
    const src = fileUri('big.report.md');
    await vscode.workspace.fs.writeFile(src, Buffer.from(bigFiguresReport(), 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-pdf-'));
    try {
      const pdf = vscode.Uri.file(join(dir, 'big.pdf'));
      await vscode.window.showTextDocument(src);
      await vscode.commands.executeCommand('xxgk.export', { format: 'pdf', uri: src, target: pdf, overwrite: true });
      const txt = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf.fsPath, '-'], { encoding: 'utf8' });
      assert.equal(txt.status, 0, txt.stderr);
      const pages = txt.stdout.split('\f').filter((p) => /予以公开|本年新收政府信息公开申请|（七）总计|结转下年度继续办理/.test(p));
      assert.ok(pages.length >= 2, `表三 over ${pages.length} page(s)`);
      for (const p of pages) assert.match(p, /申请人情况[\s\S]*法人或其他组织[\s\S]*自然人/, 'the header on the page');
      const tokens = new Set(txt.stdout.split(/[^0-9.]+/));
      for (const n of ['13364', '6952895', '987654', '12345.6789', '416702']) assert.ok(tokens.has(n), `${n} printed whole`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(src);
    }
  });
});

