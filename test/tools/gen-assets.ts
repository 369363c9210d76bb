/** `npm run assets`: writes the generated files (rule pages, grammar, snippets). A unit test checks they are current. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { grammar, snippets } from '../../server/src/core/assets.js';
import { repoRoot } from '../unit/helpers.js';
import { ALL_RULES, rulePage, rulesIndex } from './rule-docs.js';

/** Each generated file, made from its current text (rule pages keep their hand-written parts). */
export const GENERATED: Record<string, (existing?: string) => string> = {
  'docs/rules/README.md': rulesIndex,
  'syntaxes/xxgk.injection.tmLanguage.json': () => JSON.stringify(grammar(), null, 2) + '\n',
  'snippets/markdown.code-snippets': () => JSON.stringify(snippets(), null, 2) + '\n',
  ...Object.fromEntries(ALL_RULES.map((r) => [`docs/rules/${r.id}.md`, (existing?: string) => rulePage(r, existing)])),
};

export function current(file: string): string | undefined {
  const path = join(repoRoot, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

if (process.argv[1]?.endsWith('gen-assets.js')) {
  for (const [file, make] of Object.entries(GENERATED)) {
    const before = current(file);
    const text = make(before);
    if (text === before) continue;
    mkdirSync(dirname(join(repoRoot, file)), { recursive: true });
    writeFileSync(join(repoRoot, file), text);
    console.log(`wrote ${file}`);
  }
}
