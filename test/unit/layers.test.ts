/**
 * The layer check (test/tools/layers.ts) on the repository's tree, which must pass, and on a tree of forbidden
 * imports, each of which it must report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkLayers, importsOf, layerOf } from '../tools/layers.js';
import { repoRoot } from './helpers.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'xxgk-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** The check on a tree of `files` reports exactly `expected` (file:line spec); run as CI runs it, the command fails, saying `message`. */
function assertReported(files: Record<string, string>, expected: string[], message: RegExp): void {
  const root = tree(files);
  try {
    assert.deepEqual(checkLayers(root).map((v) => `${v.file}:${v.line} ${v.spec}`).sort(), expected);
    const run = spawnSync(process.execPath, [join(repoRoot, 'out', 'test', 'tools', 'layers.js'), root], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, message);
    assert.ok(run.stdout.includes(`layers: ${expected.length} forbidden import(s)`), run.stdout);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('the repository\'s tree: every import is allowed', () => {
  assert.deepEqual(checkLayers(repoRoot), []);
});

test('each forbidden import is reported, with its file and line; the allowed ones are not', () => {
  assertReported(
    {
      'server/src/core/a.ts': `/** from '../lsp/x.js' in a comment is no import */\nimport { b } from './b.js';\nimport type { Connection } from 'vscode-languageserver/node';\nexport { c } from '../lsp/server.js';\n`,
      'server/src/core/b.ts': `import * as vscode from 'vscode';\nexport const b = 1;\n`,
      'server/src/core/isReport.ts': `import { b } from './b.js';\n`,
      'server/src/render/r.ts': `import { b } from '../core/index.js';\nimport { f } from '../io/files.js';\nconst m = await import('../lsp/features.js');\n`,
      'server/src/import/i.ts': `import {\n  x,\n} from '../render/html.js';\n`,
      'server/src/lsp/s.ts': `import { a } from '../core/index.js';\nimport { p } from '../../../protocol/index.js';\nimport { e } from '../../../client/src/extension.js';\n`,
      'protocol/index.ts': `export const REQUESTS = {};\nimport type { Report } from '../server/src/core/model.js';\n`,
      'protocol/assets.ts': `export { isReport } from '../server/src/core/isReport.js';\n`,
      'client/src/extension.ts': `import * as vscode from 'vscode';\nimport { LanguageClient } from 'vscode-languageclient/node';\nimport { join } from 'node:path';\nimport { REQUESTS } from '../../protocol/index.js';\nimport { PRINT_CSS } from '../../server/src/render/html.js';\nconst y = require('yaml');\n`,
    },
    [
      'client/src/extension.ts:5 ../../server/src/render/html.js',
      'client/src/extension.ts:6 yaml',
      'protocol/index.ts:2 ../server/src/core/model.js',
      'server/src/core/a.ts:3 vscode-languageserver/node',
      'server/src/core/a.ts:4 ../lsp/server.js',
      'server/src/core/b.ts:1 vscode',
      'server/src/core/isReport.ts:1 ./b.js',
      'server/src/import/i.ts:3 ../render/html.js',
      'server/src/lsp/s.ts:3 ../../../client/src/extension.js',
      'server/src/render/r.ts:3 ../lsp/features.js',
    ],
    /client may not import render \(server\/src\/render\/html\.ts\)/,
  );
});

test('outside the core, the core is imported only through core/index: a reach-in of any form is reported', () => {
  assertReported(
    {
      'server/src/core/index.ts': `export { a } from './a.js';\nexport type { M } from './model.js';\n`,
      'server/src/core/a.ts': `import type { M } from './model.js';\nimport { p } from './rules/index.js';\nexport const a = 1;\n`,
      'server/src/core/model.ts': `export interface M { n: number }\n`,
      'server/src/core/rules/index.ts': `export const p = 1;\n`,
      'server/src/core/isReport.ts': `export const isReport = () => true;\n`,
      'server/src/lsp/s.ts': `import { a, type M } from '../core/index.js';\nimport { p } from '../core/rules/index.js';\n`,
      'server/src/render/r.ts': `import type { M } from '../core/model.js';\nexport { a } from '../core/a.js';\n`,
      'server/src/cli/c.ts': `const m = await import('../core/a.js');\nconst n = await import('../core/index.js');\n`,
      'server/src/main.ts': `import { a } from './core/a.js';\nimport { a as b } from './core/index.js';\n`,
      'protocol/assets.ts': `export { isReport } from '../server/src/core/isReport.js';\n`,
    },
    [
      'server/src/cli/c.ts:1 ../core/a.js',
      'server/src/lsp/s.ts:2 ../core/rules/index.js',
      'server/src/main.ts:1 ./core/a.js',
      'server/src/render/r.ts:1 ../core/model.js',
      'server/src/render/r.ts:2 ../core/a.js',
    ],
    /server\/src\/lsp\/s\.ts:2: lsp may import the core only through server\/src\/core\/index\.ts, not server\/src\/core\/rules\/index\.ts/,
  );
});

test('the command passes on the repository', () => {
  const run = spawnSync(process.execPath, [join(repoRoot, 'out', 'test', 'tools', 'layers.js')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});

test('imports are read in every form, and layers by path', () => {
  const src = `import a from 'a';\nimport type { B } from 'b';\nimport 'c';\nexport * from 'd';\nexport { e } from 'e';\nexport type { F } from 'f';\nconst g = await import('g');\nconst h = require('h');\nexport const notAnImport = 'i';\n// import j from 'j';\n`;
  assert.deepEqual(importsOf(src).map((i) => i.spec), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  assert.deepEqual(['server/src/core/x.ts', 'server/src/render/x.ts', 'server/src/x.ts', 'client/src/x.ts', 'protocol/x.ts', 'test/x.ts'].map(layerOf), ['core', 'render', 'server', 'client', 'protocol', undefined]);
});
