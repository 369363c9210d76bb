/** The rule registry: one module per rule, found by its id. */
import type { CrossRule, Rule } from '../types.js';
import { rule as A01 } from './A01.js';
import { rule as A02 } from './A02.js';
import { rule as A03 } from './A03.js';
import { rule as A04 } from './A04.js';
import { rule as A05 } from './A05.js';
import { rule as C01 } from './C01.js';
import { rule as C02 } from './C02.js';
import { rule as C03 } from './C03.js';
import { rule as C04 } from './C04.js';
import { rule as C05 } from './C05.js';
import { rule as D01 } from './D01.js';
import { rule as D02 } from './D02.js';
import { rule as D03 } from './D03.js';
import { rule as D04 } from './D04.js';
import { rule as D05 } from './D05.js';
import { rule as D06 } from './D06.js';
import { rule as N01 } from './N01.js';
import { rule as N02 } from './N02.js';
import { rule as N03 } from './N03.js';
import { rule as S01 } from './S01.js';
import { rule as S02 } from './S02.js';
import { rule as S03 } from './S03.js';
import { rule as S04 } from './S04.js';
import { rule as S05 } from './S05.js';
import { rule as S06 } from './S06.js';
import { rule as S07 } from './S07.js';
import { rule as S08 } from './S08.js';
import { rule as S09 } from './S09.js';
import { rule as S10 } from './S10.js';
import { rule as S11 } from './S11.js';
import { rule as S12 } from './S12.js';
import { rule as S13 } from './S13.js';
import { rule as T01 } from './T01.js';
import { rule as T02 } from './T02.js';
import { rule as T03 } from './T03.js';
import { rule as T04 } from './T04.js';
import { rule as T05 } from './T05.js';
import { rule as X01 } from './X01.js';
import { rule as X02 } from './X02.js';

/** Rules that read one report, in catalogue order. */
export const RULES: Rule[] = [S01, S02, S03, S04, S05, S06, S07, S08, S09, S10, S11, S12, S13, C01, C02, C03, C04, C05, A01, A02, A03, A04, A05, T01, T02, T03, T04, T05, D01, D02, D03, D04, D05, D06, N01, N02, N03];

/** Rules that read several reports of one agency together. */
export const CROSS_RULES: CrossRule[] = [X01, X02];

const BY_ID = new Map<string, Rule | CrossRule>([...RULES, ...CROSS_RULES].flatMap((r) => [[r.id, r], [r.name, r]] as [string, Rule | CrossRule][]));

/** A rule by id (`A01`) or name (`outcome-total`). */
export function ruleById(id: string): Rule | CrossRule | undefined {
  return BY_ID.get(id) ?? BY_ID.get(id.toUpperCase());
}
