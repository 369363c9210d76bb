/** Where a rule's page is: docs/rules/<ID>.md of the package, linked from diagnostics (LSP) and the CLI's JSON. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The folder of the rule pages (docs/rules/) next to the package, found from this file (out/… or dist/…), as a
 * file URL ending in '/'.
 */
export function findRuleDocs(): string | undefined {
  try {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 6; i++) {
      const p = join(dir, 'docs', 'rules');
      if (existsSync(join(p, 'S01.md'))) return pathToFileURL(p).href + '/';
      dir = dirname(dir);
    }
  } catch {
    /* no docs link */
  }
  return undefined;
}

/**
 * How diagnostics link to a rule's page: the client's template (`{code}` replaced; VS Code passes a command that
 * opens the rendered page), else the page's file URL.
 */
export function ruleLinker(template: string | undefined, base = findRuleDocs()): (code: string) => string | undefined {
  if (template && template.includes('{code}')) return (code) => template.replace(/\{code\}/g, encodeURIComponent(code));
  return (code) => (base && /^[A-Z]\d{2}$/.test(code) ? `${base}${code}.md` : undefined);
}
