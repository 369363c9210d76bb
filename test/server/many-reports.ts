/**
 * Many distinct, realistic reports for load and leak runs: agencies × consecutive years, each agency's numbers
 * carried from one year to the next (表三 上年结转 = last year's 结转下年度, 表二 现行有效 = last year's + 制发 − 废止),
 * every table balanced, and a known share with errors: a wrong 表四 total (A04), a 上年结转 that is not last year's
 * 结转下年度 (X01), a 表三 that does not balance. Deterministic for a given seed.
 */
import { pathToFileURL } from 'node:url';
import { skeleton } from '../../server/src/core/index.js';
import { T3_APPLICANTS, T3_ROWS, outcomeTerms } from '../../server/src/core/standard.js';
import { closingProse, overview, t3Values } from '../unit/base-report.js';

const DISTRICTS = ['东城区', '西城区', '朝阳区', '海淀区', '丰台区', '石景山区', '门头沟区', '房山区', '通州区', '顺义区', '昌平区', '大兴区', '怀柔区', '平谷区', '密云区', '延庆区'];
const BUREAUS = ['教育委员会', '财政局', '卫生健康委员会', '市场监督管理局', '生态环境局', '交通委员会', '住房和城乡建设委员会', '民政局', '人力资源和社会保障局', '农业农村局', '司法局', '文化和旅游局'];
export const YEARS = Array.from({ length: 10 }, (_, i) => 2015 + i);

export interface GeneratedReport {
  uri: string;
  agency: string;
  year: number;
  text: string;
  /** The error put in on purpose, if any. */
  error?: 'A04' | 'X01' | 'balance';
}

/** mulberry32: a small seeded generator (a failure can be replayed from its seed). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` reports (agencies × the ten years 2015–2024, the last agency possibly with fewer years), under
 * `file:///load/<prefix>/…`. Every tenth report (from the fourth) has a wrong 表四 total, every tenth (from the
 * eighth, not a first year) a wrong 上年结转, every twentieth (from the fourteenth) an unbalanced 表三.
 */
export function generateReports(n: number, prefix: string, seed = 1): GeneratedReport[] {
  const rand = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const out: GeneratedReport[] = [];
  for (let a = 0; out.length < n; a++) {
    const agency = `${DISTRICTS[a % DISTRICTS.length]}${BUREAUS[Math.floor(a / DISTRICTS.length) % BUREAUS.length]}${a >= DISTRICTS.length * BUREAUS.length ? `第${Math.floor(a / (DISTRICTS.length * BUREAUS.length)) + 1}分局` : ''}`;
    let prevNext: Record<string, number> | undefined;
    let prevValid: number | undefined;
    for (const year of YEARS) {
      if (out.length >= n) break;
      const i = out.length;
      const edition = year >= 2021 ? 2021 : 2019;
      const error: GeneratedReport['error'] = i % 10 === 3 ? 'A04' : i % 10 === 7 && prevNext ? 'X01' : i % 20 === 13 ? 'balance' : undefined;
      const base = t3Values(edition);
      const f = 0.3 + rand() * 1.7;
      const scaled = (k: string, c: string) => Math.round((base[`t3.${k}.${c}`] ?? 0) * f);
      const v: Record<string, number | string> = {};
      const outcomes = outcomeTerms(edition);
      const next: Record<string, number> = {};
      for (const c of T3_APPLICANTS) {
        let fresh = scaled('new', c);
        const carried = (prevNext?.[c] ?? scaled('carried', c)) + (error === 'X01' && c === 'natural' ? 2 : 0);
        let rest = 0;
        for (const k of outcomes) {
          if (k === 'open') continue;
          const x = scaled(k, c);
          v[`t3.${k}.${c}`] = x;
          rest += x;
        }
        let nx = scaled('next', c);
        let open = fresh + carried - nx - rest;
        if (open < 0) {
          nx = Math.max(0, nx + open);
          open = fresh + carried - nx - rest;
          if (open < 0) (fresh -= open), (open = 0);
        }
        if (error === 'balance' && c === 'natural') fresh += 5; // received more than answered and carried over
        Object.assign(v, { [`t3.new.${c}`]: fresh, [`t3.carried.${c}`]: carried, [`t3.open.${c}`]: open, [`t3.next.${c}`]: nx });
        next[c] = nx;
      }
      for (const c of T3_APPLICANTS) v[`t3.total.${c}`] = outcomes.reduce((s, k) => s + Number(v[`t3.${k}.${c}`] ?? 0), 0);
      for (const r of T3_ROWS[edition]) if (!r.group) v[`t3.${r.key}.total`] = T3_APPLICANTS.reduce((s, c) => s + Number(v[`t3.${r.key}.${c}`] ?? 0), 0);
      const t4: Record<string, number> = {};
      for (const row of ['review', 'direct', 'after']) {
        let sum = 0;
        for (const col of ['upheld', 'corrected', 'other', 'pending']) sum += t4[`t4.${row}.${col}`] = int(0, row === 'review' ? 6 : 3);
        t4[`t4.${row}.total`] = sum;
      }
      const litigation = t4['t4.direct.total'] + t4['t4.after.total'];
      if (error === 'A04') t4['t4.direct.total'] += 1;
      Object.assign(v, t4);
      let prose2 = '本年度主动公开工作有序开展。';
      if (edition === 2021) {
        const issued = int(0, 20);
        const repealed = int(0, 5);
        const valid = (prevValid ?? int(80, 200)) + issued - repealed;
        const licensing = int(300, 5000);
        const fees = (rand() * 20).toFixed(3);
        Object.assign(v, {
          's2.1.normative.issued': issued, 's2.1.normative.repealed': repealed, 's2.1.normative.valid': valid,
          's2.5.licensing.decisions': licensing, 's2.6.penalty.decisions': int(0, 80), 's2.6.coercion.decisions': int(0, 10), 's2.8.fees.amount': fees,
        });
        prose2 = `本年制发行政规范性文件${issued}件，实施行政许可${licensing}件，行政事业性收费${fees}万元。`;
        prevValid = valid;
      }
      const text = skeleton({
        agency,
        year,
        published: `${year + 1}-01-${String(int(10, 28)).padStart(2, '0')}`,
        values: v,
        prose: {
          1: overview(int(200, 9000)),
          2: prose2,
          3: `全年共收到政府信息公开申请${v['t3.new.total']}件，结转下年度继续办理${v['t3.next.total']}件。`,
          4: `本年度被申请行政复议${t4['t4.review.total']}件，被提起行政诉讼${litigation}件。`,
          ...closingProse(year),
        },
      });
      out.push({ uri: pathToFileURL(`/load/${prefix}/${agency}/${agency}${year}年政府信息公开工作年度报告.report.md`).href, agency, year, text, error });
      prevNext = next;
    }
  }
  return out;
}

/** The 表四 行政复议 row and its text with the total right (`wrong` false) or one too many. */
export function withReviewTotal(text: string, wrong: boolean): { text: string; line: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith('| 行政复议 |'));
  const cells = lines[line].split('|').slice(1, -1).map((s) => s.trim());
  const sum = cells.slice(1, 5).reduce((s, x) => s + Number(x), 0);
  cells[5] = String(wrong ? sum + 1 : sum);
  lines[line] = `| ${cells.join(' | ')} |`;
  return { text: lines.join('\n'), line };
}
