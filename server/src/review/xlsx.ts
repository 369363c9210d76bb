/**
 * The review as an Excel workbook, for reviewers who sort and filter in a spreadsheet: a sheet of reports, one of
 * findings, one of 表三's figures per report (every row, seven columns), and one per rule. Written with exceljs
 * (loaded only for a workbook): each sheet with its header frozen and a filter on it.
 */
import type { Worksheet } from 'exceljs';
import { T3_COLUMNS } from '../core/index.js';
import { timelinessLabel } from './html.js';
import type { ReportRecord, ReviewData } from './types.js';

type L = 'zh-CN' | 'en';

const H = {
  reports: { 'zh-CN': '报告', en: 'Reports' },
  findings: { 'zh-CN': '问题', en: 'Findings' },
  table3: { 'zh-CN': '表三', en: 'Table 3' },
  rules: { 'zh-CN': '规则', en: 'Rules' },
} as const;

const REPORT_COLUMNS: { key: string; zh: string; en: string; width: number; get: (r: ReportRecord, l: L) => string | number | null }[] = [
  { key: 'index', zh: '序号', en: 'No.', width: 6, get: (r) => r.index + 1 },
  { key: 'file', zh: '文件', en: 'File', width: 40, get: (r) => r.file },
  { key: 'status', zh: '状态', en: 'Status', width: 10, get: (r, l) => (r.status === 'ok' ? (l === 'en' ? 'ok' : '已审核') : r.status === 'not-report' ? (l === 'en' ? 'not a report' : '不是年度报告') : l === 'en' ? 'not read' : '无法读取') },
  { key: 'reason', zh: '原因', en: 'Reason', width: 30, get: (r) => r.reason ?? null },
  { key: 'agency', zh: '机关', en: 'Agency', width: 28, get: (r) => r.agency ?? null },
  { key: 'year', zh: '年度', en: 'Year', width: 7, get: (r) => r.year ?? null },
  { key: 'kind', zh: '类型', en: 'Kind', width: 7, get: (r, l) => (r.kind ? (l === 'en' ? r.kind : r.kind === 'government' ? '政府' : '部门') : null) },
  { key: 'shape', zh: '文件形式', en: 'Shape', width: 9, get: (r) => r.shape ?? null },
  { key: 'published', zh: '发布日期', en: 'Published', width: 11, get: (r) => r.published ?? null },
  { key: 'deadline', zh: '截止日期', en: 'Deadline', width: 11, get: (r) => r.deadline ?? null },
  { key: 'daysLate', zh: '逾期天数', en: 'Days late', width: 8, get: (r) => r.daysLate ?? null },
  { key: 'timeliness', zh: '按时情况', en: 'Timeliness', width: 12, get: (r, l) => (r.status === 'ok' ? timelinessLabel(r.timeliness ?? 'undated', l) : null) },
  { key: 'edition', zh: '格式', en: 'Edition', width: 7, get: (r) => r.edition ?? null },
  { key: 'editionExpected', zh: '应用格式', en: 'Edition due', width: 8, get: (r) => r.editionExpected ?? null },
  { key: 'errors', zh: '错误', en: 'Errors', width: 6, get: (r) => (r.status === 'ok' ? r.errors : null) },
  { key: 'warnings', zh: '警告', en: 'Warnings', width: 6, get: (r) => (r.status === 'ok' ? r.warnings : null) },
  { key: 'infos', zh: '提示', en: 'Infos', width: 6, get: (r) => (r.status === 'ok' ? r.infos : null) },
  { key: 'topRules', zh: '最常见的问题', en: 'Most frequent rules', width: 14, get: (r) => r.topRules.join(' ') || null },
  { key: 'new', zh: '一、本年新收（总计）', en: 'Received (total)', width: 10, get: (r) => t3Total(r, 'new') },
  { key: 'carried', zh: '二、上年结转（总计）', en: 'Carried in (total)', width: 10, get: (r) => t3Total(r, 'carried') },
  { key: 'outcomes', zh: '（七）办理结果总计', en: 'Outcomes (total)', width: 10, get: (r) => t3Total(r, 'total') },
  { key: 'next', zh: '四、结转下年度（总计）', en: 'Carried over (total)', width: 10, get: (r) => t3Total(r, 'next') },
  { key: 'unread', zh: '未能识别的单元格', en: 'Cells not read', width: 8, get: (r) => (r.status === 'ok' ? r.unread.length : null) },
  { key: 'url', zh: '网址', en: 'URL', width: 30, get: (r) => r.attachment ?? r.url ?? null },
];

function t3Total(r: ReportRecord, key: string): number | null {
  return r.table3?.find((x) => x.key === key)?.values[6] ?? null;
}

function header(ws: Worksheet, columns: { header: string; key: string; width: number }[]): void {
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

function filter(ws: Worksheet, columns: number): void {
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, ws.rowCount), column: columns } };
}

/** The workbook's bytes. */
export async function renderReviewXlsx(d: ReviewData): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const l: L = d.locale === 'en' ? 'en' : 'zh-CN';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xxgk-report';
  wb.created = new Date(d.generated);

  const reports = wb.addWorksheet(H.reports[l]);
  header(reports, REPORT_COLUMNS.map((c) => ({ header: l === 'en' ? c.en : c.zh, key: c.key, width: c.width })));
  for (const r of d.reports) reports.addRow(Object.fromEntries(REPORT_COLUMNS.map((c) => [c.key, c.get(r, l)])));
  filter(reports, REPORT_COLUMNS.length);

  const findings = wb.addWorksheet(H.findings[l]);
  const fcols = [
    ['index', '序号', 'No.', 6], ['file', '文件', 'File', 36], ['agency', '机关', 'Agency', 26], ['year', '年度', 'Year', 7],
    ['code', '规则', 'Rule', 6], ['name', '规则名称', 'Rule name', 18], ['severity', '级别', 'Severity', 8], ['message', '说明', 'Message', 60],
    ['line', '行', 'Line', 6], ['column', '列', 'Column', 6], ['table', '表', 'Table', 10], ['row', '行标签', 'Row', 30], ['col', '列标签', 'Column label', 12],
    ['value', '所指内容', 'Value', 20], ['computed', '计算值', 'Computed', 9], ['stated', '填报值', 'Stated', 9], ['against', '对照文件', 'Against', 30],
  ] as const;
  header(findings, fcols.map(([key, zh, en, width]) => ({ header: l === 'en' ? en : zh, key, width })));
  const sev = (s: string) => (l === 'en' ? s : s === 'error' ? '错误' : s === 'warning' ? '警告' : '提示');
  for (const r of d.reports) {
    for (const f of r.findings) {
      findings.addRow({
        index: r.index + 1, file: r.file, agency: r.agency ?? null, year: r.year ?? null, code: f.code, name: f.name, severity: sev(f.severity), message: f.message,
        line: f.line, column: f.column, table: f.cell?.table ?? null, row: f.cell?.row ?? null, col: f.cell?.col ?? null, value: f.value,
        computed: f.computed ?? null, stated: f.stated ?? null, against: f.against ?? null,
      });
    }
  }
  filter(findings, fcols.length);

  const t3 = wb.addWorksheet(H.table3[l]);
  header(t3, [
    { header: l === 'en' ? 'No.' : '序号', key: 'index', width: 6 },
    { header: l === 'en' ? 'File' : '文件', key: 'file', width: 36 },
    { header: l === 'en' ? 'Agency' : '机关', key: 'agency', width: 26 },
    { header: l === 'en' ? 'Year' : '年度', key: 'year', width: 7 },
    { header: l === 'en' ? 'Row key' : '行代码', key: 'key', width: 12 },
    { header: l === 'en' ? 'Row' : '行', key: 'label', width: 40 },
    ...T3_COLUMNS.map((c) => ({ header: c.label, key: `c_${c.key}`, width: 9 })),
  ]);
  for (const r of d.reports) {
    for (const row of r.table3 ?? []) {
      t3.addRow({ index: r.index + 1, file: r.file, agency: r.agency ?? null, year: r.year ?? null, key: row.key, label: row.label, ...Object.fromEntries(T3_COLUMNS.map((c, i) => [`c_${c.key}`, row.values[i]])) });
    }
  }
  filter(t3, 6 + T3_COLUMNS.length);

  const rules = wb.addWorksheet(H.rules[l]);
  header(rules, [
    { header: l === 'en' ? 'Rule' : '规则', key: 'code', width: 6 },
    { header: l === 'en' ? 'Name' : '名称', key: 'name', width: 20 },
    { header: l === 'en' ? 'Severity' : '级别', key: 'severity', width: 8 },
    { header: l === 'en' ? 'Description' : '说明', key: 'description', width: 40 },
    { header: l === 'en' ? 'Reports' : '报告数', key: 'reports', width: 8 },
    { header: l === 'en' ? 'Findings' : '问题数', key: 'findings', width: 8 },
  ]);
  for (const r of d.summary.rules) rules.addRow({ ...r, severity: sev(r.severity) });
  filter(rules, 6);

  return new Uint8Array(await wb.xlsx.writeBuffer());
}
