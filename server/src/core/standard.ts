/** The national form: standard sections, rows and columns of both editions. */
import { labelCore, normLabel, stripParens } from './text.js';

export type Edition = 2019 | 2021;

export interface SectionDef {
  no: number;
  heading: string;
  /** Keywords that identify the section whatever its wording. */
  keys: RegExp;
  /** Known variant wordings (normalised, without numbering) that are accepted as this section. */
  variants: string[];
}

export const SECTIONS: SectionDef[] = [
  { no: 1, heading: '一、总体情况', keys: /总体情况|总体|概述/, variants: ['总体情况'] },
  { no: 2, heading: '二、主动公开政府信息情况', keys: /主动公开/, variants: ['主动公开政府信息情况', '主动公开情况'] },
  {
    no: 3,
    heading: '三、收到和处理政府信息公开申请情况',
    keys: /收到和处理|收到及处理|依申请|公开申请/,
    variants: ['收到和处理政府信息公开申请情况', '收到及处理政府信息公开申请情况'],
  },
  {
    no: 4,
    heading: '四、政府信息公开行政复议、行政诉讼情况',
    keys: /行政复议|行政诉讼|复议|诉讼/,
    variants: ['政府信息公开行政复议、行政诉讼情况', '政府信息公开行政复议和行政诉讼情况', '政府信息公开行政复议,行政诉讼情况'],
  },
  {
    no: 5,
    heading: '五、存在的主要问题及改进情况',
    keys: /存在的?主要问题|存在问题|主要问题|改进/,
    variants: ['存在的主要问题及改进情况', '存在的主要问题及改进措施', '存在的主要问题和改进情况', '存在问题及改进情况', '存在的主要问题和改进措施'],
  },
  { no: 6, heading: '六、其他需要报告的事项', keys: /其他需要报告|其他事项|其他需报告/, variants: ['其他需要报告的事项'] },
];

/** Keys of the 表三 columns, in standard order. */
export const T3_COLUMNS = [
  { key: 'natural', label: '自然人' },
  { key: 'commercial', label: '商业企业' },
  { key: 'research', label: '科研机构' },
  { key: 'nonprofit', label: '社会公益组织' },
  { key: 'legal', label: '法律服务机构' },
  { key: 'other', label: '其他' },
  { key: 'total', label: '总计' },
] as const;
export type T3Col = (typeof T3_COLUMNS)[number]['key'];
export const T3_APPLICANTS: T3Col[] = ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other'];

export interface RowDef {
  key: string;
  label: string;
  /** Group rows carry no cells. */
  group?: boolean;
  /** Key of the group the row belongs to. */
  parent?: string;
}

const T3_HEAD: RowDef[] = [
  { key: 'new', label: '一、本年新收政府信息公开申请数量' },
  { key: 'carried', label: '二、上年结转政府信息公开申请数量' },
  { key: 'g_result', label: '三、本年度办理结果', group: true },
  { key: 'open', label: '（一）予以公开', parent: 'g_result' },
  { key: 'partial', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', parent: 'g_result' },
  { key: 'g_refuse', label: '（三）不予公开', group: true, parent: 'g_result' },
  { key: 'refuse_1', label: '1.属于国家秘密', parent: 'g_refuse' },
  { key: 'refuse_2', label: '2.其他法律行政法规禁止公开', parent: 'g_refuse' },
  { key: 'refuse_3', label: '3.危及“三安全一稳定”', parent: 'g_refuse' },
  { key: 'refuse_4', label: '4.保护第三方合法权益', parent: 'g_refuse' },
  { key: 'refuse_5', label: '5.属于三类内部事务信息', parent: 'g_refuse' },
  { key: 'refuse_6', label: '6.属于四类过程性信息', parent: 'g_refuse' },
  { key: 'refuse_7', label: '7.属于行政执法案卷', parent: 'g_refuse' },
  { key: 'refuse_8', label: '8.属于行政查询事项', parent: 'g_refuse' },
  { key: 'g_unable', label: '（四）无法提供', group: true, parent: 'g_result' },
  { key: 'unable_1', label: '1.本机关不掌握相关政府信息', parent: 'g_unable' },
  { key: 'unable_2', label: '2.没有现成信息需要另行制作', parent: 'g_unable' },
  { key: 'unable_3', label: '3.补正后申请内容仍不明确', parent: 'g_unable' },
  { key: 'g_noprocess', label: '（五）不予处理', group: true, parent: 'g_result' },
  { key: 'noprocess_1', label: '1.信访举报投诉类申请', parent: 'g_noprocess' },
  { key: 'noprocess_2', label: '2.重复申请', parent: 'g_noprocess' },
  { key: 'noprocess_3', label: '3.要求提供公开出版物', parent: 'g_noprocess' },
  { key: 'noprocess_4', label: '4.无正当理由大量反复申请', parent: 'g_noprocess' },
  { key: 'noprocess_5', label: '5.要求行政机关确认或重新出具已获取信息', parent: 'g_noprocess' },
];
const T3_TAIL: RowDef[] = [
  { key: 'total', label: '（七）总计', parent: 'g_result' },
  { key: 'next', label: '四、结转下年度继续办理' },
];

export const T3_ROWS: Record<Edition, RowDef[]> = {
  2021: [
    ...T3_HEAD,
    { key: 'g_other', label: '（六）其他处理', group: true, parent: 'g_result' },
    { key: 'other_1', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', parent: 'g_other' },
    { key: 'other_2', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', parent: 'g_other' },
    { key: 'other_3', label: '3.其他', parent: 'g_other' },
    ...T3_TAIL,
  ],
  2019: [...T3_HEAD, { key: 'other', label: '（六）其他处理', parent: 'g_result' }, ...T3_TAIL],
};

/** The rows summed into （七）总计 (rule A01). */
export function outcomeTerms(edition: Edition): string[] {
  return T3_ROWS[edition].filter((r) => !r.group && r.parent && r.key !== 'total').map((r) => r.key);
}

export const T4_COLUMNS = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;
export type T4Col = (typeof T4_COLUMNS)[number]['key'];

export const T4_ROWS: RowDef[] = [
  { key: 'review', label: '行政复议' },
  { key: 'direct', label: '行政诉讼（未经复议直接起诉）' },
  { key: 'after', label: '行政诉讼（复议后起诉）' },
];

export type CellKind = 'count' | 'amount' | 'signed';

export interface ColumnDef {
  key: string;
  label: string;
  kind: CellKind;
}

export interface BlockDef {
  /** Article 20 item: 1, 5, 6, 8, 9. */
  item: number;
  columns: ColumnDef[];
  rows: RowDef[];
}

export const ITEM_NUMERALS: Record<number, string> = { 1: '一', 5: '五', 6: '六', 8: '八', 9: '九' };

export const S2_BLOCKS: Record<Edition, BlockDef[]> = {
  2021: [
    {
      item: 1,
      columns: [
        { key: 'issued', label: '本年制发件数', kind: 'count' },
        { key: 'repealed', label: '本年废止件数', kind: 'count' },
        { key: 'valid', label: '现行有效件数', kind: 'count' },
      ],
      rows: [
        { key: 'rules', label: '规章' },
        { key: 'normative', label: '行政规范性文件' },
      ],
    },
    { item: 5, columns: [{ key: 'decisions', label: '本年处理决定数量', kind: 'count' }], rows: [{ key: 'licensing', label: '行政许可' }] },
    {
      item: 6,
      columns: [{ key: 'decisions', label: '本年处理决定数量', kind: 'count' }],
      rows: [
        { key: 'penalty', label: '行政处罚' },
        { key: 'coercion', label: '行政强制' },
      ],
    },
    { item: 8, columns: [{ key: 'amount', label: '本年收费金额（单位：万元）', kind: 'amount' }], rows: [{ key: 'fees', label: '行政事业性收费' }] },
  ],
  2019: [
    {
      item: 1,
      columns: [
        { key: 'made', label: '本年新制作数量', kind: 'count' },
        { key: 'published', label: '本年新公开数量', kind: 'count' },
        { key: 'total', label: '对外公开总数量', kind: 'count' },
      ],
      rows: [
        { key: 'rules', label: '规章' },
        { key: 'normative', label: '规范性文件' },
      ],
    },
    {
      item: 5,
      columns: [
        { key: 'previous', label: '上一年项目数量', kind: 'count' },
        { key: 'change', label: '本年增/减', kind: 'signed' },
        { key: 'decisions', label: '处理决定数量', kind: 'count' },
      ],
      rows: [
        { key: 'licensing', label: '行政许可' },
        { key: 'services', label: '其他对外管理服务事项' },
      ],
    },
    {
      item: 6,
      columns: [
        { key: 'previous', label: '上一年项目数量', kind: 'count' },
        { key: 'change', label: '本年增/减', kind: 'signed' },
        { key: 'decisions', label: '处理决定数量', kind: 'count' },
      ],
      rows: [
        { key: 'penalty', label: '行政处罚' },
        { key: 'coercion', label: '行政强制' },
      ],
    },
    {
      item: 8,
      columns: [
        { key: 'previous', label: '上一年项目数量', kind: 'count' },
        { key: 'change', label: '本年增/减', kind: 'signed' },
      ],
      rows: [{ key: 'fees', label: '行政事业性收费' }],
    },
    {
      item: 9,
      columns: [
        { key: 'projects', label: '采购项目数量', kind: 'count' },
        { key: 'amount', label: '采购总金额', kind: 'amount' },
      ],
      rows: [{ key: 'procurement', label: '政府集中采购' }],
    },
  ],
};

/** The edition the law calls for in a report year. */
export function editionForYear(year: number): Edition {
  return year >= 2021 ? 2021 : 2019;
}

/** The comparable form of a label: normalised, numbering and parenthesised units removed. */
export function labelKey(s: string): string {
  const hit = keyMemo.get(s);
  if (hit !== undefined) return hit;
  const k = stripParens(labelCore(normLabel(s)));
  if (keyMemo.size > 20000) keyMemo.clear();
  keyMemo.set(s, k);
  return k;
}

/** Memoised as normLabel is: a table's labels are keyed several times per analysis, and again in the next. */
const keyMemo = new Map<string, string>();

export interface LabelMatch<T> {
  def: T | null;
  /** 'exact': the standard text; 'normalised': equal after normalisation; 'near': adopted nearest; 'none'. */
  quality: 'exact' | 'normalised' | 'near' | 'none';
  suggestion?: T;
}
