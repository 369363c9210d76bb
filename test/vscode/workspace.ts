/** The workspace the VS Code suites open: reports derived from the realistic base report, and a plain Markdown file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

export const FILES: Record<string, string> = {
  'broken.report.md': BROKEN_T4,
  'preview.report.md': BROKEN_T4,
  'errors.report.md': BROKEN_T4,
  'fixes.report.md': FIXES,
  'typing.report.md': BASE,
  'align.report.md': BASE,
  'completion.report.md': COMPLETION,
  'notes.md': NOTES,
};

export function writeWorkspace(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
}
