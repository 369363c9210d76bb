/**
 * The parser (server/src/core/micro.ts: one flow-only micromark parser, events walked into blocks) reads every text
 * as remark-parse + remark-gfm + remark-frontmatter did (test/unit/parse-reference.ts, the parser before issue 16):
 * chunk by chunk the same blocks (kind, span, depth, heading content, table rows and cells, front matter and HTML
 * values, nesting) and the same limit notes, and over the whole text the same findings, on
 *  - every report under test/fixtures (and the import fixtures' texts, read as they are and imported);
 *  - the real published reports of ../shared/real/ and the seeds of ../shared/seeds/, when they are there (outside the
 *    repository: without them those tests are skipped), as they are and imported;
 *  - the fuzz corpus (fuzz-corpus.ts: mutated fixtures), XXGK_FUZZ_RUNS of them;
 *  - hand-written chunks of the constructs the new parser treats with care (setext headings, task list items,
 *    autolink literals, footnotes, definitions, HTML, containers, CRLF, masked input).
 * One excuse: a heading whose content the reference misreads (GFM's autolink transform leaves nodes without a
 * position, so its content span read as 0; see `misread`) is compared by everything but its content.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Analyzer } from '../../server/src/core/index.js';
import { chunkText, parseChunkNoted, plainChunk, type Block } from '../../server/src/core/parse.js';
import { importReport } from '../../server/src/import/index.js';
import { misread, referenceAnalyzer, referenceChunkNoted } from './parse-reference.js';
import { FIXTURES, RUNS, SEED, doc, textOf } from './fuzz-corpus.js';
import { fixturesDir, repoRoot } from './helpers.js';

/** A block as compared: a misread heading without its content. */
function comparable(b: Block, excuse: boolean): unknown {
  if (excuse && b.kind === 'heading') return { ...b, content: null, text: null };
  return b;
}

/** The first difference between the two parsers' readings of `text`, or null. */
function difference(text: string): string | null {
  for (const c of chunkText(text)) {
    const got = parseChunkNoted(c.text);
    const want = referenceChunkNoted(c.text);
    if (got.blocks.length !== want.blocks.length) return `chunk at ${c.start}: ${got.blocks.length} blocks, remark ${want.blocks.length}\n${JSON.stringify(c.text.slice(0, 300))}`;
    for (let i = 0; i < want.blocks.length; i++) {
      const excuse = misread.has(want.blocks[i]);
      const g = JSON.stringify(comparable(got.blocks[i], excuse));
      const w = JSON.stringify(comparable(want.blocks[i], excuse));
      if (g !== w) return `chunk at ${c.start}, block ${i}:\n  new    ${g}\n  remark ${w}\n${JSON.stringify(c.text.slice(0, 300))}`;
    }
    if (JSON.stringify(got.limits) !== JSON.stringify(want.limits)) return `chunk at ${c.start}: limits ${JSON.stringify(got.limits)}, remark ${JSON.stringify(want.limits)}`;
  }
  const got = new Analyzer().analyze(text);
  const want = referenceAnalyzer().analyze(text);
  assert.deepEqual(got.errors, []);
  const g = JSON.stringify(got.findings);
  const w = JSON.stringify(want.findings);
  if (g !== w) return `findings differ:\n  new    ${g.slice(0, 2000)}\n  remark ${w.slice(0, 2000)}`;
  return null;
}

function same(text: string, name: string): void {
  const d = difference(text);
  assert.equal(d, null, `${name}: ${d}`);
}

function files(dir: string, re: RegExp): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => join(dir, f)) : [];
}

describe('the parser reads as remark did', () => {
  test('every report of test/fixtures', () => {
    assert.ok(FIXTURES.length >= 7);
    for (const f of FIXTURES) same(f.text, f.name);
  });

  test('the import fixtures, as text and imported', async () => {
    const paths = files(join(fixturesDir, 'import', 'seeds'), /\.txt$/);
    assert.ok(paths.length > 0);
    for (const p of paths) {
      const data = readFileSync(p);
      same(data.toString('utf8'), p);
      same((await importReport({ name: p, data })).text, `${p} imported`);
    }
  });

  const real = join(repoRoot, '..', 'shared', 'real');
  test('the real reports of ../shared/real, as text and imported', { skip: existsSync(real) ? false : '../shared/real is not here (it is outside the repository)' }, async () => {
    const paths = files(real, /\.(md|txt|html|pdf|docx)$/);
    assert.ok(paths.length > 0);
    for (const p of paths) {
      const data = readFileSync(p);
      if (/\.(md|txt)$/.test(p)) same(data.toString('utf8'), p);
      if (p.endsWith('README.md')) continue;
      same((await importReport({ name: p, data })).text, `${p} imported`);
    }
  });

  const seeds = join(repoRoot, '..', 'shared', 'seeds');
  test('the seeds of ../shared/seeds, as text and imported', { skip: existsSync(seeds) ? false : '../shared/seeds is not here (it is outside the repository)' }, async () => {
    const paths = files(seeds, /./);
    assert.ok(paths.length > 0);
    for (const p of paths) {
      const data = readFileSync(p);
      same(data.toString('utf8'), p);
      same((await importReport({ name: p, data })).text, `${p} imported`);
    }
  });

  test(`the fuzz corpus (${RUNS} mutated fixtures, seed ${SEED})`, () => {
    fc.assert(
      fc.property(doc, (d) => {
        const text = textOf(d);
        const diff = difference(text);
        if (diff) throw new Error(diff);
      }),
      { seed: SEED + 16, numRuns: RUNS },
    );
  });

  // The chunks read without micromark (plainChunk): lines made of the characters that start other blocks, or end
  // a heading or paragraph otherwise, in every position; the plain reading, when there is one, is micromark's.
  const risky = fc.constantFrom('', ' ', '  ', '\t', '#', '# ', '## ', '###### ', '####### ', '#\t', ' #', '>', '-', '- ', '+ ', '*', '_', '=', '===', '---', '...', '`', '```', '~~~', '<', '<div>', '[', '[a]: x', '[^1]: y', '|', '1.', '1. ', '12)', '.', ')', '\\', '&amp;', '**粗**', '\ufeff', '\u3000');
  const piece = fc.oneof({ arbitrary: fc.constantFrom('正文', 'a', '2021', '：', '。', '第1项'), weight: 8 }, { arbitrary: risky, weight: 1 });
  const line = fc.array(piece, { minLength: 0, maxLength: 5 }).map((xs) => xs.join(''));
  const chunk = fc.tuple(fc.boolean(), fc.array(line, { minLength: 1, maxLength: 6 }), fc.constantFrom('', '\n', '\n\n', '\n  \n', '\n正文')).map(([front, lines, end]) => (front ? `---\n${lines.slice(1).map((l) => l + '\n').join('')}---` : lines.join('\n')) + end);
  test('chunks read without micromark read as micromark reads them', () => {
    let plain = 0;
    let runs = 0;
    fc.assert(
      fc.property(chunk, (text) => {
        runs++;
        const got = plainChunk(text);
        if (!got) return;
        plain++;
        assert.deepEqual(got, referenceChunkNoted(text).blocks, JSON.stringify(text));
      }),
      { seed: SEED + 17, numRuns: Math.max(RUNS * 10, 2000) },
    );
    // The property says something only if the plain path is taken, and declined, often enough.
    assert.ok(plain > runs / 10 && plain < runs * 0.9, `${plain} of ${runs} chunks read without micromark`);
  });

  test('most chunks of a report are read without micromark', () => {
    for (const f of FIXTURES.filter((x) => x.name.includes('clean'))) {
      const chunks = chunkText(f.text);
      const plain = chunks.filter((c) => plainChunk(c.text)).length;
      assert.ok(plain >= chunks.length / 2, `${f.name}: ${plain} of ${chunks.length} chunks`);
    }
  });

  const cases: [string, string][] = [
    ['setext heading with trailing spaces', '标题  \t\n===\n\n正文\n---\n'],
    ['setext heading over two lines', '第一行\n第二行  \n---\n'],
    ['ATX heading, empty and closed', '#\n\n## \n\n### 标题 ###\n\n#### 标题 #\\#\n'],
    ['heading with an autolink literal', '# www.example.com 报告\n\n## 见 https://example.com\n'],
    ['task list items', '- [ ] 未做\n- [x] 已做\n  继续\n- [x]\n- [ ] **粗** 字\n* [x] 标题\n  ---\n'],
    ['task list item with escapes and references', '- [x] \\* 转义 &amp; 引用\n- [ ] `代码` 后\n'],
    ['footnotes and definitions', '正文[^1]。\n\n[^1]: 脚注\n    续行\n\n[a]: https://example.com "标题"\n[b]:\n  <x>\n'],
    ['front matter with CRLF', '---\r\ntitle: 某局\r\nyear: 2021\r\n---\r\n\r\n# 标题\r\n'],
    ['HTML blocks', '<!-- 注释\n多行 -->\n\n<div>\n*x*\n</div>\n\n<pre>\n\n</pre>\n'],
    ['tables in containers', '> | a | b |\n> | - | - |\n> | 1 | 2 |\n\n- | a |\n  | - |\n  | 1 |\n'],
    ['table with escaped pipes and no body', '| a \\| b | c |\n| :-: | --: |\n\n|x|\n|-|\n|`y|z`|\n'],
    ['lazy continuation and lists', '> 引用\n继续\n\n1. 一\n2) 二\n\n   缩进\n\n- a\n\n      代码\n'],
    ['code blocks', '```js\n# 不是标题\n```\n\n    缩进代码\n\n~~~\n未闭合\n'],
    ['thematic breaks and bullets', '***\n- - -\n_ _ _\n* a\n+ b\n'],
    ['emphasis past the inline limit', `${'*a'.repeat(600)}\n\n# 标题 ${'_b'.repeat(600)}\n`],
    ['brackets past the inline limit', `${'](['.repeat(600)}\n\n- [x] ${'['.repeat(600)}\n`],
    ['nesting past the limit', `${'> '.repeat(40)}深\n\n${'- '.repeat(40)}深\n`],
    ['a large table (the linear path)', `前文\n\n| a | b |\n| - | - |\n${'| 1 | 2 |\n'.repeat(1300)}\n后文\n`],
  ];
  for (const [name, text] of cases) test(`chunks: ${name}`, () => same(text, name));
});
