/** The PDF printer when the browser it is given is no browser: it says so, and never hangs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPdf } from '../../server/src/render/pdf.js';

function script(dir: string, name: string, body: string, mode = 0o755): string {
  const p = join(dir, name);
  writeFileSync(p, body, { mode });
  return p;
}

test('a browser that cannot start, one that stops at once and one that never answers: an error that says which, in time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-printer-'));
  try {
    await assert.rejects(renderPdf('<p>x</p>', { browserPath: script(dir, 'not-a-program', 'text', 0o644) }), /could not start .*not-a-program/);
    await assert.rejects(renderPdf('<p>x</p>', { browserPath: script(dir, 'stops', '#!/bin/sh\necho "no display" >&2\nexit 3\n') }), /stops stopped before the PDF was printed \(exit code 3\): no display/);
    const t0 = Date.now();
    await assert.rejects(renderPdf('<p>x</p>', { browserPath: script(dir, 'hangs', '#!/bin/sh\nexec sleep 60\n'), timeoutMs: 1000 }), /took more than 1 s/);
    assert.ok(Date.now() - t0 < 10000, `gave up in ${Date.now() - t0} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
