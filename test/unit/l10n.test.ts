/** The extension speaks Chinese by default: every message of the client has its Chinese text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './helpers.js';

/** The messages passed to t(…) in the client's sources, as the JavaScript strings they are. */
function clientMessages(): Map<string, string> {
  const out = new Map<string, string>();
  const dir = join(repoRoot, 'client', 'src');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const m of src.matchAll(/\bt\(\s*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/g)) out.set(JSON.parse(m[1][0] === "'" ? `"${m[1].slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : m[1]), f);
  }
  return out;
}

test('every message of the extension has its Chinese text in l10n/bundle.l10n.zh-cn.json, and the bundle has no stale entry', () => {
  const zh = JSON.parse(readFileSync(join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const used = clientMessages();
  assert.ok(used.size > 60, `${used.size} messages found`);
  const missing = [...used].filter(([m]) => !(m in zh)).map(([m, f]) => `${f}: ${m}`);
  assert.deepEqual(missing, []);
  const stale = Object.keys(zh).filter((m) => !used.has(m));
  assert.deepEqual(stale, []);
  for (const [m, z] of Object.entries(zh)) {
    const holes = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((x) => x[0]).sort().join();
    assert.equal(holes(z), holes(m), `the same placeholders: ${m}`);
  }
});

test('package.nls.zh-cn.json translates every key of package.nls.json, and package.json uses only keys that exist', () => {
  const en = JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const zh = JSON.parse(readFileSync(join(repoRoot, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  const pkg = readFileSync(join(repoRoot, 'package.json'), 'utf8');
  const keys = [...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.deepEqual(keys.filter((k) => !(k in en)), []);
  assert.deepEqual(Object.keys(en).filter((k) => !keys.includes(k)), [], 'no unused key');
});
