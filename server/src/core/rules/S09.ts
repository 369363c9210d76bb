import type { Rule } from '../types.js';

/** S09: the H1 is not `{机关}{年度}年政府信息公开工作年度报告`. Year disagreements are D03's. */
const BARE_LEVEL = /^(省|市|县|区|州|盟|旗|镇|乡|本)(?!中区)/;

export const rule: Rule = {
  id: 'S09',
  name: 'title-format',
  severity: 'warning',
  description: { zh: '标题格式不规范', en: 'Title not in the standard form' },
  tags: ['structure'],
  fix: 'text',
  docs: 'docs/rules/S09.md',
  check(r, ctx) {
    const t = r.title;
    if (!t) {
      ctx.report({ span: { start: 0, end: Math.max(0, r.lines.lineEnd(0)) }, message: { zh: '缺少一级标题“{机关}{年度}年政府信息公开工作年度报告”', en: 'No H1 title "{agency}{year}年政府信息公开工作年度报告"' } });
      return;
    }
    const problems: { zh: string; en: string }[] = [];
    if (t.year === undefined) problems.push({ zh: '缺少年度', en: 'no year' });
    if (!t.agency || BARE_LEVEL.test(t.agency)) problems.push({ zh: '缺少完整的机关名称', en: 'no full agency name' });
    else if (t.agencyAfterYear) problems.push({ zh: '机关名称应写在年度之前', en: 'the agency should come before the year' });
    if (t.year !== undefined && !t.hasWork) problems.push(/政府信息公开年度报告$/.test(t.text.replace(/\s/g, '')) ? { zh: '缺少“工作”二字', en: 'missing 工作' } : { zh: '不是“政府信息公开工作年度报告”', en: 'does not end 政府信息公开工作年度报告' });
    else if (t.year !== undefined && !t.wellFormed && !t.agencyAfterYear) problems.push({ zh: '年度后的文字不规范', en: 'unexpected words after the year' });
    if (!problems.length) return;
    const agency = r.meta.agencySource === 'frontmatter' ? r.meta.agency : t.agency && !BARE_LEVEL.test(t.agency) ? t.agency : undefined;
    const year = r.meta.year ?? t.year;
    const fixed = agency && year ? `${agency}${year}年政府信息公开工作年度报告` : undefined;
    ctx.report({
      span: t.content,
      message: {
        zh: `标题不规范：${problems.map((p) => p.zh).join('；')}。标准格式为“{机关}{年度}年政府信息公开工作年度报告”`,
        en: `Title not in the standard form: ${problems.map((p) => p.en).join('; ')}. Expected "{agency}{year}年政府信息公开工作年度报告"`,
      },
      fix: fixed ? { title: { zh: `改为“${fixed}”`, en: `Change to "${fixed}"` }, edits: [{ span: t.content, newText: fixed }] } : undefined,
    });
  },
};
