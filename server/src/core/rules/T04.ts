import type { Rule } from '../types.js';
import type { Report } from '../model.js';
import { checkProseNumber, fmt } from './util.js';

const NOT_AFTER = '(?![\\d.年月日%％])';
// Made once (blockMatches keeps the matches of each block by pattern).
const NORMATIVE = [new RegExp(`(?:制发|印发|出台|发布|公开|制定)(?:了)?(?:行政)?规范性文件(?:共|为)?[ \\t]*(\\d+)${NOT_AFTER}[ \\t]*件?`)];
const LICENSING = [new RegExp(`(?:实施|办理|作出|办结)(?:了)?行政许可(?:决定)?(?:事项)?(?:共|为)?[ \\t]*(\\d+)${NOT_AFTER}[ \\t]*(?:件|项|个)?`)];
const FEES = [/行政事业性收费(?:金额)?(?:共|为)?[ \t]*(\d+(?:\.\d+)?)[ \t]*万元/];

function cellOf(r: Report, item: number, row: string, cols: string[]) {
  const t = r.tables.s2.find((x) => x.item === item);
  const rm = t?.byKey.get(row);
  for (const c of cols) if (rm?.cells.get(c)) return rm.cells.get(c);
  return undefined;
}

/** T04: prose figures for 规范性文件 / 行政许可 / 行政事业性收费 ≠ 表二. */
export const rule: Rule = {
  id: 'T04',
  name: 'text-section2',
  severity: 'warning',
  description: { zh: '正文中的主动公开数据与表二不符', en: 'Section 2 figures in the text differ from the tables' },
  tags: ['text-and-tables', 'table2'],
  tables: [{ kind: 's2' }],
  docs: 'docs/rules/T04.md',
  check(r, ctx) {
    const checks = [
      {
        what: { zh: '规范性文件', en: 'normative documents' },
        res: NORMATIVE,
        cell: cellOf(r, 1, 'normative', ['issued', 'made']),
      },
      {
        what: { zh: '行政许可', en: 'licensing decisions' },
        res: LICENSING,
        cell: cellOf(r, 5, 'licensing', ['decisions']),
      },
      {
        what: { zh: '行政事业性收费', en: 'administrative fees' },
        res: FEES,
        cell: cellOf(r, 8, 'fees', ['amount']),
      },
    ];
    for (const c of checks) {
      const cell = c.cell;
      checkProseNumber(r, c.res, cell?.value, (n, span) =>
        ctx.report({
          span,
          message: { zh: `正文中${c.what.zh}为 ${fmt(n)}，表二为 ${fmt(cell!.value!)}`, en: `The text gives ${fmt(n)} ${c.what.en}; the section 2 table says ${fmt(cell!.value!)}` },
          related: [{ span: cell!.span, message: { zh: `表二 ${cell!.rowLabel} ${cell!.colLabel}`, en: `section 2 table, ${cell!.rowLabel}` } }],
        }),
      );
    }
  },
};
