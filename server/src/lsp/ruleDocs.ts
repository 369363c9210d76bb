/** Where a rule's page is: its `docs` metadata (docs/rules/<ID>.md of the package), linked from diagnostics (LSP) and the CLI's JSON. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ruleById } from '../core/index.js';

/**
 * The package root (the folder that holds docs/rules/), found from this file (out/… or dist/…), as a file URL
 * ending in '/'.
 */
export function findPackageRoot(): string | undefined {
  try {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 6; i++) {
      if (existsSync(join(dir, 'docs', 'rules', 'S01.md'))) return pathToFileURL(dir).href + '/';
      dir = dirname(dir);
    }
  } catch {
    /* no docs link */
  }
  return undefined;
}

/**
 * How diagnostics link to a rule's page: the client's template (`{code}` replaced; VS Code passes a command that
 * opens the rendered page), else the file URL of the page its rule's `docs` names (none for a code that is no rule's id).
 */
export function ruleLinker(template: string | undefined, root = findPackageRoot()): (code: string) => string | undefined {
  if (template && template.includes('{code}')) return (code) => template.replace(/\{code\}/g, encodeURIComponent(code));
  return (code) => {
    const rule = ruleById(code);
    return root && rule?.id === code ? new URL(rule.docs, root).href : undefined;
  };
}
