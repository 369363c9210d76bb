import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesMarkdown } from '../../server/src/core/docs.js';
import { repoRoot } from './helpers.js';

test('docs/rules.md is up to date with the rule registry (npm run docs)', () => {
  assert.equal(readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8'), rulesMarkdown());
});
