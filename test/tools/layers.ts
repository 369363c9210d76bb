/**
 * The layer check (run by `npm test` through test/unit/layers.test.ts, and alone as `npm run lint:layers`): which
 * part of the tree may import which. Every import of every source file is read (static, type-only, re-exports,
 * dynamic import() and require()) and checked against LAYERS:
 * - core imports only core, and nothing of VS Code or LSP;
 * - outside core, the core is imported only through its public entry, server/src/core/index.ts (CORE_ENTRY), but for
 *   the leaf the protocol shares with the client (ASSETS);
 * - io only core and io; render and import only core and io (and themselves);
 * - protocol imports nothing but itself and the two leaves it shares with the client (ASSETS);
 * - the client imports only the client, the protocol, vscode, vscode-languageclient and Node's built-ins;
 * - nothing in server/ imports the client.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

type Layer = 'core' | 'io' | 'render' | 'import' | 'review' | 'cli' | 'lsp' | 'protocol' | 'client' | 'server';

/** Source folders checked, relative to the repository. */
export const ROOTS = ['server/src', 'client/src', 'protocol'];
/** The files of other layers that the protocol shares with the client; they must import nothing. */
export const ASSETS = ['server/src/core/isReport.ts', 'server/src/render/css.ts'];
/** The core's one public entry: what every other layer imports of the core. */
export const CORE_ENTRY = 'server/src/core/index.ts';
const VSCODE = /^(vscode|vscode-languageserver|vscode-languageserver-[\w-]+|vscode-languageclient|vscode-jsonrpc)(\/|$)/;

interface Rule {
  /** Layers this one may import (relative imports). */
  layers: Layer[];
  /** Whether a package may be imported (bare specifier). */
  pkg(spec: string): boolean;
}
const notVscode = (s: string) => !VSCODE.test(s);
const LAYERS: Record<Layer, Rule> = {
  core: { layers: ['core'], pkg: notVscode },
  io: { layers: ['core', 'io'], pkg: notVscode },
  render: { layers: ['core', 'io', 'render'], pkg: notVscode },
  import: { layers: ['core', 'io', 'import'], pkg: notVscode },
  review: { layers: ['core', 'io', 'render', 'import', 'review', 'cli', 'lsp', 'server', 'protocol'], pkg: () => true },
  cli: { layers: ['core', 'io', 'render', 'import', 'review', 'cli', 'lsp', 'server', 'protocol'], pkg: () => true },
  lsp: { layers: ['core', 'io', 'render', 'import', 'review', 'cli', 'lsp', 'server', 'protocol'], pkg: () => true },
  server: { layers: ['core', 'io', 'render', 'import', 'review', 'cli', 'lsp', 'server', 'protocol'], pkg: () => true },
  protocol: { layers: ['protocol'], pkg: () => false },
  client: { layers: ['client', 'protocol'], pkg: (s) => s.startsWith('node:') || s === 'vscode' || /^vscode-languageclient(\/|$)/.test(s) },
};

/** The layer of a file, by its path relative to the repository (undefined: not checked). */
export function layerOf(rel: string): Layer | undefined {
  const p = rel.split(sep).join('/');
  if (p.startsWith('protocol/')) return 'protocol';
  if (p.startsWith('client/src/')) return 'client';
  const m = /^server\/src\/(?:([^/]+)\/)?/.exec(p);
  if (!m) return undefined;
  return (['core', 'io', 'render', 'import', 'review', 'cli', 'lsp'] as string[]).includes(m[1] ?? '') ? (m[1] as Layer) : 'server';
}

/** The module specifiers a source imports, with their lines. */
export function importsOf(source: string): { spec: string; line: number }[] {
  // Comments out (block comments and whole-line // comments), lines kept, so that prose naming a module is no import.
  const text = source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, '');
  const found: { spec: string; at: number }[] = [];
  const patterns = [
    /^[ \t]*import\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm,
    /^[ \t]*export\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push({ spec: m[1], at: m.index! + m[0].lastIndexOf(m[1]) });
  return found.sort((a, b) => a.at - b.at).map((f) => ({ spec: f.spec, line: text.slice(0, f.at).split('\n').length }));
}

export interface Violation {
  file: string;
  line: number;
  spec: string;
  message: string;
}

function sources(root: string, dir: string, out: string[]): string[] {
  let items: string[];
  try {
    items = readdirSync(join(root, dir));
  } catch {
    return out;
  }
  for (const name of items) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) sources(root, rel, out);
    else if (/\.(ts|mts|cts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Every import of the tree under `root` that its layer does not allow. */
export function checkLayers(root: string): Violation[] {
  const bad: Violation[] = [];
  const files = ROOTS.flatMap((r) => sources(root, r, []));
  for (const file of files) {
    const from = layerOf(file)!;
    const rule = LAYERS[from];
    const rel = file.split(sep).join('/');
    for (const { spec, line } of importsOf(readFileSync(join(root, file), 'utf8'))) {
      if (ASSETS.includes(rel)) {
        bad.push({ file: rel, line, spec, message: `${rel} is shared with the client through protocol/assets.ts and must import nothing` });
        continue;
      }
      if (!spec.startsWith('.')) {
        if (!rule.pkg(spec)) bad.push({ file: rel, line, spec, message: `${from} may not import the package ${spec}` });
        continue;
      }
      const target = relative(root, resolve(root, dirname(file), spec)).split(sep).join('/').replace(/\.(m|c)?js$/, '.$1ts');
      const to = layerOf(target);
      if (from === 'protocol' && ASSETS.includes(target)) continue;
      if (!to) bad.push({ file: rel, line, spec, message: `${from} imports ${target}, outside the layered sources` });
      else if (!rule.layers.includes(to)) bad.push({ file: rel, line, spec, message: `${from} may not import ${to} (${target})` });
      else if (to === 'core' && from !== 'core' && target !== CORE_ENTRY) {
        bad.push({ file: rel, line, spec, message: `${from} may import the core only through ${CORE_ENTRY}, not ${target}` });
      }
    }
  }
  return bad;
}

/** `node out/test/tools/layers.js [ROOT]`: prints the violations, exits 1 when there is one. */
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../../..'));
  const bad = checkLayers(root);
  for (const v of bad) console.log(`${v.file}:${v.line}: ${v.message}`);
  console.log(bad.length ? `layers: ${bad.length} forbidden import(s)` : 'layers: every import is allowed');
  process.exitCode = bad.length ? 1 : 0;
}
