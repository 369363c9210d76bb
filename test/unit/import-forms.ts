/**
 * The official form's tables with their merged cells, as a government page or a Word file lays
 * them out (表三 with the 勾稽关系 corner, 三、本年度办理结果 over 22 rows, the group cells of
 * （三）–（六）; 表四 as one row of 15 under a three-level header; section 二 as one table), for the
 * import tests to write as HTML and as .docx. Values are distinct per cell so that a value in the
 * wrong row or column shows.
 */
import { S2_BLOCKS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_ROWS, ITEM_NUMERALS, type Edition } from '../../server/src/core/standard.js';
import assert from 'node:assert/strict';
import { cellValues, type compareReports } from '../tools/recovery.js';
import type { Report } from '../../server/src/core/model.js';

export interface FormCell {
  text: string;
  rowSpan?: number;
  colSpan?: number;
}
export type FormRow = FormCell[];

/** Expected values by key: `t3.new.natural`, `t4.review.upheld`, `s2.1.rules.issued`. */
export type Values = Map<string, string>;

/** 表三 of the 2021 edition in the official merged layout; values `r*10+c` unless `override` says otherwise. */
export function table3Official(override: Record<string, string> = {}): { rows: FormRow[]; values: Values } {
  const values: Values = new Map();
  const data = T3_ROWS[2021].filter((r) => !r.group);
  const cells = (key: string, r: number): FormCell[] =>
    T3_COLUMNS.map((c, ci) => {
      const k = `t3.${key}.${c.key}`;
      const v = override[k] ?? String(r * 10 + ci);
      values.set(k, v);
      return { text: v };
    });
  const rows: FormRow[] = [
    [{ text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', rowSpan: 3, colSpan: 3 }, { text: '申请人情况', colSpan: 7 }],
    [{ text: '自然人', rowSpan: 2 }, { text: '法人或其他组织', colSpan: 5 }, { text: '总计', rowSpan: 2 }],
    T3_COLUMNS.slice(1, 6).map((c) => ({ text: c.label })),
  ];
  const groups: Record<string, { label: string; size: number }> = {
    refuse_1: { label: '（三）不予公开', size: 8 },
    unable_1: { label: '（四）无法提供', size: 3 },
    noprocess_1: { label: '（五）不予处理', size: 5 },
    other_1: { label: '（六）其他处理', size: 3 },
  };
  data.forEach((def, r) => {
    const row: FormRow = [];
    if (def.key === 'new' || def.key === 'carried' || def.key === 'next') row.push({ text: def.label, colSpan: 3 });
    else {
      if (def.key === 'open') row.push({ text: '三、本年度办理结果', rowSpan: 22 });
      if (def.parent === 'g_result') row.push({ text: def.label, colSpan: 2 });
      else {
        const g = groups[def.key];
        if (g) row.push({ text: g.label, rowSpan: g.size });
        row.push({ text: def.label });
      }
    }
    row.push(...cells(def.key, r));
    rows.push(row);
  });
  return { rows, values };
}

/** 表四 as published: one row of 15 under 行政复议 (5) / 行政诉讼 (10). */
export function table4Official(override: Record<string, string> = {}): { rows: FormRow[]; values: Values } {
  const values: Values = new Map();
  const labels = T4_COLUMNS.map((c) => ({ text: c.label }));
  const rows: FormRow[] = [
    [{ text: '行政复议', colSpan: 5 }, { text: '行政诉讼', colSpan: 10 }],
    [...T4_COLUMNS.map((c) => ({ text: c.label, rowSpan: 2 })), { text: '未经复议直接起诉', colSpan: 5 }, { text: '复议后起诉', colSpan: 5 }],
    [...labels, ...labels],
  ];
  const data: FormRow = [];
  T4_ROWS.forEach((r, ri) =>
    T4_COLUMNS.forEach((c, ci) => {
      const k = `t4.${r.key}.${c.key}`;
      const v = override[k] ?? String(100 + ri * 5 + ci);
      values.set(k, v);
      data.push({ text: v });
    }),
  );
  rows.push(data);
  return { rows, values };
}

/** Section 二 as one table: each item a merged heading row, its header and rows (one-column values span 3). */
export function section2Official(edition: Edition = 2021): { rows: FormRow[]; values: Values } {
  const values: Values = new Map();
  const rows: FormRow[] = [];
  let n = 1;
  for (const b of S2_BLOCKS[edition]) {
    rows.push([{ text: `第二十条第（${ITEM_NUMERALS[b.item]}）项`, colSpan: 4 }]);
    const span = b.columns.length === 1 ? 3 : b.columns.length === 2 ? undefined : undefined;
    const header: FormRow = [{ text: '信息内容' }, ...b.columns.map((c) => ({ text: c.label, colSpan: span }))];
    if (b.columns.length === 2) header[header.length - 1].colSpan = 2;
    rows.push(header);
    for (const r of b.rows) {
      const row: FormRow = [{ text: r.label }];
      b.columns.forEach((c, ci) => {
        const v = c.kind === 'amount' ? `${n}.5` : String(n);
        n++;
        values.set(`s2.${b.item}.${r.key}.${c.key}`, c.kind === 'amount' ? String(Number(v)) : v);
        row.push({ text: v, colSpan: b.columns.length === 1 ? 3 : b.columns.length === 2 && ci === 1 ? 2 : undefined });
      });
      rows.push(row);
    }
  }
  return { rows, values };
}

export function htmlTable(rows: FormRow[], attrs = 'border="1"'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<table ${attrs}>\n<tbody>\n${rows
    .map(
      (r) =>
        `<tr>${r
          .map((c) => `<td${c.rowSpan ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan ? ` colspan="${c.colSpan}"` : ''}><p><span style="font-family:仿宋">${esc(c.text)}</span></p></td>`)
          .join('')}</tr>`,
    )
    .join('\n')}\n</tbody>\n</table>`;
}

/** GB18030 bytes of a text, with an encoding table built from the decoder (Node has no GBK encoder). */
export function gb18030(text: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(Uint8Array.of(a, b));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [a, b]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GB18030 two-byte code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

/** Every cell of the reference back in its place, with the same title, agency, year and sections. */
export function assertFullRecovery(rec: ReturnType<typeof compareReports>): void {
  assert.deepEqual(rec.wrong, []);
  assert.deepEqual(rec.missing, []);
  assert.equal(rec.recovered, rec.cells);
  assert.ok(rec.title.same && rec.agency.same && rec.year.same);
  assert.deepEqual(rec.sections.got, rec.sections.expected);
}

/** A government web page around a report: breadcrumb, a layout table, the publication line, a share box. */
export function page(body: string, charset = 'utf-8'): string {
  return `<!DOCTYPE html>
<html><head><meta charset="${charset}"><title>江城市自然资源和规划局2022年政府信息公开工作年度报告_江城市人民政府门户网站</title>
<script>var x = "<p>一、总体情况</p>";</script><style>p{margin:0}</style></head>
<body>
<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a>政府信息公开</a> &gt; 年度报告</div>
<table width="1000" class="layout"><tr><td>
<h2 style="text-align:center">江城市自然资源和规划局2022年政府信息公开工作年度报告</h2>
<div class="info">发布时间：2023-01-18 09:30　来源：办公室　【字体：大 中 小】</div>
<div class="content">
${body}
</div>
</td></tr></table>
<div class="foot">扫一扫在手机打开当前页</div>
</body></html>`;
}

export const prose = {
  pre: '<p>本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。</p>',
  one: '<p style="text-indent:2em"><strong>一、总体情况</strong></p><p>2022年，我局全面推进政务公开。<br>全年主动公开信息120条。</p>',
  two: '<p><b>二、主动公开政府信息情况</b></p>',
  three: '<p><b>三、收到和处理政府信息公开申请情况</b></p>',
  four: '<p><b>四、政府信息公开行政复议、行政诉讼情况</b></p>',
  five: '<p><b>五、存在的主要问题及改进情况</b></p><p>一是公开内容不够全面。二是解读形式单一。</p>',
  six: '<p><b>六、其他需要报告的事项</b></p><p>本年度未收取信息处理费。</p>',
  sig: '<p style="text-align:right">江城市自然资源和规划局</p><p style="text-align:right">2023年1月18日</p>',
};

export function assertValues(report: Report, values: Values): void {
  const got = cellValues(report);
  for (const [k, v] of values) assert.equal(got.get(k), String(Number(v)), k);
}

