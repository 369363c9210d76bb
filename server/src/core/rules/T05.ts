import type { Rule } from '../types.js';
import { blockMatches, bodyProse, fmt, val } from './util.js';

const NO_REQUESTS = /(?:无|没有)(?:收到)?依申请公开(?:事项|申请)|未(?:收到|受理|接到)[^。；;，,]{0,12}?(?:政府信息公开|信息公开|依申请公开|公开)申请|(?:依申请公开|政府信息公开)申请(?:数)?(?:为)?(?:零|0件)/;
const ALL_DONE = /全部(?:按(?:时|规定|期))?(?:及时)?(?:办结|答复|回复|处理完毕)|均已(?:按时)?(?:办结|答复)/;
const NO_REVIEWS = /未(?:收到|发生|出现|被提起)[^。；;]{0,20}?(?:复议|诉讼)|(?:无|没有)[^。；;，,]{0,8}(?:行政复议|行政诉讼)/;

/** T05: prose says there was nothing (no requests, all completed, no reviews) while the tables say otherwise. */
export const rule: Rule = {
  id: 'T05',
  name: 'text-contradiction',
  severity: 'error',
  description: { zh: '正文与表格矛盾', en: 'The text contradicts the tables' },
  tags: ['text-and-tables'],
  tables: [{ kind: 't3' }, { kind: 't4' }],
  docs: 'docs/rules/T05.md',
  check(r, ctx) {
    const t3 = r.tables.t3;
    const t4 = r.tables.t4;
    const received = val(t3, 'new', 'total')?.value ?? null;
    const next = val(t3, 'next', 'total')?.value ?? null;
    const totals = ['review', 'direct', 'after'].map((k) => val(t4, k, 'total')?.value ?? null);
    const reviews = totals.every((x) => x !== null) ? totals.reduce((a, b) => a! + b!, 0)! : null;
    for (const b of bodyProse(r)) {
      if (received !== null && received > 0) {
        for (const m of blockMatches(NO_REQUESTS, r, b)) {
          ctx.report({ span: m.span, message: { zh: `正文称“${m.text}”，但表三本年新收申请 ${fmt(received)} 件`, en: `The text says "${m.text}", but table 3 has ${fmt(received)} new requests` } });
        }
      }
      if (next !== null && next > 0) {
        for (const m of blockMatches(ALL_DONE, r, b)) {
          const sentence = sentenceAt(r.text.slice(b.span.start, b.span.end), m.index);
          if (!/申请/.test(sentence)) continue;
          ctx.report({ span: m.span, message: { zh: `正文称申请“${m.text}”，但表三结转下年度继续办理 ${fmt(next)} 件`, en: `The text says requests were "${m.text}", but table 3 carries ${fmt(next)} to next year` } });
        }
      }
      if (reviews !== null && reviews > 0) {
        for (const m of blockMatches(NO_REVIEWS, r, b)) {
          ctx.report({ span: m.span, message: { zh: `正文称“${m.text}”，但表四行政复议、行政诉讼共 ${fmt(reviews)} 件`, en: `The text says "${m.text}", but table 4 has ${fmt(reviews)} reviews and lawsuits` } });
        }
      }
    }
  },
};

function sentenceAt(text: string, i: number): string {
  const s = Math.max(text.lastIndexOf('。', i), text.lastIndexOf('；', i)) + 1;
  let e = text.indexOf('。', i);
  if (e < 0) e = text.length;
  return text.slice(s, e);
}
