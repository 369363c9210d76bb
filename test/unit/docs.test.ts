import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENERATED, current } from '../tools/gen-assets.js';
import { NEXT_YEAR, PREVIOUS_YEAR, grammar, reportSnippet } from '../../server/src/core/assets.js';
import { repoRoot } from './helpers.js';
import { ALL_RULES, HAND_SECTIONS, PLACEHOLDER } from '../tools/rule-docs.js';

for (const [file, make] of Object.entries(GENERATED)) {
  test(`${file} is up to date (npm run assets)`, () => {
    const text = current(file);
    assert.ok(text !== undefined, `${file} exists`);
    assert.equal(text, make(text));
  });
}

test('the grammar marks labels, numbers and disable comments on real lines', () => {
  const g = grammar() as { repository: Record<string, { match: string }> };
  const re = (k: string) => new RegExp(g.repository[k].match, 'u');
  assert.equal(re('label').exec('| 一、本年新收政府信息公开申请数量 | 5 |')?.[1], '一、本年新收政府信息公开申请数量');
  assert.equal(re('label').exec('| 行政诉讼（复议后起诉） | 0 |')?.[1], '行政诉讼（复议后起诉）');
  assert.equal(re('number').exec('| 规章 | 1698 |')?.[1], '1698');
  assert.equal(re('disable').exec('<!-- xxgk-disable A01,C03 -->')?.[1], 'xxgk-disable');
  assert.equal(re('section').exec('## 三、收到和处理政府信息公开申请情况')?.[1], '三、收到和处理政府信息公开申请情况');
});

/** VS Code's snippet transform as it applies `${N/regex/format/}` (FormatString: `$n` and `${n:+text}`). */
function transform(value: string, t: { regex: string; format: string }): string {
  const m = new RegExp(t.regex).exec(value);
  if (!m) return value;
  return t.format.replace(/\$\{(\d+):\+([^}]*)\}|\$(\d+)/g, (_, n, text, plain) => (n ? (m[Number(n)] ? text : '') : (m[Number(plain)] ?? '')));
}

test('the report snippet: its year transforms add and subtract one with the carry, for every year it can be given', () => {
  for (let y = 2000; y < 2099; y++) {
    assert.equal(transform(String(y), NEXT_YEAR), String(y + 1), `${y} + 1`);
    assert.equal(transform(String(y + 1), PREVIOUS_YEAR), String(y), `${y + 1} − 1`);
  }
  assert.equal(transform('二〇二五', NEXT_YEAR), '二〇二五', 'not four digits: left as typed');
  const body = reportSnippet().join('\n');
  assert.equal(body.match(/\$\{2:/g)?.length, 1, 'one placeholder for the year, the rest mirror it');
  assert.match(body, /^发布日期: \$\{2\/.+\/\}-01-20$/m, 'the publication date follows the year');
  assert.match(body, /^\$\{2\/.+\/\}年1月20日$/m, 'so does the signature date');
  assert.doesNotMatch(body.replace('格式: 2021', ''), /(?<![\d{$+:])20\d\d(?!\d)/, 'no year is written as a fixed figure (格式 is the edition)');
});

describe('the rule pages and every link of the documentation', () => {
  const pages = readdirSync(join(repoRoot, 'docs', 'rules')).filter((f) => /^[A-Z]\d{2}\.md$/.test(f));
  test('every rule has its page, and every page is of a rule', () => {
    assert.deepEqual(pages.map((f) => f.slice(0, 3)).sort(), ALL_RULES.map((r) => r.id).sort());
  });
  for (const r of ALL_RULES) {
    test(`docs/rules/${r.id}.md: id, name and severity of the module; what, why and fix written in both languages`, () => {
      const page = readFileSync(join(repoRoot, 'docs', 'rules', `${r.id}.md`), 'utf8');
      assert.ok(page.includes(`# ${r.id} ${r.name}：${r.description.zh}`), 'the title names the rule');
      for (const h of HAND_SECTIONS) {
        const m = new RegExp(`^${h}\\n\\n([\\s\\S]*?)(?=\\n<!-- xxgk:|\\n#{2,3} |$)`, 'm').exec(page);
        assert.ok(m, `${r.id}: the section "${h}"`);
        assert.ok(m[1].trim().length >= 10 && !m[1].includes(PLACEHOLDER), `${r.id}: "${h}" is written`);
      }
      // Chinese first, then English.
      assert.ok(page.indexOf('## 检查什么') < page.indexOf('## English'));
    });
  }

  /** GitHub's and VS Code's heading anchors: lower case, punctuation dropped, spaces to '-'. */
  const slug = (h: string) => h.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
  const anchors = (text: string) => new Set([...text.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));

  const docs = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...walk('docs')].filter((f) => existsSync(join(repoRoot, f)));
  function walk(dir: string): string[] {
    return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(`${dir}/${d.name}`) : d.name.endsWith('.md') ? [`${dir}/${d.name}`] : []));
  }
  test('every link of the README, the guides and the rule pages resolves inside the repository', () => {
    assert.ok(docs.length > 40, docs.join(', '));
    const broken: string[] = [];
    for (const file of docs) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      for (const m of prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const href = m[1];
        if (/^(https?|mailto):/.test(href)) continue;
        if (/^[a-z]+:/.test(href)) {
          broken.push(`${file}: ${href} (not a file of the repository)`);
          continue;
        }
        const [path, anchor] = href.split('#');
        const target = path ? join(dirname(join(repoRoot, file)), decodeURIComponent(path)) : join(repoRoot, file);
        if (!target.startsWith(repoRoot + '/') || !existsSync(target)) {
          broken.push(`${file}: ${href}`);
          continue;
        }
        if (anchor && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${file}: ${href} (no heading #${anchor})`);
      }
    }
    assert.deepEqual(broken, []);
  });
  test('nothing points at files outside the repository (../shared is for tests and scripts only)', () => {
    const outside = docs.filter((f) => /(\.\.\/)+shared\/|shared\/spec/.test(readFileSync(join(repoRoot, f), 'utf8')));
    assert.deepEqual(outside, []);
  });
});
