/** The workspace the VS Code suites open: reports derived from the realistic base report, and a plain Markdown file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { baseReport } from '../unit/base-report.js';

export const BASE = baseReport(2022);
/** Section 四's 行政复议 total is 7 where its terms add up to 6 (A04), which the prose also contradicts (T03). */
export const BROKEN_T4 = BASE.replace('| 行政复议 | 3 | 1 | 0 | 2 | 6 |', '| 行政复议 | 3 | 1 | 0 | 2 | 7 |');
export const FIXES = BASE
  .replace('| 行政许可 | 2680 |', '| 行政许可 | 2,680 |')
  .replace('| 行政处罚 | 35 |', '| 行政处罚 |  |')
  .replace('## 五、存在的主要问题及改进情况', '## 五、存在的主要问题及改进措施');
/** Two rows of table 三 removed, leaving an empty row to complete. */
export const COMPLETION = BASE.replace(/\| 2\.重复申请 \|[^\n]*\n\| 3\.要求提供公开出版物 \|[^\n]*\n/, '| \n');
export const NOTES = '# Meeting notes\n\n| item | count |\n|---|---|\n| a | |\n| total | 7 |\n';

/** Another agency's two years, for the cross-year checks against a file that is not open (five X01, one X02). */
export const CROSS_AGENCY = '某县统计局';
export const CROSS_2021 = baseReport(2021, { agency: CROSS_AGENCY });
export const CROSS_2022 = baseReport(2022, { agency: CROSS_AGENCY });

export const FILES: Record<string, string> = {
  'cross/2021/last.report.md': CROSS_2021,
  'cross/this.report.md': CROSS_2022,
  /** Only an information finding (C04, a thousands separator): for the task's severities. */
  'digits.report.md': BASE.replace('| 行政许可 | 2680 |', '| 行政许可 | 2,680 |'),
  'broken.report.md': BROKEN_T4,
  'preview.report.md': BROKEN_T4,
  'errors.report.md': BROKEN_T4,
  'fixes.report.md': FIXES,
  'typing.report.md': BASE,
  'align.report.md': BASE,
  'completion.report.md': COMPLETION,
  'notes.md': NOTES,
  /** Checked last by "check all reports": its findings were the ones lost (issue 13, bug 2). */
  'zzz.report.md': BROKEN_T4.replace('| 行政许可 | 2680 |', '| 行政许可 | 2,680 |'),
};

/**
 * The workspace of the Restricted Mode suite: a report with an error, and a workspace setting that
 * points PDF export at a "browser" which, if it ever ran, would leave a file named PWNED.
 */
export function writeUntrustedWorkspace(dir: string): void {
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, 'broken.report.md'), BROKEN_T4);
  writeFileSync(join(dir, 'evil-browser.sh'), `#!/bin/sh\necho "ran with $*" > "${join(dir, 'PWNED')}"\nexit 1\n`, { mode: 0o755 });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'xxgk.export.browserPath': join(dir, 'evil-browser.sh') }, null, 2));
  // Would turn A04 off if it were read: in Restricted Mode the server does not read it at all.
  writeFileSync(join(dir, '.xxgkrc.json'), JSON.stringify({ rules: { A04: 'off' } }, null, 2));
}

export function writeWorkspace(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}
