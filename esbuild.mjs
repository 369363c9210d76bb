// Bundles the extension client and the language server into dist/ (CommonJS, Node 20).
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
// Nothing but the bundles (an earlier build's dist/node_modules/playwright-core is no longer shipped).
rmSync('dist/node_modules', { recursive: true, force: true });
// The repository is "type": "module"; the bundles are CommonJS, as VS Code loads extensions with require().
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
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
  entryPoints: ['server/src/lsp/main.ts'],
  outfile: 'dist/server.js',
  external: ['pdfjs-dist'],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
});

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
