/**
 * The rule pages, docs/rules/<ID>.md: Chinese first, then English. What a rule checks, why and how to fix it are
 * written by hand; the head (id, name, default severity, quick fix), the worked example with what the checker says
 * about it, and how to turn the rule off are generated here from the rule modules and test/tools/rule-examples.ts,
 * between `<!-- xxgk:begin NAME -->` and `<!-- xxgk:end NAME -->`. `npm run assets` rewrites those regions and
 * leaves the rest; the docs test fails when a page is missing, stale or has a hand-written part left empty.
 */
import { Analyzer, CROSS_RULES, RULES, analyzeAcross } from '../../server/src/core/index.js';
import type { Finding, Locale } from '../../server/src/core/index.js';
import { exampleTexts } from './rule-examples.js';

type AnyRule = (typeof RULES)[number] | (typeof CROSS_RULES)[number];

export const ALL_RULES: AnyRule[] = [...RULES, ...CROSS_RULES];

/** The hand-written sections of a page, in order (Chinese, then English). */
export const HAND_SECTIONS = ['## 检查什么', '## 为什么', '## 如何修复', '### What it checks', '### Why', '### How to fix'];
export const PLACEHOLDER = '（待写 / to be written）';

const SEVERITY: Record<string, { zh: string; en: string }> = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  information: { zh: '提示', en: 'information' },
};

const GROUPS: Record<string, { zh: string; en: string }> = {
  S: { zh: '结构', en: 'Structure' },
  C: { zh: '单元格', en: 'Cells' },
  A: { zh: '勾稽关系', en: 'Arithmetic' },
  T: { zh: '文字与表格', en: 'Text against tables' },
  D: { zh: '日期', en: 'Dates' },
  N: { zh: '内容', en: 'Content' },
  X: { zh: '跨年度', en: 'Across years' },
};

/** The findings of rule `id` on a text (across years: this year's report beside last year's). */
function findingsOf(id: string, text: string, locale: Locale, lastYear?: string): Finding[] {
  const a = new Analyzer();
  if (lastYear === undefined) return a.analyze(text, { locale }).findings.filter((f) => f.code === id);
  const files = [{ file: 'last', report: a.model(lastYear) }, { file: 'this', report: new Analyzer().model(text) }];
  return (analyzeAcross(files, { locale }).get('this') ?? []).filter((f) => f.code === id);
}

/** The lines that differ between two texts, with one line of context where lines were only removed or added. */
export function changedLines(a: string, b: string): { before: string[]; after: string[]; line: number } {
  const A = a.split('\n');
  const B = b.split('\n');
  let p = 0;
  while (p < A.length && p < B.length && A[p] === B[p]) p++;
  let s = 0;
  while (s < A.length - p && s < B.length - p && A[A.length - 1 - s] === B[B.length - 1 - s]) s++;
  let lo = p;
  let hiA = A.length - s;
  let hiB = B.length - s;
  if (lo === hiA || lo === hiB) {
    // Only removed or only added: show the neighbouring non-empty lines too.
    while (lo > 0 && A[lo - 1] === '') lo--;
    if (lo > 0) lo--;
    while (hiA < A.length && A[hiA] === '' && hiB < B.length && B[hiB] === '') (hiA++, hiB++);
    if (hiA < A.length && hiB < B.length) (hiA++, hiB++);
  }
  const clip = (l: string[]) => (l.length > 14 ? [...l.slice(0, 12), '…'] : l);
  return { before: clip(A.slice(lo, hiA)), after: clip(B.slice(lo, hiB)), line: lo + 1 };
}

const fence = (lines: string[]) => ['```markdown', ...lines, '```'];

function exampleBlock(rule: AnyRule, locale: Locale): string[] {
  const { right, wrong, lastYear } = exampleTexts(rule.id);
  const found = findingsOf(rule.id, wrong, locale, lastYear);
  if (!found.length) throw new Error(`${rule.id}: its example (test/tools/rule-examples.ts) no longer produces the finding`);
  if (findingsOf(rule.id, right, locale, lastYear).length) throw new Error(`${rule.id}: the right text of its example still produces the finding`);
  const { before, after } = changedLines(right, wrong);
  const f = found[0];
  const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
  const under = wrong.slice(f.span.start, f.span.end);
  const zh = locale === 'zh-CN';
  const out: string[] = [zh ? '## 示例' : '### Example', ''];
  if (lastYear !== undefined) {
    // The row of last year's report that this year's is compared with.
    const last = lastYear.split('\n').filter((l) => l.startsWith(rule.id === 'X01' ? '| 四、结转下年度继续办理' : '| 行政规范性文件'));
    out.push(zh ? '上一年度报告中：' : "In last year's report:", '', ...fence(last), '');
  }
  out.push(zh ? '有问题的写法：' : 'Written like this:', '', ...fence(after), '');
  out.push(
    zh ? `检查结果（第 ${f.range.start.line + 1} 行第 ${f.range.start.character + 1} 列，标出“${under.trim() || under}”）：` : `The checker says (at ${where}, under "${under.trim() || under}"):`,
    '',
    `> ${rule.id} ${f.message}`,
    '',
  );
  if (f.fix) out.push(zh ? `快速修复：${f.fix.title}` : `Quick fix: ${f.fix.title}`, '');
  if (found.length > 1) out.push(zh ? `（此例共 ${found.length} 处。）` : `(${found.length} findings in this example.)`, '');
  out.push(zh ? '正确的写法：' : 'Right:', '', ...fence(before));
  return out;
}

function headBlock(rule: AnyRule): string[] {
  const sev = SEVERITY[rule.severity];
  const group = GROUPS[rule.id[0]];
  return [
    `# ${rule.id} ${rule.name}：${rule.description.zh}`,
    '',
    '| 编号 | 名称 | 类别 | 默认级别 |',
    '|---|---|---|---|',
    `| ${rule.id} | \`${rule.name}\` | ${group.zh} | ${sev.zh} |`,
    '',
    `[全部规则](README.md) · [English](#english)`,
  ];
}

function headEnBlock(rule: AnyRule): string[] {
  return [
    `## English`,
    '',
    `**${rule.id} \`${rule.name}\`**: ${rule.description.en}. Group: ${GROUPS[rule.id[0]].en}; default severity: ${SEVERITY[rule.severity].en}.`,
  ];
}

function offBlock(rule: AnyRule, locale: Locale): string[] {
  const zh = locale === 'zh-CN';
  const settings = ['```jsonc', `// ${zh ? 'VS Code 设置（settings.json），或工作区的 .xxgkrc.json 中的 "rules"' : 'VS Code settings (settings.json), or "rules" in the workspace\'s .xxgkrc.json'}`, `"xxgk.rules": { "${rule.id}": "off" }`, '```'];
  const comments = ['```markdown', `<!-- xxgk-disable-next-line ${rule.id} -->`, '```'];
  return zh
    ? [
        '## 如何关闭',
        '',
        `在设置中关闭本规则（也可以改为 \`"warning"\`、\`"information"\` 等级别；名称 \`${rule.name}\` 与编号等效）：`,
        '',
        ...settings,
        '',
        `只对一处停用：在该行上方写下一行注释；或用 \`<!-- xxgk-disable ${rule.id} -->\` … \`<!-- xxgk-enable ${rule.id} -->\` 包住一段。VS Code 的快速修复菜单中也有“在此处停用规则 ${rule.id}”。`,
        '',
        ...comments,
      ]
    : [
        '### Turning it off',
        '',
        `Turn the rule off in the settings (or give it another severity, such as \`"warning"\` or \`"information"\`; the name \`${rule.name}\` works as well as the id):`,
        '',
        ...settings,
        '',
        `For one place only, put this comment on the line above, or wrap a passage in \`<!-- xxgk-disable ${rule.id} -->\` … \`<!-- xxgk-enable ${rule.id} -->\`. VS Code's quick fix menu offers "Disable ${rule.id} here" too.`,
        '',
        ...comments,
      ];
}

const REGIONS: Record<string, (r: AnyRule) => string[]> = {
  head: headBlock,
  'example-zh': (r) => exampleBlock(r, 'zh-CN'),
  'off-zh': (r) => offBlock(r, 'zh-CN'),
  'head-en': headEnBlock,
  'example-en': (r) => exampleBlock(r, 'en'),
  'off-en': (r) => offBlock(r, 'en'),
};

const region = (name: string, lines: string[]) => [`<!-- xxgk:begin ${name} -->`, ...lines, `<!-- xxgk:end ${name} -->`].join('\n');

/** A new page: generated regions filled, hand-written sections with a placeholder. */
function template(rule: AnyRule): string {
  const hand = (h: string) => `${h}\n\n${PLACEHOLDER}`;
  return [
    region('head', headBlock(rule)),
    hand('## 检查什么'),
    hand('## 为什么'),
    region('example-zh', []),
    hand('## 如何修复'),
    region('off-zh', []),
    '---',
    region('head-en', []),
    hand('### What it checks'),
    hand('### Why'),
    region('example-en', []),
    hand('### How to fix'),
    region('off-en', []),
    '',
  ].join('\n\n');
}

/** The page of `rule`, regenerated from `existing` (its hand-written parts kept) or from the template. */
export function rulePage(rule: AnyRule, existing?: string): string {
  let page = existing ?? template(rule);
  for (const [name, make] of Object.entries(REGIONS)) {
    const re = new RegExp(`<!-- xxgk:begin ${name} -->[\\s\\S]*?<!-- xxgk:end ${name} -->`);
    if (!re.test(page)) throw new Error(`docs/rules/${rule.id}.md: the generated region "${name}" is missing`);
    page = page.replace(re, () => region(name, make(rule)));
  }
  return page;
}

/** docs/rules/README.md: every rule with its page, by group. */
export function rulesIndex(): string {
  const out = [
    '<!-- 本页由 `npm run assets` 从规则模块生成，请勿手改。 Generated by `npm run assets`; do not edit. -->',
    '',
    '# 检查规则 · Rules',
    '',
    '每条检查结果都有固定的编号（如 `A01`），编号的含义不会改变。点击编号可打开该规则的说明：检查什么、为什么、示例、如何修复、如何关闭。',
    '',
    'Every finding has a stable id (such as `A01`) that never changes meaning. Each page says what the rule checks, why, shows an example, how to fix it and how to turn it off.',
    '',
  ];
  for (const [letter, g] of Object.entries(GROUPS)) {
    const rules = ALL_RULES.filter((r) => r.id.startsWith(letter));
    if (!rules.length) continue;
    out.push(`## ${g.zh} · ${g.en}`, '', '| 编号 | 名称 | 说明 | Description | 默认级别 |', '|---|---|---|---|---|');
    for (const r of rules) out.push(`| [${r.id}](${r.id}.md) | \`${r.name}\` | ${r.description.zh} | ${r.description.en} | ${SEVERITY[r.severity].zh} |`);
    out.push('');
  }
  return out.join('\n');
}
