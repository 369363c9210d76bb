/** `npm run assets`: writes the generated files (rule docs, grammar, snippets). A unit test checks they are current. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesMarkdown } from '../../server/src/core/docs.js';
import { grammar, snippets } from '../../server/src/core/assets.js';
import { repoRoot } from '../unit/helpers.js';

export const GENERATED: Record<string, () => string> = {
  'docs/rules.md': rulesMarkdown,
  'syntaxes/xxgk.injection.tmLanguage.json': () => JSON.stringify(grammar(), null, 2) + '\n',
  'snippets/markdown.code-snippets': () => JSON.stringify(snippets(), null, 2) + '\n',
};

if (process.argv[1]?.endsWith('gen-assets.js')) {
  for (const [file, make] of Object.entries(GENERATED)) {
    writeFileSync(join(repoRoot, file), make());
    console.log(`wrote ${file}`);
  }
}
