import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

/** test/fixtures in the source tree (tests run from out/test/…). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesDir = process.env.XXGK_FIXTURES ?? join(repoRoot, "test", "fixtures");

export function fixture(rel: string): string {
  return readFileSync(join(fixturesDir, rel), 'utf8');
}

/** Reads an expected-findings file: lines `CODE LINE:COL  # why`, comments and blanks ignored. */
export function parseExpected(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const m = /^([SCATDNX]\d\d)\s+(\d+):(\d+)$/.exec(line);
    assert.ok(m, `malformed expectation line: ${raw}`);
    out.push(`${m[1]} ${m[2]}:${m[3]}`);
  }
  return out.sort();
}

