/** Reading the value of a number cell (dialect §7). */
import type { CellKind } from './standard.js';

export interface CellReading {
  value: number | null;
  /** 'ok' | 'blank' (C03) | 'invalid' (C01) | 'unread' (C05: import could not read it from the source; dialect §7). */
  status: 'ok' | 'blank' | 'invalid' | 'unread';
  /** Why an invalid cell is invalid: negative, decimal, places, text, several, or beyond Number.MAX_SAFE_INTEGER. */
  problem?: 'negative' | 'decimal' | 'places' | 'text' | 'several' | 'too-large';
  /** A unit or word written in the cell (C02), e.g. 元, 件, 批. */
  unit?: string;
  /** For an amount written in 元: its value in 万元. */
  wanYuan?: number;
  /** The ASCII form when the cell uses full-width digits, separators or inner spaces (C04). */
  normalised?: string;
}

const BLANKS = new Set(['', '/', '-', '—', '——', '－', '–', '─', '无', '\\', '／', 'N/A', 'n/a']);
const UNIT = '(万元|元|件|批|个|项|次|条|份|人|起|宗|家|篇)';

/** How import marks a cell it could not read from the published source (dialect §7). */
export const UNREAD = '?';

const PLAIN_INT = /^\d{1,15}$/;
const UNIT_AFTER = new RegExp(`^([+-]?\\d+(?:\\.\\d+)?)\\s*${UNIT}$`);
const UNIT_BEFORE = new RegExp(`^${UNIT}\\s*([+-]?\\d+(?:\\.\\d+)?)$`);

export function readCell(raw: string, kind: CellKind): CellReading {
  // Fast path: the common case, a plain ASCII whole number.
  if (PLAIN_INT.test(raw)) return { value: Number(raw), status: 'ok' };
  let text = raw.trim().replace(/^\*\*(.*)\*\*$/, '$1').replace(/^\*(.*)\*$/, '$1').trim();
  if (BLANKS.has(text)) return { value: null, status: 'blank' };
  if (text === UNREAD || text === '？') return { value: null, status: 'unread' };
  const nfkc = text.normalize('NFKC').replace(/\u3000/g, ' ');
  let t = nfkc;
  let cosmetic = nfkc !== text;
  // Thousands separators: 1,698 / 1，698
  if (/^[+-]?\d{1,3}([,，]\d{3})+(\.\d+)?/.test(t)) {
    t = t.replace(/(\d)[,，](?=\d{3})/g, '$1');
    cosmetic = true;
  }
  // Digits grouped by spaces, "1 698" → "1698"; "4 5 6" stays three numbers (C01).
  const spaced = /^[+-]?\d{1,3}( \d{3})+(\.\d+)?$/.test(t);
  if (spaced) {
    t = t.replace(/ /g, '');
    cosmetic = true;
  }
  let unit: string | undefined;
  const withUnit = UNIT_AFTER.exec(t) ?? UNIT_BEFORE.exec(t);
  if (withUnit) {
    const num = /\d/.test(withUnit[1]) ? withUnit[1] : withUnit[2];
    unit = /\d/.test(withUnit[1]) ? withUnit[2] : withUnit[1];
    t = num;
  }
  const numbers = t.match(/[+-]?\d+(?:\.\d+)?/g) ?? [];
  if (!/^[+-]?\d+(\.\d+)?$/.test(t)) {
    if (numbers.length > 1) return { value: null, status: 'invalid', problem: 'several' };
    if (numbers.length === 1) {
      // Text around one number: read the number, report the text (C02).
      const n = Number(numbers[0]);
      const extra = t.replace(numbers[0], '').trim();
      const r = checkKind(n, numbers[0], kind);
      if (r) return r;
      return { value: n, status: 'ok', unit: extra, normalised: cosmetic ? numbers[0] : undefined };
    }
    return { value: null, status: 'invalid', problem: 'text' };
  }
  const n = Number(t);
  const r = checkKind(n, t, kind);
  if (r) return { ...r, unit };
  const reading: CellReading = { value: n, status: 'ok' };
  if (unit) {
    reading.unit = unit;
    if (kind === 'amount' && unit === '元') {
      reading.wanYuan = Math.round((n / 10000) * 1e6) / 1e6;
      reading.value = reading.wanYuan;
    }
  }
  if (cosmetic && !unit) reading.normalised = t.replace(/^\+/, kind === 'signed' ? '+' : '');
  return reading;
}

function checkKind(n: number, text: string, kind: CellKind): CellReading | null {
  if (!Number.isFinite(n)) return { value: null, status: 'invalid', problem: 'text' };
  // Past 2^53 a number is no longer exact: a sum through it could pass when it is wrong.
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER) return { value: null, status: 'invalid', problem: 'too-large' };
  if (kind !== 'signed' && (n < 0 || text.startsWith('-'))) return { value: null, status: 'invalid', problem: 'negative' };
  if (kind !== 'amount' && text.includes('.')) return { value: null, status: 'invalid', problem: 'decimal' };
  if (kind === 'amount') {
    const places = text.includes('.') ? text.split('.')[1].length : 0;
    if (places > 4) return { value: null, status: 'invalid', problem: 'places' };
  }
  return null;
}
