// Bundles the extension client and the language server into dist/ (CommonJS, Node 20).
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
// The repository is "type": "module"; the bundles are CommonJS, as VS Code loads extensions with require().
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: process.env.XXGK_MINIFY ? false : true, minify: !!process.env.XXGK_MINIFY, logLevel: 'warning', legalComments: 'none' };
await build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
// playwright-core (PDF export) is loaded on the first PDF export only, from dist/node_modules/playwright-core. What
// printing a PDF uses is its client and server bundles (index.js → lib/coreBundle.js, lib/utilsBundle.js) and the two
// JSON files they read at run time; nothing else of the package runs (its installers, CLI, MCP, trace viewer and
// recorder UIs, webp codec). So it is bundled once more by esbuild into one file beside those JSON files and its
// licence texts: 7.6 MB of package become one minified script.
const { cpSync, rmSync } = await import('node:fs');
const pw = 'dist/node_modules/playwright-core';
rmSync('dist/node_modules', { recursive: true, force: true });
mkdirSync(`${pw}/lib`, { recursive: true });
for (const f of ['package.json', 'browsers.json', 'index.mjs', 'LICENSE', 'NOTICE', 'ThirdPartyNotices.txt', 'lib/utilsBundle.js.LICENSE', 'lib/serverRegistry.js.LICENSE']) cpSync(`node_modules/playwright-core/${f}`, `${pw}/${f}`);
// index.mjs (the package's own) re-exports index.js for import(). lib/bundle.js: its own packageRoot is lib/.. (where package.json and browsers.json are), as in the package.
await build({ ...common, sourcemap: false, minify: true, entryPoints: ['node_modules/playwright-core/index.js'], outfile: `${pw}/lib/bundle.js`, logLevel: 'error' });
writeFileSync(`${pw}/index.js`, "module.exports = require('./lib/bundle.js');\n");
await build({
  ...common,
  entryPoints: ['server/src/lsp/main.ts'],
  outfile: 'dist/server.js',
  external: ['playwright-core'],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
});

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
