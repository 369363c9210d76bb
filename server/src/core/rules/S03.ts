import type { Rule } from '../types.js';
import { CN_NUMERALS, normLabel } from '../text.js';

/** S03: a section heading uses a known variant wording or punctuation. */
export const rule: Rule = {
  id: 'S03',
  name: 'heading-variant',
  severity: 'information',
  description: { zh: '部分标题使用了非标准写法', en: 'A section heading uses a variant wording' },
  tags: ['structure', 'style'],
  fix: 'normalise',
  docs: 'docs/rules/S03.md',
  check(r, ctx) {
    for (const s of r.sections) {
      if (!s.def || s.exact) continue;
      const standardWording = normLabel(s.def.heading.slice(2));
      const numberedRight = s.numeral === s.no;
      const sepOk = s.heading.text.slice(0, 2) === `${CN_NUMERALS[s.no!]}、`;
      if (s.wording === standardWording && (sepOk || !numberedRight)) continue; // only the number is off: S02's
      const what = s.wording === standardWording ? { zh: '标点', en: 'punctuation' } : { zh: '措辞', en: 'wording' };
      ctx.report({
        span: s.heading.content,
        message: {
          zh: `标题${what.zh}与标准不一致，标准写法为“${s.def.heading}”`,
          en: `Heading ${what.en} differs from the standard "${s.def.heading}"`,
        },
        fix: { title: { zh: `改为“${s.def.heading}”`, en: `Use "${s.def.heading}"` }, edits: [{ span: s.heading.content, newText: s.def.heading }] },
      });
    }
  },
};
