import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';

/** test/fixtures in the source tree (tests run from out/test/…). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesDir = process.env.XXGK_FIXTURES ?? join(repoRoot, "test", "fixtures");

export function fixture(rel: string): string {
  return readFileSync(join(fixturesDir, rel), 'utf8');
}
