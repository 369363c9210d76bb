/**
 * The review's HTML summary: one self-contained file. As in the export, a CSP admits exactly its own style block
 * and its own script, by their sha256, and nothing remote; every text from a report is escaped (never markup).
 * The charts are inline SVG drawn here. The same page is the VS Code webview's content: there the script, seeing
 * the webview's API, posts a click on a finding to the extension instead of following the link.
 */
import { createHash } from 'node:crypto';
import { dirname, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { agencyKey, CROSS_RULES, RULES } from '../core/index.js';
import { esc } from '../render/html.js';
import type { ReportRecord, ReviewData, ReviewFinding, Timeliness } from './types.js';

type L = 'zh-CN' | 'en';

const T = {
  title: { 'zh-CN': '政府信息公开工作年度报告审核汇总', en: 'Review of published annual reports' },
  folder: { 'zh-CN': '审核范围', en: 'Reviewed' },
  generated: { 'zh-CN': '生成时间', en: 'Generated' },
  reports: { 'zh-CN': '报告', en: 'Reports' },
  agencies: { 'zh-CN': '机关', en: 'Agencies' },
  years: { 'zh-CN': '年度', en: 'Years' },
  onTime: { 'zh-CN': '按时发布', en: 'On time' },
  late: { 'zh-CN': '逾期发布', en: 'Late' },
  undated: { 'zh-CN': '未注明日期', en: 'Undated' },
  premature: { 'zh-CN': '日期早于年度结束', en: 'Dated before the year ended' },
  editions: { 'zh-CN': '格式版本', en: 'Editions' },
  mismatch: { 'zh-CN': '格式与年度不符', en: 'wrong edition' },
  withErrors: { 'zh-CN': '有错误的报告', en: 'Reports with errors' },
  unreadable: { 'zh-CN': '无法读取的文件', en: 'Files not read' },
  crossYear: { 'zh-CN': '跨年度不一致', en: 'Inconsistent with last year' },
  list: { 'zh-CN': '报告列表', en: 'Reports' },
  byRule: { 'zh-CN': '各规则涉及的报告', en: 'Reports per rule' },
  charts: { 'zh-CN': '图表', en: 'Charts' },
  details: { 'zh-CN': '各报告详情', en: 'Report details' },
  ruleDocs: { 'zh-CN': '规则说明', en: 'Rules' },
  filter: { 'zh-CN': '筛选（机关、年度、规则、文件名…）', en: 'Filter (agency, year, rule, file…)' },
  all: { 'zh-CN': '全部', en: 'All' },
  onlyErrors: { 'zh-CN': '只看有错误的报告', en: 'Only reports with errors' },
  shown: { 'zh-CN': '显示', en: 'Showing' },
  colAgency: { 'zh-CN': '机关', en: 'Agency' },
  colYear: { 'zh-CN': '年度', en: 'Year' },
  colKind: { 'zh-CN': '类型', en: 'Kind' },
  colShape: { 'zh-CN': '文件形式', en: 'Shape' },
  colPublished: { 'zh-CN': '发布日期', en: 'Published' },
  colDays: { 'zh-CN': '距截止日期（天）', en: 'Days after deadline' },
  colEdition: { 'zh-CN': '格式', en: 'Edition' },
  colErrors: { 'zh-CN': '错误', en: 'Errors' },
  colWarnings: { 'zh-CN': '警告', en: 'Warnings' },
  colTop: { 'zh-CN': '最常见的问题', en: 'Most frequent rules' },
  colDetail: { 'zh-CN': '详情', en: 'Detail' },
  colFile: { 'zh-CN': '文件', en: 'File' },
  colRule: { 'zh-CN': '规则', en: 'Rule' },
  colName: { 'zh-CN': '名称', en: 'Name' },
  colDesc: { 'zh-CN': '说明', en: 'Description' },
  colReports: { 'zh-CN': '报告数', en: 'Reports' },
  colFindings: { 'zh-CN': '问题数', en: 'Findings' },
  colSeverity: { 'zh-CN': '级别', en: 'Severity' },
  colMessage: { 'zh-CN': '说明', en: 'Message' },
  colWhere: { 'zh-CN': '位置', en: 'Where' },
  colValue: { 'zh-CN': '所指内容', en: 'Value' },
  department: { 'zh-CN': '部门', en: 'department' },
  government: { 'zh-CN': '政府', en: 'government' },
  open: { 'zh-CN': '打开', en: 'open' },
  chartRules: { 'zh-CN': '各规则的问题数', en: 'Findings per rule' },
  chartDates: { 'zh-CN': '发布日期与法定期限（0 = 截止日期：部门 1月31日，政府 3月31日）', en: 'Publication against the deadline (0 = the deadline: 31 Jan for a department, 31 Mar for a government)' },
  chartAgencies: { 'zh-CN': '各机关历年收到和结转的申请（表三）', en: 'Applications received and carried over per agency (table 3)' },
  seriesNew: { 'zh-CN': '一、本年新收', en: 'received (一)' },
  seriesCarried: { 'zh-CN': '二、上年结转', en: 'carried from last year (二)' },
  seriesNext: { 'zh-CN': '四、结转下年度', en: 'carried to next year (四)' },
  deadline: { 'zh-CN': '截止日期', en: 'deadline' },
  days: { 'zh-CN': '天', en: 'days' },
  noFindings: { 'zh-CN': '没有发现问题。', en: 'No findings.' },
  unreadCells: { 'zh-CN': '导入时未能识别的单元格（已写为 ?，请对照原件）', en: 'Cells the import could not read (written ?, see the original)' },
  unplaced: { 'zh-CN': '导入时未能归位的内容', en: 'Content the import could not place' },
  reason: { 'zh-CN': '原因', en: 'Reason' },
  status: { 'zh-CN': '状态', en: 'Status' },
  importedFrom: { 'zh-CN': '导入自', en: 'imported from' },
  alsoFiles: { 'zh-CN': '同一机关同一年度的其他文件', en: 'Other files of the same agency and year' },
  against: { 'zh-CN': '对照', en: 'against' },
  undatedNote: { 'zh-CN': '未注明日期的报告不在图中', en: 'undated reports are not drawn' },
  noData: { 'zh-CN': '没有数据', en: 'no data' },
  defaultSeverity: { 'zh-CN': '默认级别', en: 'default severity' },
  warnings: { 'zh-CN': '注意', en: 'Note' },
} as const;

const SEV: Record<string, Record<L, string>> = {
  error: { 'zh-CN': '错误', en: 'error' },
  warning: { 'zh-CN': '警告', en: 'warning' },
  information: { 'zh-CN': '提示', en: 'info' },
};

const SHAPES: Record<string, Record<L, string>> = {
  dialect: { 'zh-CN': '年报 Markdown', en: 'dialect' },
  pdf: { 'zh-CN': 'PDF', en: 'PDF' },
  html: { 'zh-CN': '网页', en: 'web page' },
  docx: { 'zh-CN': 'Word', en: 'Word' },
  text: { 'zh-CN': '文本', en: 'text' },
  crawl: { 'zh-CN': '网页文本', en: 'crawled text' },
};

export function timelinessLabel(t: Timeliness | 'unreadable', l: L): string {
  if (t === 'unreadable') return T.unreadable[l];
  return { 'on-time': T.onTime, late: T.late, premature: T.premature, undated: T.undated }[t][l];
}

export const REVIEW_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #57606a; --bg: #fff; --line: #d0d7de; --head: #f6f8fa; --err: #cf222e; --warn: #bf8700; --info: #0969da; --ok: #1a7f37; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #30363d; --head: #161b22; --err: #f85149; --warn: #d29922; --info: #4493f8; --ok: #3fb950; --accent: #4493f8; } }
body.vscode-light { --fg: var(--vscode-foreground, #1f2328); --bg: var(--vscode-editor-background, #fff); }
body.vscode-dark, body.vscode-high-contrast { --fg: var(--vscode-foreground, #e6edf3); --bg: var(--vscode-editor-background, #0d1117); --line: #30363d; --head: #161b22; --muted: #9198a1; }
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 24px 48px; font: 14px/1.5 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
a[data-open]:not([href]) { color: var(--accent); cursor: pointer; }
.meta { color: var(--muted); margin: 0 0 12px; word-break: break-all; }
nav.toc { display: flex; gap: 16px; flex-wrap: wrap; margin: 8px 0 0; }
.counts { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 12px 0; padding: 0; }
.counts div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; background: var(--head); }
.counts dt { color: var(--muted); font-size: 12px; }
.counts dd { margin: 0; font-size: 20px; font-weight: 600; }
.counts dd.long { font-size: 15px; }
.counts dd small { font-size: 12px; font-weight: 400; color: var(--muted); }
.counts .bad dd { color: var(--err); }
.counts .warn dd { color: var(--warn); }
.counts .good dd { color: var(--ok); }
.filters { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.filters input[type=search] { min-width: 280px; padding: 4px 8px; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
.filters select { padding: 3px 6px; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
.shown { color: var(--muted); }
table.grid { border-collapse: collapse; width: 100%; font-size: 13px; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
#report-table td, #report-table th { white-space: nowrap; }
#report-table td.wrap { white-space: normal; min-width: 12em; }
table.grid thead th { background: var(--head); position: sticky; top: 0; }
table.grid th button { all: unset; cursor: pointer; font-weight: 600; display: block; width: 100%; }
table.grid th[aria-sort=ascending] button::after { content: " ▲"; font-size: 10px; }
table.grid th[aria-sort=descending] button::after { content: " ▼"; font-size: 10px; }
table.grid td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.grid tr.unreadable td { color: var(--muted); }
td.e { color: var(--err); font-weight: 600; }
td.w { color: var(--warn); }
.t-late { color: var(--warn); }
.t-premature { color: var(--err); }
.t-on-time { color: var(--ok); }
.t-undated { color: var(--muted); }
.sev-error { color: var(--err); }
.sev-warning { color: var(--warn); }
.sev-information { color: var(--info); }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.value { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-all; }
figure { margin: 12px 0; }
figcaption { color: var(--muted); font-size: 12px; }
svg { max-width: 100%; height: auto; }
svg text { font-size: 11px; fill: var(--fg); }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .gridline { stroke: var(--line); stroke-width: 1; }
svg .deadline { stroke: var(--err); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg rect.bar-error { fill: var(--err); }
svg rect.bar-warning { fill: var(--warn); }
svg rect.bar-information { fill: var(--info); }
svg circle.p-on-time { fill: var(--ok); }
svg circle.p-late { fill: var(--warn); }
svg circle.p-premature { fill: var(--err); }
svg .s-new { stroke: var(--accent); fill: var(--accent); }
svg .s-carried { stroke: var(--ok); fill: var(--ok); }
svg .s-next { stroke: var(--warn); fill: var(--warn); }
svg polyline, svg polyline.s-new, svg polyline.s-carried, svg polyline.s-next { fill: none; stroke-width: 2; }
svg polyline.s-carried { stroke-dasharray: 5 3; }
svg polyline.s-next { stroke-dasharray: 2 2; }
.agency-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
.agency-charts figure { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; margin: 0; }
.legend { display: flex; gap: 16px; font-size: 12px; color: var(--muted); margin: 4px 0; }
.legend .key::before { content: "━ "; }
.legend .s-new { color: var(--accent); }
.legend .s-carried { color: var(--ok); }
.legend .s-next { color: var(--warn); }
section.report-detail { border-top: 1px solid var(--line); padding-top: 4px; }
section.report-detail:target { background: var(--head); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0 8px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
dl.rules dt { font-weight: 600; margin-top: 8px; }
dl.rules dd { margin: 0 0 0 16px; }
dl.rules dt:target, dl.rules dt:target + dd { background: var(--head); }
.notes { color: var(--warn); }
`;

/**
 * Sorting and filtering of the reports' table; in the VS Code webview, a click on a finding or a file is posted to
 * the extension (which opens the report, or its imported text, at the place). No text is ever written as markup.
 */
export const REVIEW_SCRIPT = `(function () {
  'use strict';
  var table = document.getElementById('report-table');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var input = document.getElementById('filter');
  var when = document.getElementById('filter-time');
  var onlyErrors = document.getElementById('filter-errors');
  var shown = document.getElementById('shown-count');
  function key(row, col, type) {
    var cell = row.cells[col];
    var v = cell.getAttribute('data-sort');
    if (v === null) v = cell.textContent || '';
    if (type === 'num') { var n = parseFloat(v); return isNaN(n) ? null : n; }
    return v;
  }
  heads.forEach(function (th, col) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var type = th.getAttribute('data-type') || 'text';
      var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir);
      var sign = dir === 'ascending' ? 1 : -1;
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a, col, type), y = key(b, col, type);
        if (x === y) return (Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')));
        if (x === null || x === '') return 1;
        if (y === null || y === '') return -1;
        if (type === 'num') return sign * (x - y);
        return sign * String(x).localeCompare(String(y), 'zh-CN');
      });
      sorted.forEach(function (r) { body.appendChild(r); });
    });
  });
  function apply() {
    var words = (input.value || '').toLowerCase().split(/\\s+/).filter(Boolean);
    var t = when.value;
    var errs = onlyErrors.checked;
    var n = 0;
    rows.forEach(function (r) {
      var text = (r.textContent || '').toLowerCase();
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
        (!t || r.getAttribute('data-time') === t) &&
        (!errs || Number(r.getAttribute('data-errors')) > 0);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = String(n);
  }
  input.addEventListener('input', apply);
  when.addEventListener('change', apply);
  onlyErrors.addEventListener('change', apply);
  apply();
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  if (vscode) {
    document.body.classList.add('in-vscode');
    // The extension opens these (the report, or its imported text, at the place); the webview would open the raw file.
    Array.prototype.forEach.call(document.querySelectorAll('a[data-open]'), function (a) { a.removeAttribute('href'); a.setAttribute('role', 'link'); a.tabIndex = 0; });
    document.addEventListener('click', function (e) {
      var a = e.target && e.target.closest ? e.target.closest('a[data-open]') : null;
      if (!a) return;
      e.preventDefault();
      vscode.postMessage({ type: 'open', index: Number(a.getAttribute('data-open')), line: Number(a.getAttribute('data-line') || 1), column: Number(a.getAttribute('data-column') || 1), endLine: Number(a.getAttribute('data-end-line') || a.getAttribute('data-line') || 1), endColumn: Number(a.getAttribute('data-end-column') || a.getAttribute('data-column') || 1) });
    });
  }
})();
`;

export interface ReviewHtmlOptions {
  /** Folder the HTML is written to: links to the files are relative to it. Absent: file: URLs. */
  outDir?: string;
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

function hrefOf(r: ReportRecord, o: ReviewHtmlOptions): string | undefined {
  const p = r.importedPath ?? r.path;
  if (p) {
    if (o.outDir) return relative(o.outDir, p).split(sep).map(encodeURIComponent).join('/');
    return pathToFileURL(p).href;
  }
  return r.attachment ?? r.url;
}

function openLink(r: ReportRecord, o: ReviewHtmlOptions, label: string, at?: { line: number; column: number; endLine?: number; endColumn?: number }): string {
  const href = hrefOf(r, o);
  const pos = at ? ` data-line="${at.line}" data-column="${at.column}" data-end-line="${at.endLine ?? at.line}" data-end-column="${at.endColumn ?? at.column}"` : '';
  const canOpen = r.status !== 'unreadable' && (r.path || r.importedPath);
  return canOpen || href ? `<a${href ? ` href="${esc(href)}"` : ''}${canOpen ? ` data-open="${r.index}"` : ''}${pos}>${esc(label)}</a>` : esc(label);
}

function timelinessOf(r: ReportRecord): Timeliness | 'unreadable' {
  return r.status === 'ok' ? (r.timeliness ?? 'undated') : 'unreadable';
}

function countsHtml(d: ReviewData, l: L): string {
  const s = d.summary;
  const yr = s.years.length ? (s.years.length > 4 ? `${s.years[0]}–${s.years[s.years.length - 1]}` : s.years.join('、')) : '—';
  const item = (cls: string, id: string, label: string, value: string | number, small = '') =>
    `<div class="${cls}" id="count-${id}"><dt>${esc(label)}</dt><dd${String(value).length > 6 ? ' class="long"' : ''}>${esc(String(value))}${small ? ` <small>${esc(small)}</small>` : ''}</dd></div>`;
  const ed = s.editions;
  const edText = l === 'en' ? `2021: ${ed[2021]} · 2019: ${ed[2019]}` : `2021版 ${ed[2021]} · 2019版 ${ed[2019]}`;
  return `<dl class="counts">
${item('', 'reports', T.reports[l], s.reports)}
${item('', 'agencies', T.agencies[l], s.agencies)}
${item('', 'years', T.years[l], yr, s.years.length > 4 ? `(${s.years.length})` : '')}
${item('good', 'on-time', T.onTime[l], s.timeliness['on-time'])}
${item(s.timeliness.late ? 'warn' : '', 'late', T.late[l], s.timeliness.late)}
${item('', 'undated', T.undated[l], s.timeliness.undated)}
${s.timeliness.premature ? item('bad', 'premature', T.premature[l], s.timeliness.premature) : ''}
${item(ed.mismatch ? 'warn' : '', 'editions', T.editions[l], edText, ed.mismatch ? `${T.mismatch[l]} ${ed.mismatch}` : '')}
${item(s.withErrors ? 'bad' : 'good', 'with-errors', T.withErrors[l], s.withErrors, l === 'en' ? `${s.findings.errors} errors, ${s.findings.warnings} warnings` : `错误 ${s.findings.errors} · 警告 ${s.findings.warnings}`)}
${item(s.crossYear ? 'warn' : '', 'cross-year', T.crossYear[l], s.crossYear)}
${item(s.unreadable ? 'bad' : '', 'unreadable', T.unreadable[l], s.unreadable)}
</dl>`;
}

function kindLabel(r: ReportRecord, l: L): string {
  return r.kind ? T[r.kind][l] : '';
}

function tableHtml(d: ReviewData, l: L, o: ReviewHtmlOptions): string {
  const th = (label: string, type: 'text' | 'num' = 'text') => `<th data-type="${type}"><button type="button">${esc(label)}</button></th>`;
  const times: (Timeliness | 'unreadable')[] = ['on-time', 'late', 'undated', 'premature', 'unreadable'];
  const rows = d.reports.map((r) => {
    const t = timelinessOf(r);
    const ok = r.status === 'ok';
    const edition = r.edition ? `${r.edition}${r.findings.some((f) => f.code === 'S05') ? ' ≠' : ''}` : '';
    const top = r.topRules.map((c) => `<a class="code" href="#rule-${c.toLowerCase()}">${esc(c)}</a>`).join(' ');
    const status = ok ? '' : `<span class="t-undated">${esc(r.reason ?? '')}</span>`;
    return `<tr data-index="${r.index}" data-time="${t}" data-errors="${r.errors}"${ok ? '' : ' class="unreadable"'}>
<td class="wrap">${esc(r.agency ?? '')}${status ? `${r.agency ? '<br>' : ''}${status}` : ''}</td>
<td class="num" data-sort="${r.year ?? ''}">${r.year ?? ''}</td>
<td>${esc(kindLabel(r, l))}</td>
<td>${esc(r.shape ? SHAPES[r.shape][l] : '')}</td>
<td data-sort="${r.published ?? ''}" class="t-${ok ? t : 'undated'}">${esc(r.published ?? (ok ? timelinessLabel(t, l) : ''))}</td>
<td class="num${r.daysLate !== undefined && r.daysLate > 0 ? ' w' : ''}" data-sort="${r.daysLate ?? ''}">${r.daysLate ?? ''}</td>
<td>${esc(edition)}</td>
<td class="num${r.errors ? ' e' : ''}" data-sort="${ok ? r.errors : ''}">${ok ? r.errors : ''}</td>
<td class="num${r.warnings ? ' w' : ''}" data-sort="${ok ? r.warnings : ''}">${ok ? r.warnings : ''}</td>
<td>${top}</td>
<td class="wrap" data-sort="${esc(r.file)}"><a href="#r-${r.index}">${esc(r.file)}</a></td>
</tr>`;
  });
  return `<div class="filters" role="search">
<input type="search" id="filter" placeholder="${esc(T.filter[l])}" aria-label="${esc(T.filter[l])}">
<select id="filter-time" aria-label="${esc(T.colPublished[l])}"><option value="">${esc(T.all[l])}</option>${times.map((t) => `<option value="${t}">${esc(timelinessLabel(t, l))}</option>`).join('')}</select>
<label><input type="checkbox" id="filter-errors"> ${esc(T.onlyErrors[l])}</label>
<span class="shown">${esc(T.shown[l])} <span id="shown-count">${d.reports.length}</span> / ${d.reports.length}</span>
</div>
<table class="grid" id="report-table">
<thead><tr>${th(T.colAgency[l])}${th(T.colYear[l], 'num')}${th(T.colKind[l])}${th(T.colShape[l])}${th(T.colPublished[l])}${th(T.colDays[l], 'num')}${th(T.colEdition[l])}${th(T.colErrors[l], 'num')}${th(T.colWarnings[l], 'num')}${th(T.colTop[l])}${th(T.colFile[l])}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function rulesTableHtml(d: ReviewData, l: L): string {
  if (!d.summary.rules.length) return `<p>${esc(T.noFindings[l])}</p>`;
  return `<table class="grid" id="rule-table"><thead><tr><th>${esc(T.colRule[l])}</th><th>${esc(T.colName[l])}</th><th>${esc(T.colSeverity[l])}</th><th>${esc(T.colDesc[l])}</th><th>${esc(T.colReports[l])}</th><th>${esc(T.colFindings[l])}</th></tr></thead><tbody>
${d.summary.rules.map((r) => `<tr data-rule="${esc(r.code)}"><td><a class="code" href="#rule-${r.code.toLowerCase()}">${esc(r.code)}</a></td><td class="code">${esc(r.name)}</td><td class="sev-${r.severity}">${esc(SEV[r.severity][l])}</td><td>${esc(r.description)}</td><td class="num">${r.reports}</td><td class="num">${r.findings}</td></tr>`).join('\n')}
</tbody></table>`;
}

/** Findings per rule: one bar per rule, its length the number of findings. */
export function rulesChart(d: ReviewData, l: L): string {
  const rules = [...d.summary.rules].sort((a, b) => b.findings - a.findings || a.code.localeCompare(b.code));
  if (!rules.length) return `<p>${esc(T.noData[l])}</p>`;
  const W = 720, label = 190, barH = 16, gap = 6, top = 8, right = 60;
  const max = Math.max(...rules.map((r) => r.findings));
  const H = top * 2 + rules.length * (barH + gap);
  const bars = rules.map((r, i) => {
    const y = top + i * (barH + gap);
    const w = Math.max(1, ((W - label - right) * r.findings) / max);
    const tip = l === 'en' ? `${r.code} ${r.name}: ${r.findings} finding(s) in ${r.reports} report(s)` : `${r.code} ${r.description}：${r.reports} 份报告，${r.findings} 个问题`;
    return `<g class="bar" data-rule="${esc(r.code)}" data-findings="${r.findings}" data-reports="${r.reports}"><title>${esc(tip)}</title><text x="${label - 6}" y="${y + barH - 4}" text-anchor="end">${esc(`${r.code} ${r.name}`)}</text><rect class="bar-${r.severity}" x="${label}" y="${y}" width="${fmt(w)}" height="${barH}"></rect><text x="${fmt(label + w + 4)}" y="${y + barH - 4}">${r.findings}</text></g>`;
  });
  return `<svg id="chart-rules" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(T.chartRules[l])}" xmlns="http://www.w3.org/2000/svg"><line class="axis" x1="${label}" y1="${top - 4}" x2="${label}" y2="${H - top + 4}"></line>${bars.join('')}</svg>`;
}

/** Publication dates against the deadline: a dot per dated report, a row per report year, x in days from the deadline. */
export function datesChart(d: ReviewData, l: L): string {
  const dated = d.reports.filter((r) => r.status === 'ok' && r.daysLate !== undefined && r.year !== undefined);
  if (!dated.length) return `<p>${esc(T.noData[l])}</p>`;
  const years = [...new Set(dated.map((r) => r.year!))].sort((a, b) => a - b);
  const days = dated.map((r) => r.daysLate!);
  const lo0 = Math.min(-31, ...days), hi0 = Math.max(31, ...days);
  const padDays = Math.ceil((hi0 - lo0) * 0.04);
  const lo = lo0 - padDays, hi = hi0 + padDays;
  const W = 720, left = 56, right = 16, rowH = 34, top = 12, bottom = 34;
  const H = top + years.length * rowH + bottom;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - right);
  const step = [7, 14, 30, 60, 90, 180, 365].find((s) => (hi - lo) / s <= 10) ?? 730;
  const ticks: string[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
    ticks.push(`<line class="gridline" x1="${fmt(x(v))}" y1="${top}" x2="${fmt(x(v))}" y2="${H - bottom}"></line><text x="${fmt(x(v))}" y="${H - bottom + 14}" text-anchor="middle">${v}</text>`);
  }
  const rows = years.map((y, i) => `<text x="${left - 8}" y="${top + i * rowH + rowH / 2 + 4}" text-anchor="end">${y}</text>`);
  const perYear = new Map<number, number>();
  const dots = dated.map((r) => {
    const i = years.indexOf(r.year!);
    const k = perYear.get(r.year!) ?? 0;
    perYear.set(r.year!, k + 1);
    // Spread the dots of a row over its height (deterministic), so that reports on the same day stay visible.
    const cy = top + i * rowH + 8 + ((k * 7) % (rowH - 16));
    const t = r.timeliness ?? 'undated';
    const tip = l === 'en' ? `${r.agency ?? r.file} ${r.year}: published ${r.published}, ${r.daysLate! > 0 ? `${r.daysLate} days late` : `${-r.daysLate!} days before the deadline`}` : `${r.agency ?? r.file} ${r.year}年度：${r.published} 发布，${r.daysLate! > 0 ? `逾期 ${r.daysLate} 天` : `距截止日期还有 ${-r.daysLate!} 天`}`;
    return `<circle class="p-${t}" cx="${fmt(x(r.daysLate!))}" cy="${cy}" r="4" data-index="${r.index}" data-year="${r.year}" data-days="${r.daysLate}" data-published="${esc(r.published ?? '')}"><title>${esc(tip)}</title></circle>`;
  });
  const x0 = fmt(x(0));
  return `<svg id="chart-dates" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(T.chartDates[l])}" xmlns="http://www.w3.org/2000/svg">${ticks.join('')}${rows.join('')}<line class="axis" x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}"></line><line class="deadline" x1="${x0}" y1="${top - 6}" x2="${x0}" y2="${H - bottom}"></line><text x="${x0}" y="${H - 4}" text-anchor="middle">${esc(`${T.deadline[l]} (${T.days[l]})`)}</text>${dots.join('')}</svg>`;
}

type SeriesKey = 'new' | 'carried' | 'next';
const SERIES: SeriesKey[] = ['new', 'carried', 'next'];

/** Per agency, the totals of 表三's 一 (received), 二 (carried from last year) and 四 (carried to next year) by year. */
export function agencySeries(d: ReviewData): { agency: string; years: number[]; series: Record<SeriesKey, (number | null)[]> }[] {
  const by = new Map<string, { agency: string; perYear: Map<number, ReportRecord> }>();
  for (const r of d.reports) {
    if (r.status !== 'ok' || !r.agency || r.year === undefined || !r.table3) continue;
    const k = agencyKey(r.agency);
    let g = by.get(k);
    if (!g) by.set(k, (g = { agency: r.agency, perYear: new Map() }));
    if (!g.perYear.has(r.year)) g.perYear.set(r.year, r);
  }
  const total = (r: ReportRecord, key: string) => r.table3?.find((x) => x.key === key)?.values[6] ?? null;
  return [...by.values()]
    .map((g) => {
      const years = [...g.perYear.keys()].sort((a, b) => a - b);
      const series = Object.fromEntries(SERIES.map((s) => [s, years.map((y) => total(g.perYear.get(y)!, s))])) as Record<SeriesKey, (number | null)[]>;
      return { agency: g.agency, years, series };
    })
    .sort((a, b) => a.agency.localeCompare(b.agency, 'zh-CN'));
}

export function agencyCharts(d: ReviewData, l: L): string {
  const list = agencySeries(d);
  if (!list.length) return `<p>${esc(T.noData[l])}</p>`;
  const label: Record<SeriesKey, string> = { new: T.seriesNew[l], carried: T.seriesCarried[l], next: T.seriesNext[l] };
  const legend = `<div class="legend">${SERIES.map((s) => `<span class="key s-${s}">${esc(label[s])}</span>`).join('')}</div>`;
  const figs = list.map((a, n) => {
    const W = 320, H = 170, left = 40, right = 12, top = 12, bottom = 24;
    const values = SERIES.flatMap((s) => a.series[s]).filter((v): v is number => v !== null);
    const max = Math.max(1, ...values);
    // Years on their own scale (a year missing shows as a gap between the ticks), inset from the axes.
    const y0 = a.years[0], y1 = a.years[a.years.length - 1];
    const x = (i: number) => (y0 === y1 ? (left + W - right) / 2 : left + 14 + ((a.years[i] - y0) * (W - left - right - 28)) / (y1 - y0));
    const y = (v: number) => top + (1 - v / max) * (H - top - bottom);
    const axes = `<line class="axis" x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}"></line><line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${H - bottom}"></line><text x="${left - 4}" y="${top + 4}" text-anchor="end">${max}</text><text x="${left - 4}" y="${H - bottom + 4}" text-anchor="end">0</text>${a.years.map((yr, i) => `<text x="${fmt(x(i))}" y="${H - 6}" text-anchor="middle">${yr}</text>`).join('')}`;
    const lines = SERIES.map((s) => {
      // A gap where a year's figure is missing or unread: the line is not drawn through it.
      const segs: string[][] = [[]];
      a.series[s].forEach((v, i) => {
        if (v === null) segs.push([]);
        else segs[segs.length - 1].push(`${fmt(x(i))},${fmt(y(v))}`);
      });
      const poly = segs.filter((p) => p.length > 1).map((p) => `<polyline class="s-${s}" points="${p.join(' ')}"></polyline>`).join('');
      const dots = a.series[s]
        .map((v, i) => (v === null ? '' : `<circle class="s-${s}" cx="${fmt(x(i))}" cy="${fmt(y(v))}" r="3" data-series="${s}" data-year="${a.years[i]}" data-value="${v}"><title>${esc(`${a.agency} ${a.years[i]} ${label[s]}: ${v}`)}</title></circle>`))
        .join('');
      return poly + dots;
    });
    return `<figure><svg class="agency-chart" id="chart-agency-${n}" data-agency="${esc(a.agency)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(a.agency)}" xmlns="http://www.w3.org/2000/svg">${axes}${lines.join('')}</svg><figcaption>${esc(a.agency)}</figcaption></figure>`;
  });
  return `${legend}<div class="agency-charts">${figs.join('\n')}</div>`;
}

function findingRow(r: ReportRecord, f: ReviewFinding, l: L, o: ReviewHtmlOptions): string {
  const where = openLink(r, o, `${f.line}:${f.column}`, f);
  const cell = f.cell ? `${f.cell.table} ${f.cell.row} / ${f.cell.col}` : '';
  const values = [f.value, f.computed !== undefined ? (l === 'en' ? `computed ${f.computed}` : `计算值 ${f.computed}`) : '', f.stated !== undefined ? (l === 'en' ? `stated ${f.stated}` : `填报值 ${f.stated}`) : ''].filter(Boolean).join(' · ');
  const against = f.against ? `<br><small>${esc(T.against[l])} ${esc(f.against)}</small>` : '';
  return `<tr data-code="${esc(f.code)}"><td><a class="code" href="#rule-${f.code.toLowerCase()}">${esc(f.code)}</a></td><td class="sev-${f.severity}">${esc(SEV[f.severity][l])}</td><td>${esc(f.message)}${against}</td><td>${where}${cell ? `<br><small>${esc(cell)}</small>` : ''}</td><td class="value">${esc(values)}</td></tr>`;
}

function detailHtml(r: ReportRecord, l: L, o: ReviewHtmlOptions): string {
  const facts: [string, string][] = [];
  facts.push([T.colFile[l], openLink(r, o, r.file)]);
  if (r.url) facts.push(['URL', `<a href="${esc(r.url)}">${esc(r.url)}</a>${r.attachment ? ` → <a href="${esc(r.attachment)}">${esc(r.attachment)}</a>` : ''}`]);
  if (r.status !== 'ok') facts.push([T.reason[l], esc(r.reason ?? '')]);
  if (r.shape) facts.push([T.colShape[l], esc(SHAPES[r.shape][l]) + (r.importedPath ? ` (${esc(T.importedFrom[l])} ${esc(r.file)})` : '')]);
  if (r.agency) facts.push([T.colAgency[l], esc(r.agency)]);
  if (r.year !== undefined) facts.push([T.colYear[l], String(r.year)]);
  if (r.kind) facts.push([T.colKind[l], esc(kindLabel(r, l))]);
  if (r.status === 'ok') {
    const t = r.timeliness ?? 'undated';
    facts.push([T.colPublished[l], `<span class="t-${t}">${esc(r.published ?? '—')} · ${esc(timelinessLabel(t, l))}</span>${r.deadline ? ` (${esc(T.deadline[l])} ${esc(r.deadline)}${r.daysLate !== undefined ? `, ${r.daysLate > 0 ? '+' : ''}${r.daysLate} ${esc(T.days[l])}` : ''})` : ''}`]);
  }
  if (r.edition) facts.push([T.colEdition[l], `${r.edition}${r.editionExpected && r.editionExpected !== r.edition ? ` ≠ ${r.editionExpected}` : ''}`]);
  if (r.duplicates?.length) facts.push([T.alsoFiles[l], r.duplicates.map(esc).join('、')]);
  const parts = [`<section class="report-detail" id="r-${r.index}"><h3>${esc(r.agency ? `${r.agency} ${r.year ?? ''}` : r.file)}</h3>`, `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`];
  if (r.status !== 'unreadable') {
    if (r.findings.length) {
      parts.push(`<table class="grid findings"><thead><tr><th>${esc(T.colRule[l])}</th><th>${esc(T.colSeverity[l])}</th><th>${esc(T.colMessage[l])}</th><th>${esc(T.colWhere[l])}</th><th>${esc(T.colValue[l])}</th></tr></thead><tbody>${r.findings.map((f) => findingRow(r, f, l, o)).join('')}</tbody></table>`);
    } else parts.push(`<p>${esc(T.noFindings[l])}</p>`);
    if (r.unread.length) {
      parts.push(`<h4>${esc(T.unreadCells[l])}</h4><ul class="unread">${r.unread.map((u) => `<li>${openLink(r, o, `${u.line}`, { line: u.line, column: 1 })} ${esc(`${u.table} ${u.row} / ${u.col}`)}</li>`).join('')}</ul>`);
    }
    if (r.import?.unplaced.length) {
      parts.push(`<h4>${esc(T.unplaced[l])}</h4><ul class="unplaced">${r.import.unplaced.map((u) => `<li>${u.reportLine ? `${openLink(r, o, String(u.reportLine), { line: u.reportLine, column: 1 })} ` : ''}${esc(u.what)}：<span class="value">${esc(u.excerpt.length > 120 ? `${u.excerpt.slice(0, 119)}…` : u.excerpt)}</span></li>`).join('')}</ul>`);
    }
    if (r.import?.warnings.length) parts.push(`<ul class="notes">${r.import.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

function ruleDocsHtml(l: L): string {
  return `<dl class="rules">${[...RULES, ...CROSS_RULES]
    .map((r) => `<dt id="rule-${r.id.toLowerCase()}"><span class="code">${esc(r.id)}</span> <span class="code">${esc(r.name)}</span></dt><dd>${esc(r.description.zh)} · ${esc(r.description.en)} · ${esc(T.defaultSeverity[l])}: <span class="sev-${r.severity}">${esc(SEV[r.severity][l])}</span></dd>`)
    .join('\n')}</dl>`;
}

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');

/** The Content-Security-Policy of the page: its own style and script by hash, nothing else. */
export function reviewCsp(): string {
  return `default-src 'none'; style-src 'sha256-${sha(REVIEW_CSS)}'; script-src 'sha256-${sha(REVIEW_SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function renderReviewHtml(d: ReviewData, o: ReviewHtmlOptions = {}): string {
  const l: L = d.locale === 'en' ? 'en' : 'zh-CN';
  const when = d.generated.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const undated = d.reports.filter((r) => r.status === 'ok' && r.daysLate === undefined).length;
  return `<!DOCTYPE html>
<html lang="${l}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reviewCsp()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="xxgk-report">
<title>${esc(T.title[l])}</title>
<style>${REVIEW_CSS}</style>
</head>
<body>
<header>
<h1>${esc(T.title[l])}</h1>
<p class="meta">${esc(T.folder[l])}: ${esc(d.root)} · ${esc(T.generated[l])}: ${esc(when)} · ${d.reports.length} ${l === 'en' ? 'file(s)' : '个文件'} · ${fmt(d.ms / 1000)} s</p>
${countsHtml(d, l)}
${d.warnings?.length ? `<ul class="notes">${d.warnings.map((w) => `<li>${esc(T.warnings[l])}: ${esc(w)}</li>`).join('')}</ul>` : ''}
<nav class="toc"><a href="#reports">${esc(T.list[l])}</a><a href="#rules">${esc(T.byRule[l])}</a><a href="#charts">${esc(T.charts[l])}</a><a href="#details">${esc(T.details[l])}</a><a href="#rule-docs">${esc(T.ruleDocs[l])}</a></nav>
</header>
<main>
<section id="reports"><h2>${esc(T.list[l])}</h2>
${tableHtml(d, l, o)}
</section>
<section id="rules"><h2>${esc(T.byRule[l])}</h2>
${rulesTableHtml(d, l)}
</section>
<section id="charts"><h2>${esc(T.charts[l])}</h2>
<figure>${rulesChart(d, l)}<figcaption>${esc(T.chartRules[l])}</figcaption></figure>
<figure>${datesChart(d, l)}<figcaption>${esc(T.chartDates[l])}${undated ? ` · ${esc(T.undatedNote[l])} (${undated})` : ''}</figcaption></figure>
<h3>${esc(T.chartAgencies[l])}</h3>
${agencyCharts(d, l)}
</section>
<section id="details"><h2>${esc(T.details[l])}</h2>
${d.reports.map((r) => detailHtml(r, l, o)).join('\n')}
</section>
<section id="rule-docs"><h2>${esc(T.ruleDocs[l])}</h2>
${ruleDocsHtml(l)}
</section>
</main>
<script>${REVIEW_SCRIPT}</script>
</body>
</html>
`;
}

/** The folder an output file is written to (for its links). */
export function outDirOf(out: string): string {
  return dirname(out);
}
