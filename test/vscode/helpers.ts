/** Helpers of the suites that run inside VS Code (test/vscode/suite, test/vscode/untrusted): bundled into each. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** A diagnostic's rule id, whether its code is a plain value or a link. */
export const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `get` until `ok` holds (as a user waits for something to appear), failing after `ms` with what was seen. */
export async function until<T>(get: () => T | Promise<T>, ok: (v: T) => boolean, what: string, ms = 30000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() - t0 > ms) assert.fail(`timed out waiting for ${what}: ${typeof v === 'string' ? v : JSON.stringify(v)?.slice(0, 500)}`);
    await sleep(50);
  }
}

/** The first line (0-based) of `doc` that contains `needle` (or matches it). */
export function lineOf(doc: vscode.TextDocument, needle: string | RegExp): number {
  for (let i = 0; i < doc.lineCount; i++) if (typeof needle === 'string' ? doc.lineAt(i).text.includes(needle) : needle.test(doc.lineAt(i).text)) return i;
  assert.fail(`no line matches ${needle}`);
}
