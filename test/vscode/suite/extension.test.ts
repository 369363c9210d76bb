/**
 * The extension inside a real VS Code (code-server 1.100.3 here, a downloaded VS Code elsewhere):
 * what a user sees when they open and edit a report.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BASE, BROKEN_T4, COMPLETION, FIXES, NOTES } from '../workspace.js';
import { codeOf, lineOf } from '../helpers.js';

const EXT_ID = 'xxgk-report.xxgk-report';

function fileUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'xxgk');
}

/** Waits until the diagnostics of `uri` satisfy `pred`, as a user waits for squiggles. */
async function waitFor(uri: vscode.Uri, pred: (ds: vscode.Diagnostic[]) => boolean, what: string, ms = 30000): Promise<vscode.Diagnostic[]> {
  const t0 = Date.now();
  for (;;) {
    const ds = ours(uri);
    if (pred(ds)) return ds;
    if (Date.now() - t0 > ms) assert.fail(`timed out waiting for ${what}; diagnostics now: ${ds.map(codeOf).join(', ') || 'none'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  return vscode.window.showTextDocument(doc);
}

describe('xxgk-report in VS Code', function () {
  this.timeout(60000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revertAll').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opening a report activates the extension and shows its findings with exact ranges', async () => {
    const editor = await open('broken.report.md');
    assert.equal(editor.document.languageId, 'markdown');
    assert.equal(editor.document.getText(), BROKEN_T4);
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is installed`);
    const ds = await waitFor(editor.document.uri, (d) => d.length > 0, 'the first diagnostics');
    assert.deepEqual(ds.map(codeOf).sort(), ['A04', 'T03']);
    assert.ok(ext.isActive);
    const a04 = ds.find((d) => codeOf(d) === 'A04')!;
    assert.equal(a04.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(editor.document.getText(a04.range), '7');
    assert.equal(a04.range.start.line, lineOf(editor.document, '| 行政复议 | 3 | 1 | 0 | 2 | 7 |'));
    // VS Code here runs in English; the messages are Chinese all the same (xxgk.locale defaults to zh-CN).
    assert.equal(vscode.env.language, 'en');
    assert.match(a04.message, /尚未审结之和为 6/);
  });

  it('a Markdown file that is not a report gets no findings and no completions', async () => {
    const editor = await open('notes.md');
    assert.equal(editor.document.getText(), NOTES);
    await (await vscode.extensions.getExtension(EXT_ID)!.activate()).ready();
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(ours(editor.document.uri), []);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(5, 2));
    // VS Code's own word-based suggestions (kind Text) and the contributed snippets may appear; nothing from the server.
    const fromServer = list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text && i.kind !== vscode.CompletionItemKind.Snippet);
    assert.deepEqual(fromServer.map((i) => i.label), []);
  });

  it('hover on the stated total shows the sum term by term', async () => {
    const editor = await open('broken.report.md');
    const line = lineOf(editor.document, '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
    const col = editor.document.lineAt(line).text.lastIndexOf('7');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, col));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /3 \+ .*1 \+ .*0 \+ .*2 = \*\*6\*\*/);
  });

  it('inlay hint and code lens show the disagreeing total', async () => {
    const editor = await open('broken.report.md');
    const doc = editor.document;
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
    assert.deepEqual(hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''))), [' ≠ 6']);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.equal(titles.length, 3, titles.join(' | '));
    assert.equal(titles.filter((t) => /✓/.test(t)).length, 2, titles.join(' | '));
  });

  it('the quick fix writes the computed total, and the squiggle goes away', async () => {
    const editor = await open('broken.report.md');
    const doc = editor.document;
    const [a04] = (await waitFor(doc.uri, (d) => d.some((x) => codeOf(x) === 'A04'), 'A04')).filter((d) => codeOf(d) === 'A04');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, a04.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `a preferred quick fix for A04 among: ${actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(' | ')}`);
    assert.match(fix.title, /6/);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), BROKEN_T4.replace('| 行政复议 | 3 | 1 | 0 | 2 | 7 |', '| 行政复议 | 3 | 1 | 0 | 2 | 6 |'));
    await waitFor(doc.uri, (d) => !d.some((x) => codeOf(x) === 'A04'), 'A04 to disappear');
  });

  it('typing a wrong number shows the finding live, and fixing it by hand clears it', async () => {
    const editor = await open('typing.report.md');
    const doc = editor.document;
    await waitFor(doc.uri, () => true, 'analysis');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(ours(doc.uri), [], 'the base report is clean');
    const line = lineOf(doc, '| 行政复议 | 3 | 1 | 0 | 2 | 6 |');
    const col = doc.lineAt(line).text.lastIndexOf('6');
    // Type "9" after the total "6", as a user would at the cursor: 69 is no longer 3 + 1 + 0 + 2.
    editor.selection = new vscode.Selection(line, col + 1, line, col + 1);
    await vscode.commands.executeCommand('type', { text: '9' });
    assert.equal(doc.lineAt(line).text, '| 行政复议 | 3 | 1 | 0 | 2 | 69 |');
    const ds = await waitFor(doc.uri, (d) => d.some((x) => codeOf(x) === 'A04'), 'A04 for the typed number');
    const a04 = ds.find((x) => codeOf(x) === 'A04')!;
    assert.equal(doc.getText(a04.range), '69');
    await vscode.commands.executeCommand('deleteLeft');
    await waitFor(doc.uri, (d) => d.length === 0, 'the finding to clear after undoing the typing');
    assert.equal(doc.getText(), BASE);
  });

  it('fix all on one document: digits, blanks and heading wording, nothing else changed', async () => {
    const editor = await open('fixes.report.md');
    const doc = editor.document;
    assert.equal(doc.getText(), FIXES);
    await waitFor(doc.uri, (d) => ['C04', 'C03', 'S03'].every((c) => d.some((x) => codeOf(x) === c)), 'C04, C03 and S03');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll');
    const fixAll = actions.find((a) => a.kind && vscode.CodeActionKind.SourceFixAll.contains(a.kind));
    assert.ok(fixAll?.edit, `a source.fixAll action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.equal(
      doc.getText(),
      FIXES.replace('| 行政许可 | 2,680 |', '| 行政许可 | 2680 |')
        .replace('## 五、存在的主要问题及改进措施', '## 五、存在的主要问题及改进情况'),
      'digits normalised and the heading standardised; the blank stays for the user (filling 0 is a separate quick fix)',
    );
  });

  it('completions offer the standard rows not yet in the table, in standard order', async () => {
    const editor = await open('completion.report.md');
    const doc = editor.document;
    assert.equal(doc.getText(), COMPLETION);
    const line = lineOf(doc, '| 1.信访举报投诉类申请 |') + 1;
    assert.equal(doc.lineAt(line).text, '| ');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, 2));
    const rows = list.items.filter((i) => i.kind === vscode.CompletionItemKind.EnumMember).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepEqual(rows.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)), ['2.重复申请', '3.要求提供公开出版物']);
    // Accepting the first one writes the whole row with zeros.
    const edit = new vscode.WorkspaceEdit();
    const item = rows[0];
    const range = item.range instanceof vscode.Range ? item.range : item.range!.replacing;
    edit.replace(doc.uri, range, typeof item.insertText === 'string' ? item.insertText : item.insertText!.value);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.lineAt(line).text, '| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |');
  });

  it('typing | on a new line of 表三 shows the missing rows, and typing in the first cell asks for them too (bug 3)', async () => {
    const editor = await open('completion.report.md');
    const doc = editor.document;
    const line = lineOf(doc, '| 1.信访举报投诉类申请 |') + 1;
    const accept = async (expected: RegExp) => {
      // What a user sees: the suggest widget opens by itself; Enter (acceptSelectedSuggestion) writes the row.
      const t0 = Date.now();
      while (!expected.test(doc.lineAt(line).text) && Date.now() - t0 < 15000) {
        await new Promise((r) => setTimeout(r, 400));
        await vscode.commands.executeCommand('acceptSelectedSuggestion');
      }
      assert.match(doc.lineAt(line).text, expected);
    };
    // An empty line in the table; type '|' as a user does.
    await editor.edit((e) => e.replace(doc.lineAt(line).range, ''));
    editor.selection = new vscode.Selection(line, 0, line, 0);
    await vscode.commands.executeCommand('type', { text: '|' });
    await accept(/^\| 2\.重复申请 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \|$/);
    // Again, with the widget closed, part of the label typed: the report asks VS Code for suggestions while typing.
    await editor.edit((e) => e.replace(doc.lineAt(line).range, '| '));
    editor.selection = new vscode.Selection(line, 2, line, 2);
    await vscode.commands.executeCommand('hideSuggestWidget');
    await vscode.commands.executeCommand('type', { text: '出版' });
    await accept(/^\| 3\.要求提供公开出版物 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \|$/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('the align-table command lines up the pipes, changing only whitespace', async () => {
    const editor = await open('align.report.md');
    const doc = editor.document;
    const line = lineOf(doc, '| 行政处罚 | 35 |');
    editor.selection = new vscode.Selection(line, 3, line, 3);
    await vscode.commands.executeCommand('xxgk.alignTable');
    const t0 = Date.now();
    while (doc.getText() === BASE && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 50));
    assert.notEqual(doc.getText(), BASE, 'the table was aligned');
    assert.equal(doc.getText().replace(/[ \t]/g, ''), BASE.replace(/[ \t]/g, ''));
    assert.equal(doc.lineAt(line).text, '| 行政处罚 | 35               |');
  });
});

describe('preview and export in VS Code', function () {
  this.timeout(120000);
  type Api = { preview(uri: vscode.Uri): { last?: { title: string; html: string; version: number }; onUpdated: vscode.Event<{ version: number; html: string }>; panel: vscode.WebviewPanel } | undefined };
  const api = () => vscode.extensions.getExtension(EXT_ID)!.exports as Api;

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revertAll').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the preview opens beside the editor with the title, and marks the wrong total', async () => {
    const editor = await open('preview.report.md');
    await waitFor(editor.document.uri, (d) => d.some((x) => codeOf(x) === 'A04'), 'A04');
    const title = await vscode.commands.executeCommand<string>('xxgk.showPreview');
    assert.match(title, /某市科学技术局2022年政府信息公开工作年度报告/);
    const p = api().preview(editor.document.uri)!;
    assert.ok(p, 'a preview for the report');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the editor keeps the focus');
    assert.match(p.last!.html, /<h1 class="doc-title"[^>]*>某市科学技术局2022年政府信息公开工作年度报告<\/h1>/);
    assert.match(p.last!.html, /<td class="number xxgk-mark xxgk-error" title="A04 [^"]*"[^>]*>7<\/td>/);
    assert.match(p.last!.html, /rowspan="22"[^>]*>三、本年度办理结果</);
  });

  it('the preview follows edits', async () => {
    const editor = await open('preview.report.md');
    const p = api().preview(editor.document.uri)!;
    const updated = new Promise<{ html: string }>((resolve) => {
      const sub = p.onUpdated((r) => {
        if (!/xxgk-error/.test(r.html)) {
          sub.dispose();
          resolve(r);
        }
      });
    });
    const line = lineOf(editor.document, '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
    const col = editor.document.lineAt(line).text.lastIndexOf('7');
    await editor.edit((b) => b.replace(new vscode.Range(line, col, line, col + 1), '6'));
    const r = await updated;
    assert.doesNotMatch(r.html, /xxgk-error/);
    assert.match(r.html, /class="xxgk-summary[^"]*"><summary>0 error\(s\), 0 warning\(s\)|未发现问题|No findings/);
  });

  it('exports HTML and Word next to the report, and never over the report itself', async () => {
    const source = fileUri('typing.report.md');
    await open('typing.report.md');
    const html = vscode.Uri.joinPath(source, '..', 'typing.html');
    const written = await vscode.commands.executeCommand<vscode.Uri>('xxgk.export', { format: 'html', uri: source.toString(), target: html.toString(), overwrite: true });
    assert.equal(written?.toString(), html.toString());
    const text = Buffer.from(await vscode.workspace.fs.readFile(html)).toString('utf8');
    assert.match(text, /^<!DOCTYPE html>/);
    assert.match(text, /<table class="form t3"/);
    const docx = vscode.Uri.joinPath(source, '..', 'typing.docx');
    await vscode.commands.executeCommand('xxgk.export', { format: 'docx', uri: source.toString(), target: docx.toString(), overwrite: true });
    const bytes = await vscode.workspace.fs.readFile(docx);
    assert.equal(Buffer.from(bytes.subarray(0, 2)).toString(), 'PK');
    // PDF through the bundled server and playwright-core, printed by the machine's Chromium.
    const pdf = vscode.Uri.joinPath(source, '..', 'typing.pdf');
    await vscode.commands.executeCommand('xxgk.export', { format: 'pdf', uri: source.toString(), target: pdf.toString(), overwrite: true });
    assert.equal(Buffer.from((await vscode.workspace.fs.readFile(pdf)).subarray(0, 5)).toString(), '%PDF-');
    const before = (await vscode.workspace.openTextDocument(source)).getText();
    const none = await vscode.commands.executeCommand('xxgk.export', { format: 'html', uri: source.toString(), target: source.toString(), overwrite: true });
    assert.equal(none, undefined);
    assert.equal((await vscode.workspace.openTextDocument(source)).getText(), before);
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8'), BASE);
  });

  it('a report with errors exports without asking when xxgk.export.confirmOnErrors is off', async () => {
    const editor = await open('errors.report.md');
    await waitFor(editor.document.uri, (d) => d.some((x) => x.severity === vscode.DiagnosticSeverity.Error), 'an error');
    const config = vscode.workspace.getConfiguration('xxgk');
    await config.update('export.confirmOnErrors', false, vscode.ConfigurationTarget.Global);
    try {
      const target = vscode.Uri.joinPath(editor.document.uri, '..', 'errors.html');
      const written = await vscode.commands.executeCommand<vscode.Uri>('xxgk.export', { format: 'html', uri: editor.document.uri.toString(), target: target.toString(), overwrite: true });
      assert.equal(written?.toString(), target.toString());
      const html = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
      assert.match(html, /<td class="number">7<\/td>/, 'the published form carries no finding marks');
    } finally {
      await config.update('export.confirmOnErrors', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
