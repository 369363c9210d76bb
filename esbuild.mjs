// Bundles the extension client and the language server into dist/ (CommonJS, Node 20).
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
// Nothing but the bundles (an earlier build's dist/node_modules/playwright-core is no longer shipped).
rmSync('dist/node_modules', { recursive: true, force: true });
// The repository is "type": "module"; the bundles are CommonJS, as VS Code loads extensions with require().
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
/**
 * esbuild escapes non-ASCII characters in strings but leaves them in regular expression literals and comments: one
 * such character makes V8 hold the whole bundle as a two-byte string, twice the memory (6.8 MB for dist/xxgk.js; a
 * third of `check DIR`'s main heap). Each becomes its \\u escape, which means the same in a regular expression (with
 * or without the u flag, a surrogate pair of escapes is one code point) and in a comment. The source maps' columns
 * move on those lines only.
 */
async function asciiOnly(file) {
  const { readFileSync } = await import('node:fs');
  const code = readFileSync(file, 'utf8');
  // A raw template's text is what it says, escapes and all: with one in the bundle, this is not safe to do.
  if (code.includes('String.raw')) throw new Error(`esbuild.mjs: ${file} uses String.raw; its non-ASCII text cannot be escaped`);
  writeFileSync(file, code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: process.env.XXGK_MINIFY ? false : true, minify: !!process.env.XXGK_MINIFY, logLevel: 'warning', legalComments: 'none' };
await build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
const { cpSync } = await import('node:fs');
// pdf.js (PDF import) is ES modules loaded with import() on the first PDF imported: not bundled (the
// server's start-up does not parse it), copied beside the bundle with only what text extraction needs —
// the two legacy (Node) builds, minified, under their own names, and the character maps.
const pdfjs = 'node_modules/pdfjs-dist';
mkdirSync('dist/node_modules/pdfjs-dist/legacy/build', { recursive: true });
cpSync(`${pdfjs}/package.json`, 'dist/node_modules/pdfjs-dist/package.json');
cpSync(`${pdfjs}/LICENSE`, 'dist/node_modules/pdfjs-dist/LICENSE');
cpSync(`${pdfjs}/legacy/build/pdf.min.mjs`, 'dist/node_modules/pdfjs-dist/legacy/build/pdf.mjs');
cpSync(`${pdfjs}/legacy/build/pdf.worker.min.mjs`, 'dist/node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs');
cpSync(`${pdfjs}/cmaps`, 'dist/node_modules/pdfjs-dist/cmaps', { recursive: true });
await build({
  ...common,
  entryPoints: ['server/src/main.ts'],
  outfile: 'dist/xxgk.js',
  external: ['pdfjs-dist'],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href; const __xxgkImport = globalThis.__xxgkImport ?? ((s) => import(s));" },
});
// V8 drops what import() needs from functions it takes from the code cache ("A dynamic import callback was not
// specified"), so the bundle's import() calls (pdf.js, the workbook, node: modules) go through the loader's own
// import (server/src/boot.ts), or this bundle's when it runs without the loader.
{
  const { readFileSync } = await import('node:fs');
  const code = readFileSync('dist/xxgk.js', 'utf8');
  let n = 0;
  const out = code.replace(/(?<![\w$.])import\((?!\))/g, () => (n++, '__xxgkImport('));
  if (n < 2) throw new Error(`esbuild.mjs: expected the bundle's import() calls, found ${n}`);
  writeFileSync('dist/xxgk.js', out.replace('globalThis.__xxgkImport ?? ((s) => __xxgkImport(s))', 'globalThis.__xxgkImport ?? ((s) => import(s))'));
  await asciiOnly('dist/xxgk.js');
}

// `check` alone (server/src/cli/check-main.ts), the bundle dist/server.js runs for `xxgk-report check`: no import(),
// since a function V8 takes from the code cache could not make one (see above).
await build({ ...common, entryPoints: ['server/src/cli/check-main.ts'], outfile: 'dist/check.js', define: { 'import.meta.url': '__importMetaUrl' }, banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" } });
{
  const { readFileSync } = await import('node:fs');
  if (/(?<![\w$.])import\((?!\))/.test(readFileSync('dist/check.js', 'utf8'))) throw new Error('esbuild.mjs: dist/check.js has an import() call; `check` must load nothing else');
  await asciiOnly('dist/check.js');
}

// dist/server.js loads them with V8's code cache (server/src/boot.ts): dist/check.js's made by a `check` of a clean
// report, dist/xxgk.js's by a language server started on it, up to its first diagnostics.
await build({ ...common, sourcemap: false, entryPoints: ['server/src/boot.ts'], outfile: 'dist/server.js' });
{
  const { spawn, spawnSync } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const env = { ...process.env, XXGK_WRITE_CODE_CACHE: '1' };
  const report = 'test/fixtures/clean/clean-2021.report.md';
  rmSync('dist/xxgk.js.cli.cache', { force: true }); // an earlier build's: the command line's other commands have none
  rmSync('dist/check.js.cli.cache', { force: true });
  rmSync('dist/xxgk.js.lsp.cache', { force: true });
  const r = spawnSync(process.execPath, ['dist/server.js', 'check', report], { env, stdio: 'ignore' });
  if (r.status !== 0) console.warn(`esbuild.mjs: the code cache's check exited with ${r.status}; the command line runs without a cache`);
  const rpc = await import('vscode-jsonrpc/node');
  const proc = spawn(process.execPath, ['dist/server.js', '--stdio'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const uri = pathToFileURL(resolve(report)).href;
  const diagnosed = new Promise((ok) => conn.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && ok(true)));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  conn.onRequest(() => null);
  conn.listen();
  const exited = new Promise((ok) => proc.on('exit', ok));
  try {
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: readFileSync(report, 'utf8') } });
    if (!(await Promise.race([diagnosed, new Promise((ok) => setTimeout(ok, 30_000, false))]))) throw new Error('no diagnostics');
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 10_000))]);
  } catch (e) {
    console.warn(`esbuild.mjs: the code cache's language server: ${e instanceof Error ? e.message : e}; it runs without a cache`);
  } finally {
    conn.dispose();
    proc.kill();
  }
}

// check DIR's worker threads (core only).
await build({ ...common, entryPoints: ['server/src/cli/check-worker.ts'], outfile: 'dist/check-worker.js', define: { 'import.meta.url': '__importMetaUrl' }, banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" } });
await asciiOnly('dist/check-worker.js');

// The import's worker thread (the server imports in it, with a memory and a time budget).
await build({ ...common, entryPoints: ['server/src/import/worker-main.ts'], outfile: 'dist/import-worker.js', external: ['pdfjs-dist'], define: { 'import.meta.url': '__importMetaUrl' }, banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" } });

// The review's worker threads (`review`: one per core), and its workbook writer (exceljs, loaded only for --format xlsx).
await build({ ...common, entryPoints: ['server/src/review/worker-main.ts'], outfile: 'dist/review-worker.js', external: ['pdfjs-dist'], define: { 'import.meta.url': '__importMetaUrl' }, banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" } });
await build({ ...common, entryPoints: ['server/src/review/xlsx.ts'], outfile: 'dist/review-xlsx.js' });

// The mocha suites that run inside VS Code's extension host (loaded with require()).
if (process.env.XXGK_MINIFY === undefined) {
  const { readdirSync } = await import('node:fs');
  const suite = readdirSync('test/vscode/suite').filter((f) => f.endsWith('.ts')).map((f) => `test/vscode/suite/${f}`);
  mkdirSync('out/vscode-suite', { recursive: true });
  writeFileSync('out/vscode-suite/package.json', '{ "type": "commonjs" }\n');
  await build({ ...common, sourcemap: true, minify: false, entryPoints: suite, outdir: 'out/vscode-suite', outExtension: { '.js': '.cjs' }, external: ['vscode', 'mocha'] });
  // The suite run in Restricted Mode (an untrusted workspace), in a VS Code of its own.
  const untrusted = readdirSync('test/vscode/untrusted').filter((f) => f.endsWith('.ts')).map((f) => `test/vscode/untrusted/${f}`);
  mkdirSync('out/vscode-untrusted', { recursive: true });
  writeFileSync('out/vscode-untrusted/package.json', '{ "type": "commonjs" }\n');
  await build({ ...common, sourcemap: true, minify: false, entryPoints: untrusted, outdir: 'out/vscode-untrusted', outExtension: { '.js': '.cjs' }, external: ['vscode', 'mocha'] });
}
