/**
 * "Check all reports in the workspace": a task of type `xxgk` that runs the command-line checker (the server bundle,
 * `check --progress FOLDER…`) in a pseudoterminal. Its output goes through the `$xxgk` problem matcher into the
 * Problems panel; its progress is shown for long runs, and it can be cancelled.
 */
import * as vscode from 'vscode';
import { t } from './l10n.js';
import { allowed } from './trust.js';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const TASK_TYPE = 'xxgk';
export const PROBLEM_MATCHER = '$xxgk';
/** The `source` the $xxgk problem matcher gives its problems (package.json). */
const CHECK_SOURCE = 'xxgk-check';
/** A finding as the checker prints it and the $xxgk matcher reads it: `file:line:column severity code message`. */
const FINDING = /^(.+?):(\d+):(\d+) (?:error|warning|info) ([A-Z]\d{2}) /;

export interface XxgkTaskDefinition extends vscode.TaskDefinition {
  type: 'xxgk';
  /** Folders or files to check; the workspace folders when absent. Relative paths are taken from the folder of the task. */
  paths?: string[];
  locale?: 'zh-CN' | 'en';
}

/** The outcome of one run, for the command and for tests. */
export interface CheckRun {
  exitCode: number | undefined;
  checked: number;
  total: number;
  /** The summary line the checker printed ("N 个文件：…"). */
  summary: string;
  cancelled: boolean;
  /** The findings the checker printed, one line each (what the problem matcher reads): `file:line:column code`. */
  findings: string[];
}

const progressEvents = new vscode.EventEmitter<{ checked: number; total: number }>();
const endEvents = new vscode.EventEmitter<CheckRun>();
/** Fired as the checker reports progress ("checked N/TOTAL"). */
export const onCheckProgress = progressEvents.event;
/** Fired when a run ends (finished, failed or cancelled). */
export const onCheckEnd = endEvents.event;

/** A pseudoterminal running the checker; its output is what the problem matcher reads. */
class CheckTerminal implements vscode.Pseudoterminal {
  private readonly write = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.write.event;
  readonly onDidClose = this.closed.event;
  private child: ChildProcess | undefined;
  /** The finding lines written, with their file, in order. */
  private printed: { file: string; line: string }[] = [];
  private run: CheckRun = { exitCode: undefined, checked: 0, total: 0, summary: '', cancelled: false, findings: [] };

  constructor(
    private readonly serverModule: string,
    private readonly args: string[],
    private readonly cwd: string | undefined,
  ) {}

  open(): void {
    const line = (s: string) => this.write.fire(`${s.replace(/\r?\n/g, '\r\n')}\r\n`);
    line(t('Checking the reports in: {0}', this.args.filter((a) => !a.startsWith('--')).join(', ')));
    let child: ChildProcess;
    try {
      // ELECTRON_RUN_AS_NODE: in VS Code the extension host's executable is Electron; as Node it runs the bundle.
      child = fork(this.serverModule, ['check', '--progress', ...this.args], {
        cwd: this.cwd,
        silent: true,
        execArgv: [],
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
    } catch (e) {
      line(t('Could not start the checker: {0}', (e as Error).message));
      this.finish(2);
      return;
    }
    this.child = child;
    const lines = (stream: NodeJS.ReadableStream | null, each: (s: string) => void) => {
      let buf = '';
      stream?.setEncoding?.('utf8');
      stream?.on('data', (d: string) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          each(buf.slice(0, i).replace(/\r$/, ''));
          buf = buf.slice(i + 1);
        }
      });
      stream?.on('end', () => buf && each(buf));
    };
    lines(child.stdout, (s) => {
      const f = FINDING.exec(s);
      if (f) {
        this.run.findings.push(`${f[1]}:${f[2]}:${f[3]} ${f[4]}`);
        this.printed.push({ file: f[1], line: s });
      }
      line(s);
    });
    lines(child.stderr, (s) => {
      const m = /checked (\d+)\/(\d+)/.exec(s);
      if (m) {
        this.run.checked = Number(m[1]);
        this.run.total = Number(m[2]);
        progressEvents.fire({ checked: this.run.checked, total: this.run.total });
        return; // progress is shown by the notification, not in the terminal
      }
      if (/个文件：|file\(s\):/.test(s)) this.run.summary = s.replace(/^xxgk-report: /, '');
      line(s);
    });
    child.on('error', (e) => line(t('Could not start the checker: {0}', e.message)));
    // 'close', not 'exit': a process may exit before its output has been read. Closing the terminal on 'exit' lost the
    // last lines, and with them the last file's problems (the problem matcher reads the terminal).
    child.on('close', (code, signal) => {
      if (signal) {
        line(t('Check cancelled.'));
        this.finish(code ?? 130);
        return;
      }
      void this.matcherCaughtUp(line).then(() => this.finish(code ?? 130));
    });
  }

  /**
   * VS Code's problem matcher reads the terminal's lines one after the other, each waiting for its file to be looked
   * up, and hands over a file's problems when the next line names another file, or when the task ends (100 ms after
   * the terminal closes, whether it has caught up or not). Closing as soon as the checker ended lost the last file's
   * problems. So the first finding is written once more (the same problem again changes nothing, and it names another
   * file, which hands over the last file's), and the terminal closes when the last file's problems have arrived.
   */
  private async matcherCaughtUp(line: (s: string) => void): Promise<void> {
    if (!this.printed.length) return;
    const last = this.printed[this.printed.length - 1].file;
    // The matcher keeps one problem per place and code (two messages at one place are one problem).
    const expected = new Set(this.printed.filter((p) => p.file === last).map((p) => FINDING.exec(p.line)!.slice(2, 5).join(':'))).size;
    const first = this.printed.find((p) => p.file !== last);
    const timeout = Math.min(15000, 2000 + 20 * this.printed.length);
    if (!first) {
      // One file only: nothing to hand its problems over; give the matcher the time it takes.
      await new Promise((r) => setTimeout(r, Math.min(5000, 300 + 10 * this.printed.length)));
      return;
    }
    line(`\x1b[2m${first.line}\x1b[0m`);
    const uri = /^([a-zA-Z]:[\\/]|\/)/.test(last) || !this.cwd ? vscode.Uri.file(last) : vscode.Uri.file(join(this.cwd, last));
    const arrived = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === CHECK_SOURCE).length >= expected;
    if (arrived()) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeout);
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString()) && arrived()) done();
      });
      function done() {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }

  private finish(code: number): void {
    this.run.exitCode = code;
    this.child = undefined;
    endEvents.fire({ ...this.run });
    // Exit 1 only means "the reports have errors", which the Problems panel shows; VS Code would call a non-zero
    // exit a failure to launch. Only a real failure (2: unreadable files or bad arguments, or killed) is passed on.
    this.closed.fire(code === 1 ? 0 : code);
  }

  /** The terminal was closed or the task terminated: stop the checker. */
  close(): void {
    if (!this.child) return;
    this.run.cancelled = true;
    this.child.kill();
  }
}

/** The folders (or files) a task checks, as absolute paths. */
function targets(def: XxgkTaskDefinition, folder: vscode.WorkspaceFolder | undefined): string[] {
  const folders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
  if (def.paths?.length) {
    const base = folder ?? folders[0];
    return def.paths.map((p) => (/^([a-zA-Z]:[\\/]|\/)/.test(p) || !base ? p : vscode.Uri.joinPath(base.uri, p).fsPath));
  }
  return (folder ? [folder] : folders).map((f) => f.uri.fsPath);
}

export function makeTask(context: vscode.ExtensionContext, def: XxgkTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace): vscode.Task {
  const folder = typeof scope === 'object' ? scope : undefined;
  const serverModule = context.asAbsolutePath('dist/server.js');
  const exec = new vscode.CustomExecution(async (resolved) => {
    const d = resolved as XxgkTaskDefinition;
    // The messages in the language of the live findings: the task's locale, else xxgk.locale, else VS Code's.
    const setting = vscode.workspace.getConfiguration('xxgk', folder?.uri).get<string>('locale', 'auto');
    const locale = d.locale ?? (setting === 'zh-CN' || setting === 'en' ? setting : vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');
    const args = ['--locale', locale, ...targets(d, folder)];
    return new CheckTerminal(serverModule, args, folder?.uri.fsPath);
  });
  const task = new vscode.Task(def, scope, t('Check all reports in the workspace'), 'xxgk-report', exec, [PROBLEM_MATCHER]);
  // The findings go to the Problems panel; the terminal (the raw output) stays in the background until asked for.
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Never, clear: true, showReuseMessage: false };
  task.group = vscode.TaskGroup.Test;
  return task;
}

export function registerTasks(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      provideTasks: () => {
        const folders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
        if (!folders.length) return [];
        return [makeTask(context, { type: TASK_TYPE }, folders.length === 1 ? folders[0] : vscode.TaskScope.Workspace)];
      },
      resolveTask: (task) => {
        const def = task.definition as XxgkTaskDefinition;
        if (def.type !== TASK_TYPE) return undefined;
        const scope = typeof task.scope === 'object' ? task.scope : vscode.TaskScope.Workspace;
        return makeTask(context, def, scope as vscode.WorkspaceFolder | vscode.TaskScope.Workspace);
      },
    }),
  );
}

/**
 * The command: runs the task, shows a cancellable notification with the count once the run takes longer than a
 * moment, and resolves with the outcome (also for tests).
 */
export async function checkWorkspace(context: vscode.ExtensionContext, opts: { delayMs?: number; revealProblems?: boolean } = {}): Promise<CheckRun | undefined> {
  if (!allowed('checkWorkspace')) return undefined;
  const folders = vscode.workspace.workspaceFolders?.filter((f) => f.uri.scheme === 'file') ?? [];
  if (!folders.length) {
    void vscode.window.showInformationMessage(t('Open a folder with annual reports to check them all.'));
    return undefined;
  }
  const task = makeTask(context, { type: TASK_TYPE }, folders.length === 1 ? folders[0] : vscode.TaskScope.Workspace);
  const ended = new Promise<CheckRun>((resolve) => {
    const sub = onCheckEnd((r) => {
      sub.dispose();
      resolve(r);
    });
  });
  const execution = await vscode.tasks.executeTask(task);
  let done = false;
  const delay = opts.delayMs ?? 800;
  const timer = setTimeout(() => {
    if (done) return;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Checking the reports in the workspace'), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => execution.terminate());
        let last = 0;
        const sub = onCheckProgress(({ checked, total }) => {
          progress.report({ message: `${checked}/${total}`, increment: total ? ((checked - last) / total) * 100 : undefined });
          last = checked;
        });
        await ended;
        sub.dispose();
      },
    );
  }, delay);
  const run = await ended;
  done = true;
  clearTimeout(timer);
  if (run.summary && !run.cancelled) {
    if (opts.revealProblems !== false && run.exitCode === 1) void vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.setStatusBarMessage(`xxgk-report: ${run.summary}`, 10000);
  }
  return run;
}
