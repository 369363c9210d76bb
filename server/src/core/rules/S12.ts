import type { Rule } from '../types.js';
import { ALL_PROMPTS } from '../skeleton.js';
import { bodyProse, matches } from './util.js';

/** Half-width brackets as the author may have retyped them: the same prompt (one UTF-16 unit each, offsets kept). */
const fullWidth = (s: string) => s.replace(/\(/g, '（').replace(/\)/g, '）');
const KNOWN = new RegExp(ALL_PROMPTS.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
/** A paragraph that is nothing but a bracketed request to write something: a prompt, even if not one of ours. */
const WHOLE = /^（请(?:概述|说明|填写|补充|简述|列明|描述|介绍|写明)[^（）\n]{0,80}）$/;

/** S12: a prompt written by a skeleton, a new report or next year's report (the （请…） prompts) is still in the report. */
export const rule: Rule = {
  id: 'S12',
  name: 'placeholder-text',
  severity: 'warning',
  description: { zh: '模板提示语尚未替换', en: 'A template prompt is still in the report' },
  check(r, ctx) {
    for (const b of bodyProse(r)) {
      const text = fullWidth(r.text.slice(b.span.start, b.span.end));
      const found: { start: number; end: number }[] = [];
      for (const m of matches(KNOWN, text, b.span.start)) found.push(m.span);
      const trimmed = text.trim();
      if (!found.length && WHOLE.test(trimmed)) {
        const start = b.span.start + text.indexOf(trimmed);
        found.push({ start, end: start + trimmed.length });
      }
      for (const span of found) {
        const prompt = r.text.slice(span.start, span.end);
        ctx.report({
          span,
          message: {
            zh: `模板提示语“${prompt}”还在报告中，请替换为本机关的实际内容`,
            en: `The template prompt "${prompt}" is still in the report; replace it with the agency's own text`,
          },
        });
      }
    }
  },
};
