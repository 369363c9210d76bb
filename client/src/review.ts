/**
 * "审核文件夹中的已发布报告" (Review the published reports in a folder): the command-line review (the server bundle,
 * `review FOLDER -o review.json -o review.html --imported …`) run over a chosen folder in a child process (all cores,
 * nothing written into the folder: its output and the imported texts go to the extension's storage), with a
 * cancellable progress N/TOTAL; its summary shown in a webview, where a click on a finding or a file opens the report
 * — its imported text for a file not in the dialect — at the place.
 */
import * as vscode from 'vscode';
import { fork, type ChildProcess } from 'node:child_process';
import { readFile, rm, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface ReviewArgs {
  /** The folder to review; default: asked with a folder dialog. */
  folder?: vscode.Uri | string;
  /** Show the summary in a webview (default true). */
  show?: boolean;
  /** Cancels the run as the notification's Cancel button does (API, tests). */
  token?: vscode.CancellationToken;
  /** Called with each N/TOTAL the review reports (API, tests). */
  onProgress?: (done: number, total: number) => void;
}

/** The part of the review's JSON the extension reads (docs/review.md). */
interface ReviewJson {
  summary: { reports: number; unreadable: number; agencies: number; withErrors: number; timeliness: Record<string, number>; crossYear: number };
  reports: { index: number; file: string; path?: string; importedPath?: string; status: string; findings: { code: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
}

export interface ReviewOutcome {
  cancelled: boolean;
  exitCode: number | null;
  /** The progress reported (the last N/TOTAL). */
  done: number;
  total: number;
  /** The review's JSON and HTML (in the extension's storage). */
  json?: vscode.Uri;
  html?: vscode.Uri;
  summary?: ReviewJson['summary'];
  panel?: vscode.WebviewPanel;
  /** What the child printed on stderr (the last lines), for a failure's message and for tests. */
  stderr: string;
}

/** Opens the report of `index` at a position, as the webview asks: for tests and the webview's messages. */
export type ReviewOpener = (m: { index: number; line: number; column: number; endLine?: number; endColumn?: number }) => Promise<vscode.TextEditor | undefined>;

let current: { panel: vscode.WebviewPanel; open: ReviewOpener } | undefined;

/** The open review's panel and its opener (tests). */
export function currentReview(): typeof current {
  return current;
}

const RUNS_KEPT = 3;

/** Older runs in the storage are removed, the last few kept (their imported texts may still be open). */
async function prune(root: string): Promise<void> {
  try {
    const runs = (await readdir(root)).filter((n) => /^run-\d+$/.test(n)).sort();
    for (const old of runs.slice(0, Math.max(0, runs.length - RUNS_KEPT))) await rm(join(root, old), { recursive: true, force: true });
  } catch {
    /* nothing to prune */
  }
}

export async function reviewFolder(context: vscode.ExtensionContext, args: ReviewArgs = {}): Promise<ReviewOutcome | undefined> {
  const t = vscode.l10n.t;
  let folder = typeof args.folder === 'string' ? vscode.Uri.file(args.folder) : args.folder;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: t('Review'),
      title: t('Review the published reports in a folder'),
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    folder = picked?.[0];
    if (!folder) return undefined;
  }
  if (folder.scheme !== 'file') {
    void vscode.window.showErrorMessage(t('Only a folder on this computer can be reviewed.'));
    return undefined;
  }
  const storage = context.globalStorageUri.fsPath;
  await prune(storage);
  const run = join(storage, `run-${Date.now()}`);
  await vscode.workspace.fs.createDirectory(vscode.Uri.file(run));
  const json = join(run, 'review.json');
  const html = join(run, 'review.html');
  const setting = vscode.workspace.getConfiguration('xxgk').get<string>('locale', 'auto');
  const locale = setting === 'zh-CN' || setting === 'en' ? setting : vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const outcome: ReviewOutcome = { cancelled: false, exitCode: null, done: 0, total: 0, stderr: '' };
  const name = folder.path.split('/').pop() ?? folder.fsPath;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Reviewing the reports in {0}', name), cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        let child: ChildProcess;
        try {
          // ELECTRON_RUN_AS_NODE: the extension host's executable is Electron; as Node it runs the server bundle's CLI.
          child = fork(context.asAbsolutePath('dist/server.js'), ['review', folder!.fsPath, '-o', json, '-o', html, '--imported', join(run, 'imported'), '--locale', locale], {
            silent: true,
            execArgv: [],
            env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
          });
        } catch (e) {
          outcome.stderr = (e as Error).message;
          resolve();
          return;
        }
        const cancel = () => {
          outcome.cancelled = true;
          child.kill();
        };
        token.onCancellationRequested(cancel);
        args.token?.onCancellationRequested(cancel);
        let buf = '';
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (d: string) => {
          buf += d;
          outcome.stderr = (outcome.stderr + d).slice(-4000);
          let i;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            const m = /(?:已审核|reviewed) (\d+)\/(\d+)/.exec(line);
            if (m) {
              const done = Number(m[1]);
              const total = Number(m[2]);
              progress.report({ message: `${done}/${total}`, increment: total ? ((done - outcome.done) / total) * 100 : undefined });
              outcome.done = done;
              outcome.total = total;
              args.onProgress?.(done, total);
            } else if (/跨年度检查|across years/.test(line)) progress.report({ message: t('checking across years') });
          }
        });
        child.stdout?.resume();
        child.on('error', (e) => {
          outcome.stderr += e.message;
          resolve();
        });
        child.on('exit', (code) => {
          outcome.exitCode = code;
          resolve();
        });
      }),
  );
  if (outcome.cancelled) {
    void vscode.window.setStatusBarMessage(t('Review cancelled.'), 5000);
    await rm(run, { recursive: true, force: true });
    return outcome;
  }
  if (outcome.exitCode !== 0) {
    const last = outcome.stderr.trim().split('\n').pop()?.replace(/^xxgk-report: /, '') ?? '';
    void vscode.window.showErrorMessage(t('The review failed: {0}', last));
    return outcome;
  }
  const data = JSON.parse(await readFile(json, 'utf8')) as ReviewJson;
  outcome.json = vscode.Uri.file(json);
  outcome.html = vscode.Uri.file(html);
  outcome.summary = data.summary;
  if (args.show !== false) outcome.panel = await show(await readFile(html, 'utf8'), data, name);
  return outcome;
}

async function show(html: string, data: ReviewJson, name: string): Promise<vscode.WebviewPanel> {
  current?.panel.dispose();
  const panel = vscode.window.createWebviewPanel('xxgk.review', vscode.l10n.t('Review: {0}', name), vscode.ViewColumn.Active, {
    enableScripts: true,
    enableFindWidget: true,
    retainContextWhenHidden: true,
    localResourceRoots: [],
    enableCommandUris: false,
  });
  // The page's own CSP admits its style and script by hash and nothing else; no report text is markup in it.
  panel.webview.html = html;
  const open: ReviewOpener = async (m) => {
    const r = data.reports[m.index];
    const path = r?.importedPath ?? r?.path;
    if (!r || !path) return undefined;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    const line = Math.max(0, (m.line || 1) - 1);
    const start = new vscode.Position(line, Math.max(0, (m.column || 1) - 1));
    const end = new vscode.Position(Math.max(line, (m.endLine || m.line || 1) - 1), Math.max(0, (m.endColumn || m.column || 1) - 1));
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
    editor.selection = new vscode.Selection(start, end.isBefore(start) ? start : end);
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenter);
    return editor;
  };
  const sub = panel.webview.onDidReceiveMessage((m: { type?: string; index?: number; line?: number; column?: number; endLine?: number; endColumn?: number }) => {
    if (m?.type === 'open' && typeof m.index === 'number') void open({ index: m.index, line: m.line ?? 1, column: m.column ?? 1, endLine: m.endLine, endColumn: m.endColumn });
  });
  current = { panel, open };
  panel.onDidDispose(() => {
    sub.dispose();
    if (current?.panel === panel) current = undefined;
  });
  return panel;
}
