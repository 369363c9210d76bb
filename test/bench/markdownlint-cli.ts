/**
 * The peer of `xxgk-report check` in `npm run bench`: markdownlint (0.40, its default rules) over the files and folders
 * given (the *.md files under a folder), in one process, one line per finding, as a command-line linter prints them.
 * The bench times this process whole, as it times `xxgk-report check`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from 'markdownlint/sync';

function walk(p: string, out: string[]): void {
  if (!statSync(p).isDirectory()) {
    out.push(p);
    return;
  }
  for (const name of readdirSync(p).sort()) {
    const q = join(p, name);
    if (statSync(q).isDirectory()) walk(q, out);
    else if (name.endsWith('.md')) out.push(q);
  }
}

const files: string[] = [];
for (const p of process.argv.slice(2)) walk(p, files);
const results = lint({ files });
const lines: string[] = [];
for (const f of files) {
  for (const r of results[f] ?? []) lines.push(`${f}:${r.lineNumber} ${r.ruleNames.join('/')} ${r.ruleDescription}${r.errorDetail ? ` [${r.errorDetail}]` : ''}`);
}
process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''));
process.stderr.write(`${files.length} file(s), ${lines.length} finding(s)\n`);
process.exitCode = lines.length ? 1 : 0;
