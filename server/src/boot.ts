/**
 * dist/server.js: the loader of the bundles, with V8's code cache. dist/xxgk.js is the command line and the language
 * server (server/src/main.ts); dist/check.js is `check` alone (server/src/cli/check-main.ts: a quarter of the size),
 * which `xxgk-report check …` runs. Compiling a bundle is most of a `check`'s own start-up (Node 20 has no compile
 * cache of its own), so the build runs one `check`, and one language server to its first diagnostics, and saves V8's
 * cache of what each compiled (dist/check.js.cli.cache, dist/xxgk.js.lsp.cache; XXGK_WRITE_CODE_CACHE=1); later runs
 * hand it to V8, which checks it against the source and its own version and flags, and rejects it when they differ
 * (another Node, as in VS Code's Electron, or a rebuilt bundle): the bundle is then compiled as without it. The other
 * commands (export, import, review, new-year) compile dist/xxgk.js without a cache. Nothing is written at run time.
 *
 * The bundle runs as a CommonJS module of its own (its require, module, __filename and __dirname). Its import() calls
 * (pdf.js, the workbook) are made here, by a module Node loaded itself: a function V8 took from the cache has lost
 * what import() needs (esbuild.mjs points them at __xxgkImport).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Script, constants } from 'node:vm';
import Module from 'node:module';
import { join } from 'node:path';

// The language server is started with a transport (as main.ts tells); `check` has a bundle of its own.
const argv = process.argv.slice(2);
const lsp = argv[0] === 'lsp' || argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
const file = join(__dirname, !lsp && argv[0] === 'check' ? 'check.js' : 'xxgk.js');
const cacheFile = `${file}.${lsp ? 'lsp' : 'cli'}.cache`;
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  /* no cache: compiled as it is */
}
// (import() itself goes through __xxgkImport below; the default loader is asked for where Node has it, for safety.)
const loader = (constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
// The source is read in a function of its own, so that only V8's copy of it stays (not a second one of the bundle).
const compile = () => new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData, ...(loader ? { importModuleDynamically: loader as never } : {}) });
const script = compile();
if (process.env.XXGK_CODE_CACHE_DEBUG) process.stderr.write(`code cache: ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'used') : 'none'}\n`);
if (process.env.XXGK_WRITE_CODE_CACHE === '1') process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));

(globalThis as { __xxgkImport?: (s: string) => Promise<unknown> }).__xxgkImport = (s: string) => import(s);

type ModuleInternals = Module & { filename: string; paths: string[] };
const Mod = Module as unknown as { new (id: string, parent?: unknown): ModuleInternals; _nodeModulePaths(dir: string): string[] };
const m = new Mod(file, module);
m.filename = file;
m.paths = Mod._nodeModulePaths(__dirname);
const require = Object.assign((id: string) => m.require(id), { resolve: (id: string) => (Module as unknown as { _resolveFilename(id: string, parent: unknown): string })._resolveFilename(id, m) });
(script.runInThisContext() as (...a: unknown[]) => void).call(m.exports, m.exports, require, m, file, __dirname);
