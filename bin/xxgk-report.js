#!/usr/bin/env node
// Entry point of the `xxgk-report` command: the bundle of the command line and the language server (dist/server.js,
// built by `npm run build` from server/src/main.ts), one file, so that `check` starts without resolving and reading
// hundreds of modules.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/server.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('xxgk-report: not built yet; run `npm run build` in the repository first\n');
  process.exit(2);
}
createRequire(import.meta.url)(bundle);
