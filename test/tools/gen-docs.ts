import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesMarkdown } from '../../server/src/core/docs.js';
import { repoRoot } from '../unit/helpers.js';

writeFileSync(join(repoRoot, 'docs', 'rules.md'), rulesMarkdown());
console.log('wrote docs/rules.md');
