/**
 * The bench's texts: a long report made of k distinct copies of the clean report, and a folder of generated reports.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateReports } from '../server/many-reports.js';

const PLACES = ['江城市', '河阳市', '山南市', '湖东市', '临川市', '云岭市', '海州市', '长丰市', '清源市', '石门市'];
const BUREAUS = ['自然资源和规划局', '教育局', '财政局', '卫生健康委员会'];

/**
 * `k` copies of a report one after another, every copy different and of its size: copy i is another agency's (the
 * name in the title and the prose), every number in its table cells multiplied by i + 1 (so every table is different
 * and still adds up), and its paragraphs that do not name it end with `（i+1）` (the signature's date aside). The front matter is kept once, at the top. The standard
 * section headings stay as they are: they are the same in every report.
 */
export function copies(base: string, k: number): string {
  const fm = /^---\n[\s\S]*?\n---\n/.exec(base);
  const head = fm ? fm[0] : '';
  const body = base.slice(head.length);
  const agency = /^机关:\s*(.+)$/m.exec(head)?.[1]?.trim() ?? '';
  const out: string[] = [head];
  for (let i = 0; i < k; i++) {
    const name = `${PLACES[i % PLACES.length]}${BUREAUS[Math.floor(i / PLACES.length) % BUREAUS.length]}${i >= PLACES.length * BUREAUS.length ? `第${Math.floor(i / (PLACES.length * BUREAUS.length)) + 1}分局` : ''}`;
    const f = i + 1;
    const lines = (agency && i > 0 ? body.split(agency).join(name) : body).split('\n');
    for (let n = 0; n < lines.length; n++) {
      const l = lines[n];
      if (l.startsWith('|')) {
        if (/^\|[\s|:-]+\|?$/.test(l)) continue;
        lines[n] = l.replace(/(?<=\|\s*)(\d+(?:\.\d+)?)(?=\s*\|)/g, (x) => (x.includes('.') ? (Number(x) * f).toFixed(x.split('.')[1].length) : String(Number(x) * f)));
      } else if (l && !/^(#|>|-|\*|<!--)/.test(l) && !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(l) && !l.includes(i > 0 ? name : agency) && (n + 1 >= lines.length || lines[n + 1] === '')) {
        lines[n] = `${l}（${f}）`;
      }
    }
    out.push(lines.join('\n'));
    if (!out[out.length - 1].endsWith('\n')) out.push('\n');
    out.push('\n');
  }
  return out.join('');
}

/** Writes `n` generated reports (agencies × ten years, see many-reports.ts) under `dir`; returns their bytes. */
export function writeReports(dir: string, n: number): number {
  let bytes = 0;
  for (const r of generateReports(n, 'bench')) {
    const rel = decodeURIComponent(new URL(r.uri).pathname).replace(/^\/load\/bench\//, '');
    const path = join(dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, r.text);
    bytes += Buffer.byteLength(r.text);
  }
  return bytes;
}
