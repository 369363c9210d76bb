/**
 * Bounded reads (io/files.ts): a file is read whole whatever its size against the size fstat gave, a file that says
 * 0 bytes (/proc) is read to its end, a longer file than the limit is refused or cut at exactly the limit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegularFile, readRegularFileSync } from '../../server/src/io/files.js';

const dir = mkdtempSync(join(tmpdir(), 'xxgk-files-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function bytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

for (const n of [0, 1, 4095, 4096, 4097, 1024 * 1024 - 1, 1024 * 1024 + 3, 3 * 1024 * 1024 + 5]) {
  test(`a file of ${n} bytes is read whole, byte for byte`, async () => {
    const f = join(dir, `f${n}`);
    const b = bytes(n);
    writeFileSync(f, b);
    assert.ok(readRegularFileSync(f, { maxBytes: 32 << 20 }).bytes.equals(b));
    assert.ok((await readRegularFile(f, { maxBytes: 32 << 20 })).bytes.equals(b));
  });
}

test('a file whose size says 0 (/proc) is read to its end', async () => {
  const want = readFileSync('/proc/self/maps', 'utf8').split('\n')[0];
  const got = readRegularFileSync('/proc/self/maps', { maxBytes: 32 << 20 }).bytes.toString('utf8');
  assert.ok(got.length > 0 && got.startsWith(want.slice(0, 8)), got.slice(0, 80));
  assert.ok((await readRegularFile('/proc/self/maps', { maxBytes: 32 << 20 })).bytes.length > 0);
});

test('one byte past the limit is refused; with partial, exactly the limit is kept', async () => {
  const f = join(dir, 'long');
  const b = bytes(10_001);
  writeFileSync(f, b);
  assert.ok(readRegularFileSync(f, { maxBytes: 10_001 }).bytes.equals(b));
  assert.throws(() => readRegularFileSync(f, { maxBytes: 10_000 }), /10,000|10000|9\.8 KB|limit|上限/);
  await assert.rejects(readRegularFile(f, { maxBytes: 10_000 }), /limit|上限/);
  assert.ok(readRegularFileSync(f, { maxBytes: 10_000, partial: true }).bytes.equals(b.subarray(0, 10_000)));
  assert.ok((await readRegularFile(f, { maxBytes: 10_000, partial: true })).bytes.equals(b.subarray(0, 10_000)));
});
