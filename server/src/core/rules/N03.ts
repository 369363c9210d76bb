import type { Rule } from '../types.js';
import { proseBlocks } from './util.js';

const TOPICS = [
  { name: '主动公开', en: 'proactive disclosure', re: /主动公开/ },
  { name: '依申请公开', en: 'disclosure on request', re: /依申请|公开申请/ },
  { name: '政府信息管理', en: 'information management', re: /信息管理/ },
  { name: '平台建设', en: 'platforms', re: /平台/ },
  { name: '监督保障', en: 'oversight', re: /监督|保障/ },
];
const LEAD = /^[\s\u3000]*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[是、]|\d+[.、．])/;

/** N03: section 一 covers none of the five topics under its own sub-heading or lead sentence. */
export const rule: Rule = {
  id: 'N03',
  name: 'overview-topics',
  severity: 'information',
  description: { zh: '总体情况未分项说明五方面工作', en: 'Overview does not cover the five topics' },
  tags: ['content'],
  docs: 'docs/rules/N03.md',
  check(r, ctx) {
    const s = r.section.get(1);
    if (!s) return;
    const leads: string[] = [];
    for (const b of proseBlocks(s)) {
      if (b.kind === 'heading') leads.push(b.text);
      else if (LEAD.test(b.text)) leads.push(b.text.split(/[。：:]/)[0]);
    }
    const missing = TOPICS.filter((t) => !leads.some((l) => t.re.test(l)));
    if (!missing.length) return;
    ctx.report({
      span: s.heading.content,
      message: {
        zh: `总体情况未以小标题或段首句分项说明：${missing.map((m) => m.name).join('、')}`,
        en: `The overview has no sub-heading or lead sentence for: ${missing.map((m) => `${m.name} (${m.en})`).join(', ')}`,
      },
      data: { missing: missing.map((m) => m.name) },
    });
  },
};
