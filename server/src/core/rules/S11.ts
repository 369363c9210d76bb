import type { Rule } from '../types.js';
import { parseDateValue } from '../dates.js';

const kb = (n: number) => `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;

/** S11: front matter unreadable (or past a limit), unknown key, a key given twice, or a value of the wrong type. */
export const rule: Rule = {
  id: 'S11',
  name: 'front-matter',
  severity: 'warning',
  description: { zh: '文首元数据有误', en: 'Front matter problem' },
  tags: ['front-matter'],
  docs: 'docs/rules/S11.md',
  check(r, ctx) {
    const fm = r.frontMatter;
    if (!fm) return;
    const lim = fm.error?.limit;
    if (lim?.kind === 'too-large') {
      ctx.report({ span: fm.error!.span, message: { zh: `文首元数据有 ${kb(lim.size)}，超过 ${kb(lim.limit)} 的上限：未读取`, en: `The front matter is ${kb(lim.size)}, more than the limit of ${kb(lim.limit)}: it is not read` } });
    } else if (lim?.kind === 'too-deep') {
      ctx.report({ span: fm.error!.span, message: { zh: `文首元数据中的方括号或花括号嵌套超过 ${lim.limit} 层的上限：未读取`, en: `The front matter nests brackets or braces deeper than the limit of ${lim.limit}: it is not read` } });
    } else if (fm.error) {
      ctx.report({ span: fm.error.span, message: { zh: `文首元数据（YAML）无法读取：${fm.error.message}`, en: `Front matter (YAML) cannot be read: ${fm.error.message}` } });
    }
    // A key given twice (or under its alias: 年度 and year): the first counts, the others are reported.
    const first = new Map<string, (typeof fm.entries)[number]>();
    for (const e of fm.entries) {
      const id = e.canonical ?? e.key;
      const f = first.get(id);
      if (!f) {
        first.set(id, e);
        continue;
      }
      const line = r.lines.position(f.keySpan.start).line + 1;
      const same = f.key === e.key;
      ctx.report({
        span: e.keySpan,
        message: same
          ? { zh: `元数据键“${e.key}”重复（第 ${line} 行已有）：只采用第一个`, en: `Front matter key "${e.key}" is given twice (already on line ${line}): only the first counts` }
          : { zh: `元数据键“${e.key}”与第 ${line} 行的“${f.key}”含义相同：只采用第一个`, en: `Front matter key "${e.key}" means the same as "${f.key}" on line ${line}: only the first counts` },
      });
    }
    for (const e of fm.entries) {
      if (first.get(e.canonical ?? e.key) !== e) continue;
      const v = e.value === null || e.value === undefined ? e.valueText.trim() : String(e.value).trim();
      const bad = (zh: string, en: string) => ctx.report({ span: e.valueSpan.end > e.valueSpan.start ? e.valueSpan : e.keySpan, message: { zh: `“${e.key}”的值“${v}”无效：${zh}`, en: `Invalid value "${v}" for "${e.key}": ${en}` } });
      switch (e.canonical) {
        case null:
          ctx.report({ span: e.keySpan, message: { zh: `未知的元数据键“${e.key}”（可用：机关、年度、格式、报告类型、发布日期）`, en: `Unknown front matter key "${e.key}" (known: 机关/agency, 年度/year, 格式/template, 报告类型/kind, 发布日期/published)` } });
          break;
        case 'agency':
          if (!v) bad('应为机关全称', 'expected the full agency name');
          break;
        case 'year':
          if (!/^(19|20|21)\d{2}$/.test(v.normalize('NFKC'))) bad('应为四位年份', 'expected a four-digit year');
          break;
        case 'template':
          if (v !== '2019' && v !== '2021') bad('应为 2019 或 2021', 'expected 2019 or 2021');
          break;
        case 'kind':
          if (!['部门', '政府', 'department', 'government'].includes(v)) bad('应为“部门”或“政府”', 'expected 部门/department or 政府/government');
          break;
        case 'published': {
          const d = parseDateValue(v);
          if (!d || !d.valid) bad('应为日期，如 2022-01-21', 'expected a date such as 2022-01-21');
          break;
        }
      }
    }
  },
};
