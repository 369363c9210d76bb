/** The language server checked by a client this project did not write: headless Neovim (Debian `neovim`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, fixturesDir, parseExpected } from '../unit/helpers.js';

test('Neovim opens seed 001 and shows the server\'s diagnostics', () => {
  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.equal(nvim.status, 0, 'nvim is installed (scripts/setup-test-env.sh installs Debian neovim)');
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-nvim-'));
  try {
    const out = join(dir, 'diagnostics.json');
    const file = join(fixturesDir, 'seeds', '001.report.md');
    const r = spawnSync('nvim', ['--headless', '--clean', '-i', 'NONE', '-n', '-c', `luafile ${join(repoRoot, 'test', 'editors', 'neovim.lua')}`], {
      encoding: 'utf8',
      timeout: 60000,
      env: { ...process.env, XXGK_FILE: file, XXGK_BIN: join(repoRoot, 'bin', 'xxgk-report.js'), XXGK_OUT: out, HOME: dir, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir },
    });
    assert.equal(r.status, 0, r.stderr);
    const shown = JSON.parse(readFileSync(out, 'utf8')) as { ok: boolean; diagnostics: { code: string; lnum: number }[] };
    assert.equal(shown.ok, true, 'diagnostics arrived');
    // Neovim counts columns in bytes, so compare codes and lines with the explained expectations.
    const expected = parseExpected(readFileSync(join(fixturesDir, 'seeds', '001.expected.txt'), 'utf8')).map((e) => e.replace(/:\d+$/, '')).sort();
    const actual = shown.diagnostics.map((d) => `${d.code} ${d.lnum + 1}`).sort();
    assert.deepEqual(actual, expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
