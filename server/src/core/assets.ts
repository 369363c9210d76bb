/** Editor assets generated from the standard definitions: the TextMate injection grammar and the snippets. */
import { S2_BLOCKS, SECTIONS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_ROWS } from './standard.js';
import { section2Text, skeleton, table3Text, table4Text } from './skeleton.js';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function grammar(): object {
  const labels = new Set<string>();
  for (const e of [2019, 2021] as const) {
    for (const r of T3_ROWS[e]) labels.add(r.label);
    for (const b of S2_BLOCKS[e]) for (const r of b.rows) labels.add(r.label);
  }
  for (const r of T4_ROWS) labels.add(r.label);
  const columns = new Set<string>(['信息内容', '申请人情况', '类别', ...T3_COLUMNS.map((c) => c.label), ...T4_COLUMNS.map((c) => c.label)]);
  for (const e of [2019, 2021] as const) for (const b of S2_BLOCKS[e]) for (const c of b.columns) columns.add(c.label);
  const byLength = (a: string, b: string) => b.length - a.length;
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'xxgk-report injection',
    scopeName: 'markdown.xxgk.injection',
    injectionSelector: 'L:text.html.markdown -markup.fenced_code.block.markdown -markup.inline.raw.string.markdown',
    patterns: [{ include: '#disable' }, { include: '#frontmatter-key' }, { include: '#section' }, { include: '#label' }, { include: '#number' }],
    repository: {
      disable: {
        match: '<!--\\s*(xxgk-(?:disable-next-line|disable|enable))\\b([^>]*?)-->',
        name: 'comment.block.html.xxgk',
        captures: { 1: { name: 'keyword.control.xxgk' }, 2: { name: 'constant.other.rule-id.xxgk' } },
      },
      'frontmatter-key': {
        match: '^(机关|年度|格式|报告类型|发布日期|agency|year|template|kind|published)(?=\\s*:)',
        name: 'support.type.property-name.xxgk',
      },
      section: {
        match: `(?<=^##\\s*)(${SECTIONS.map((s) => esc(s.heading)).join('|')})\\s*$`,
        name: 'entity.name.section.xxgk',
      },
      label: {
        match: `(?<=\\|\\s*)(${[...labels, ...columns].sort(byLength).map(esc).join('|')})(?=\\s*\\|)`,
        name: 'entity.name.tag.label.xxgk',
      },
      number: {
        match: '(?<=\\|)\\s*([+-]?[0-9０-９][0-9０-９,，]*(?:\\.[0-9]+)?)\\s*(?=\\|)',
        captures: { 1: { name: 'constant.numeric.xxgk' } },
      },
    },
  };
}

function snippetBody(text: string): string[] {
  return text.replace(/\$/g, '\\$').split('\n');
}

/**
 * Snippet transforms of a four-digit year (VS Code's `${N/regex/format/}`): one more and one less, digit by digit
 * with the carry, as snippets cannot do arithmetic. A year that is not four digits is left as typed.
 */
const D = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
export const NEXT_YEAR = {
  regex: `^(\\d\\d)(?:(\\d)(?:${D.slice(0, 9).map((d) => `(${d})`).join('|')})|(?:${D.slice(0, 9).map((d) => `(${d})`).join('|')})9)$`,
  format: `$1$2${D.slice(0, 9).map((d, i) => `\${${i + 3}:+${d + 1}}`).join('')}${D.slice(0, 9).map((d, i) => `\${${i + 12}:+${d + 1}0}`).join('')}`,
};
export const PREVIOUS_YEAR = {
  regex: `^(\\d\\d)(?:(\\d)(?:${D.slice(1).map((d) => `(${d})`).join('|')})|(?:${D.slice(1).map((d) => `(${d})`).join('|')})0)$`,
  format: `$1$2${D.slice(1).map((d, i) => `\${${i + 3}:+${d - 1}}`).join('')}${D.slice(1).map((d, i) => `\${${i + 12}:+${d - 1}9}`).join('')}`,
};

/**
 * The whole-report snippet: agency (1) and year (2) are tab stops; the year defaults to last year (reports are
 * written early in the following year) and the publication date and the signature follow the year typed.
 */
export function reportSnippet(): string[] {
  const [Y, P] = [7777, 8888]; // sentinels (2021 edition and prompts): no figure of the skeleton has four equal digits
  const text = skeleton({ agency: 'AGENCY', year: Y, edition: 2021, published: `${P}-01-20` });
  let first = true;
  return snippetBody(text).map((l) =>
    l
      .replace(/AGENCY/g, '${1:机关全称}')
      .replace(new RegExp(String(P), 'g'), () => `\${2/${NEXT_YEAR.regex}/${NEXT_YEAR.format}/}`)
      .replace(new RegExp(String(Y), 'g'), () => {
        if (!first) return '$2';
        first = false;
        return `\${2:\${CURRENT_YEAR/${PREVIOUS_YEAR.regex}/${PREVIOUS_YEAR.format}/}}`;
      }),
  );
}

export function snippets(): object {
  return {
    'xxgk report skeleton (2021 edition)': {
      prefix: ['xxgk-report', '年度报告'],
      description: '政府信息公开工作年度报告全文骨架（2021年版格式）：机关、年度为占位符，发布日期随年度',
      body: reportSnippet(),
    },
    'xxgk table 3 (2021 edition)': { prefix: ['xxgk-table3', '表三'], description: '收到和处理政府信息公开申请情况（2021年版，25行）', body: snippetBody(table3Text(2021)) },
    'xxgk table 3 (2019 edition)': { prefix: ['xxgk-table3-2019', '表三2019'], description: '收到和处理政府信息公开申请情况（2019年版，23行）', body: snippetBody(table3Text(2019)) },
    'xxgk table 4': { prefix: ['xxgk-table4', '表四'], description: '政府信息公开行政复议、行政诉讼情况', body: snippetBody(table4Text()) },
    'xxgk section 2 tables (2021 edition)': { prefix: ['xxgk-section2', '第二十条'], description: '主动公开政府信息情况：第二十条各项表格（2021年版）', body: snippetBody(section2Text(2021)) },
    'xxgk section 2 tables (2019 edition)': { prefix: ['xxgk-section2-2019', '第二十条2019'], description: '主动公开政府信息情况：第二十条各项表格（2019年版）', body: snippetBody(section2Text(2019)) },
  };
}
