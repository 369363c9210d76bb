/** Complete reports of either edition, generated from the standard definitions. */
import { Edition, S2_BLOCKS, SECTIONS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_ROWS, ITEM_NUMERALS, editionForYear } from './standard.js';

export interface SkeletonOptions {
  agency: string;
  year: number;
  edition?: Edition;
  kind?: '部门' | '政府';
  /** Publication date, ISO `YYYY-MM-DD`. */
  published?: string;
  /** Values by `row.col` for 表三 / 表四 / 表二 cells, e.g. `{ 't3.new.natural': 5 }`; the rest are 0. */
  values?: Record<string, number | string>;
  /** Text of each section by number; a short prompt when absent. */
  prose?: Partial<Record<number, string>>;
}

export function tableText(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function section2Text(edition: Edition, values: Record<string, number | string> = {}): string {
  return S2_BLOCKS[edition]
    .map((b) => {
      const header = ['信息内容', ...b.columns.map((c) => c.label)];
      const rows = b.rows.map((r) => [r.label, ...b.columns.map((c) => String(values[`s2.${b.item}.${r.key}.${c.key}`] ?? 0))]);
      return `### 第二十条第（${ITEM_NUMERALS[b.item]}）项\n\n${tableText(header, rows)}`;
    })
    .join('\n\n');
}

export function table3Text(edition: Edition, values: Record<string, number | string> = {}): string {
  const header = ['申请人情况', ...T3_COLUMNS.map((c) => c.label)];
  const rows = T3_ROWS[edition].filter((r) => !r.group).map((r) => [r.label, ...T3_COLUMNS.map((c) => String(values[`t3.${r.key}.${c.key}`] ?? 0))]);
  return tableText(header, rows);
}

export function table4Text(values: Record<string, number | string> = {}): string {
  const header = ['类别', ...T4_COLUMNS.map((c) => c.label)];
  const rows = T4_ROWS.map((r) => [r.label, ...T4_COLUMNS.map((c) => String(values[`t4.${r.key}.${c.key}`] ?? 0))]);
  return tableText(header, rows);
}

/**
 * The prompts a skeleton writes where the author's own text belongs (sections 一, 五, 六). S12 reports any of them
 * still in a report; they are exported so that the rule and the skeleton cannot drift apart.
 */
export const PROMPT_TEXTS = {
  overview: [
    ['（一）主动公开', '（请概述本年度主动公开工作。）'],
    ['（二）依申请公开', '（请概述依申请公开工作。）'],
    ['（三）政府信息管理', '（请概述政府信息管理工作。）'],
    ['（四）平台建设', '（请概述政府信息公开平台建设。）'],
    ['（五）监督保障', '（请概述监督保障工作。）'],
  ],
  problems: '（请说明本年度政府信息公开工作存在的主要问题及改进情况。）',
  other2021: '（请说明本年度信息处理费收取情况及其他需要报告的事项。）',
  other2019: '（请说明其他需要报告的事项。）',
} as const;

/** Every prompt text, for S12. */
export const ALL_PROMPTS: string[] = [...PROMPT_TEXTS.overview.map(([, p]) => p), PROMPT_TEXTS.problems, PROMPT_TEXTS.other2021, PROMPT_TEXTS.other2019];

function prompt(no: number, year: number): string {
  if (no === 1) return PROMPT_TEXTS.overview.map(([h, p]) => `### ${h}\n\n${p}`).join('\n\n');
  if (no === 5) return PROMPT_TEXTS.problems;
  if (no === 6) return year >= 2021 ? PROMPT_TEXTS.other2021 : PROMPT_TEXTS.other2019;
  return '';
}

/** A whole report in the dialect: front matter, title, period sentence, six sections, tables, signature. */
export function skeleton(o: SkeletonOptions): string {
  const edition = o.edition ?? editionForYear(o.year);
  const published = o.published ?? `${o.year + 1}-01-20`;
  const [py, pm, pd] = published.split('-').map(Number);
  const v = o.values ?? {};
  const body: Record<number, string> = {
    2: section2Text(edition, v),
    3: table3Text(edition, v),
    4: table4Text(v),
  };
  const parts = [
    '---',
    `机关: ${o.agency}`,
    `年度: ${o.year}`,
    `格式: ${edition}`,
    `报告类型: ${o.kind ?? '部门'}`,
    `发布日期: ${published}`,
    '---',
    '',
    `# ${o.agency}${o.year}年政府信息公开工作年度报告`,
    '',
    `本报告所列数据的统计期限自${o.year}年1月1日起至${o.year}年12月31日止。`,
    '',
  ];
  for (const s of SECTIONS) {
    parts.push(`## ${s.heading}`, '');
    const prose = o.prose?.[s.no];
    if (prose) parts.push(prose, '');
    if (body[s.no]) parts.push(body[s.no], '');
    if (!prose && !body[s.no]) parts.push(prompt(s.no, o.year), '');
  }
  parts.push(o.agency, '', `${py}年${pm}月${pd}日`, '');
  return parts.join('\n');
}
