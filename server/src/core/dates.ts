/** Dates written in Chinese reports: `2021年1月1日`, `2022-01-21`, and the broken forms seen in the wild. */
import type { Span } from './text.js';

export interface DateRef {
  span: Span;
  raw: string;
  year: number;
  month?: number;
  day?: number;
  /** True when year, month and day make a real calendar date. */
  valid: boolean;
  /** Spaces inside the date (`2021 年`): rule D06. */
  spaced: boolean;
}

export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= dim[m - 1];
}

const CN_DATE = /(?<![\d０-９])([12]\d{3}|[１２][０-９]{3})([ \t\u3000]*)年(?:([ \t\u3000]*)(\d{1,2}|[０-９]{1,2})([ \t\u3000]*)月(?:([ \t\u3000]*)(\d{1,2}|[０-９]{1,2})([ \t\u3000]*)日)?)?/g;
const ISO_DATE = /(?<!\d)([12]\d{3})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g;

/** Every `YYYY年[M月[D日]]` in `text`, with offsets shifted by `base`. */
export function findCnDates(text: string, base = 0): DateRef[] {
  const out: DateRef[] = [];
  CN_DATE.lastIndex = 0;
  for (let m = CN_DATE.exec(text); m; m = CN_DATE.exec(text)) {
    const year = Number(m[1].normalize('NFKC'));
    const month = m[4] !== undefined ? Number(m[4].normalize('NFKC')) : undefined;
    const day = m[7] !== undefined ? Number(m[7].normalize('NFKC')) : undefined;
    // Trailing spaces belong to the text after the date, not to the date.
    let raw = m[0];
    if (day === undefined && month === undefined) raw = raw.replace(/[ \t\u3000]+$/, '');
    const spaced = /[ \t\u3000]/.test(raw);
    const valid = month !== undefined && day !== undefined ? isRealDate(year, month, day) : false;
    out.push({ span: { start: base + m.index, end: base + m.index + raw.length }, raw, year, month, day, valid, spaced });
  }
  return out;
}

/** Parses a whole value as a date: `2022-01-21`, `2022/1/21`, `2022年1月21日`. */
export function parseDateValue(value: string): { year: number; month: number; day: number; valid: boolean } | null {
  const v = value.normalize('NFKC').trim();
  ISO_DATE.lastIndex = 0;
  let m = /^([12]\d{3})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v);
  if (!m) m = /^([12]\d{3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/.exec(v);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { year: y, month: mo, day: d, valid: isRealDate(y, mo, d) };
}

/** Compares (y,m,d) triples. */
export function cmpDate(a: { year: number; month: number; day: number }, b: { year: number; month: number; day: number }): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function fmtDate(d: { year: number; month?: number; day?: number }): string {
  return `${d.year}年${d.month ?? '?'}月${d.day ?? '?'}日`;
}
