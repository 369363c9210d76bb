#!/usr/bin/env node
// Entry point of the `xxgk-report` command; the compiled CLI lives in out/ (npm run build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/server/src/cli/run.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('xxgk-report: not built yet; run `npm run build` in the repository first\n');
  process.exit(2);
}
await import(cli.href);
