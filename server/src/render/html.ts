/**
 * HTML of the report as published, from the layout: the preview's content, the exported HTML
 * file and the page printed to PDF. Every text is escaped; no markup from the report survives.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../core/types.js';
import type { LineIndex } from '../core/text.js';
import type { GridCell, Layout, LayoutBlock, Mark, Run } from './layout.js';

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface BodyOptions {
  /** Adds data-line/data-offset to elements so the preview can map them to the source. */
  lines?: LineIndex;
  /** The findings, listed in a summary at the top (preview). */
  findings?: Finding[];
  locale?: 'zh-CN' | 'en';
}

const SEVERITY_ORDER = { error: 0, warning: 1, information: 2 } as const;

function marksAttrs(marks: Mark[]): { cls: string; title: string } {
  if (!marks.length) return { cls: '', title: '' };
  const worst = [...marks].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])[0].severity;
  return { cls: ` xxgk-mark xxgk-${worst}`, title: marks.map((x) => `${x.code} ${x.message}`).join('\n') };
}

function srcAttrs(o: BodyOptions, source: { start: number } | undefined): string {
  if (!o.lines || !source) return '';
  const p = o.lines.position(source.start);
  return ` data-line="${p.line}" data-offset="${source.start}"`;
}

function runsHtml(runs: Run[]): string {
  return runs
    .map((r) => {
      let h = esc(r.text).replace(/\n/g, '<br>');
      if (r.code) h = `<code>${h}</code>`;
      if (r.bold) h = `<strong>${h}</strong>`;
      if (r.italic) h = `<em>${h}</em>`;
      if (r.strike) h = `<del>${h}</del>`;
      if (r.href) h = `<a href="${esc(r.href)}" rel="noopener noreferrer">${h}</a>`;
      return h;
    })
    .join('');
}

function cellHtml(c: GridCell, o: BodyOptions): string {
  const tag = c.header ? 'th' : 'td';
  const span = (c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : '') + (c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : '');
  const m = marksAttrs(c.marks);
  const cls = `${c.role}${c.missing ? ' missing' : ''}${m.cls}`;
  const title = m.title ? ` title="${esc(m.title)}"` : '';
  return `<${tag}${span} class="${cls}"${title}${srcAttrs(o, c.source)}>${esc(c.text)}</${tag}>`;
}

function blockHtml(b: LayoutBlock, o: BodyOptions): string {
  switch (b.kind) {
    case 'heading': {
      const m = marksAttrs(b.marks);
      const title = m.title ? ` title="${esc(m.title)}"` : '';
      return `<h${b.level} class="${b.level === 1 ? 'doc-title' : 'section'}${m.cls}"${title}${srcAttrs(o, b.source)}>${esc(b.text)}</h${b.level}>`;
    }
    case 'paragraph': {
      const src = srcAttrs(o, b.source);
      if (b.style === 'code') return `<pre${src}>${runsHtml(b.runs.map((r) => ({ ...r, code: false })))}</pre>`;
      if (b.style === 'subheading') return `<p class="subheading"${src}>${runsHtml(b.runs)}</p>`;
      if (b.style === 'list') return `<p class="list level-${Math.min(b.level ?? 0, 4)}"${src}><span class="marker">${esc(b.marker ?? '')}</span>${runsHtml(b.runs)}</p>`;
      return `<p class="${b.style}"${src}>${runsHtml(b.runs)}</p>`;
    }
    case 'grid': {
      // No style attribute: both CSPs (preview and export) forbid inline styles. The export's style
      // block sizes col[data-w]; the preview's script sets the same widths through the CSSOM.
      // The header rows in <thead>, which a browser prints again at the top of each page the table continues on.
      const cols = b.widths.map((w) => `<col data-w="${colWidth(w)}">`).join('');
      let head = 0;
      while (head < b.rows.length - 1 && b.rows[head].length && b.rows[head].every((c) => c.header)) head++;
      const tr = (r: GridCell[]) => `<tr>${r.map((c) => cellHtml(c, o)).join('')}</tr>`;
      const thead = head ? `<thead>\n${b.rows.slice(0, head).map(tr).join('\n')}\n</thead>\n` : '';
      const tbody = `<tbody>\n${b.rows.slice(head).map(tr).join('\n')}\n</tbody>`;
      const size = b.fontPt ? ` fs-${String(b.fontPt).replace('.', '_')}` : '';
      return `<table class="form ${b.table}${size}"${b.edition ? ` data-edition="${b.edition}"` : ''}${srcAttrs(o, b.source)}><colgroup>${cols}</colgroup>\n${thead}${tbody}\n</table>`;
    }
    case 'signature':
      return `<div class="signature">${b.lines
        .map((l) => {
          const m = marksAttrs(l.marks);
          return `<p class="${m.cls.trim()}"${m.title ? ` title="${esc(m.title)}"` : ''}${srcAttrs(o, l.source)}>${esc(l.text)}</p>`;
        })
        .join('')}</div>`;
  }
}

function summaryHtml(findings: Finding[], o: BodyOptions): string {
  const en = o.locale === 'en';
  const n = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const [e, w, i] = [n('error'), n('warning'), n('information')];
  if (!findings.length) return `<div class="xxgk-summary ok">${en ? 'No findings' : '未发现问题'}</div>`;
  const counts = en ? `${e} error(s), ${w} warning(s), ${i} note(s)` : `${e} 个错误，${w} 个警告，${i} 条提示`;
  const items = findings
    .map((f) => `<li class="xxgk-${f.severity}"><a href="#" class="jump" data-line="${f.range.start.line}" data-offset="${f.span.start}">${f.range.start.line + 1}:${f.range.start.character + 1}</a> <span class="code">${esc(f.code)}</span> ${esc(f.message)}</li>`)
    .join('');
  return `<details class="xxgk-summary${e ? ' has-errors' : ''}"><summary>${esc(counts)}</summary><ul>${items}</ul></details>`;
}

/** A column width as written in data-w: a percentage with two decimals, never anything else. */
function colWidth(w: number): string {
  return Number.isFinite(w) && w > 0 && w <= 100 ? w.toFixed(2) : '0.00';
}

/** The CSS rules that give the tables' columns their widths (see data-w). */
export function widthRules(layout: Layout): string {
  const widths = new Set<string>();
  for (const b of layout.blocks) if (b.kind === 'grid') for (const w of b.widths) widths.add(colWidth(w));
  return [...widths].sort().map((w) => `col[data-w="${w}"] { width: ${w}%; }`).join('\n');
}

/** The report's body: title, prose, tables in the official layout, signature. */
export function renderBody(layout: Layout, o: BodyOptions = {}): string {
  const parts: string[] = [];
  if (o.findings) parts.push(summaryHtml(o.findings, o));
  parts.push('<article class="report">');
  for (const b of layout.blocks) parts.push(blockHtml(b, o));
  parts.push('</article>');
  return parts.join('\n');
}

/** Fonts by Chinese official-document convention, with fallbacks found on Windows, macOS and Linux. */
const FONTS = {
  body: `"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif`,
  title: `"方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
  heading: `"黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif`,
  table: `"宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
};

/** Paper styling: A4 with the margins of GB/T 9704, 三号仿宋 body, 二号小标宋 title, bordered tables. */
export const PRINT_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #fff; color: #000; }
body { margin: 0; font-family: ${FONTS.body}; font-size: 16pt; line-height: 1.75; }
.report { max-width: 156mm; margin: 0 auto; }
h1.doc-title { font-family: ${FONTS.title}; font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 1em; }
h2.section { font-family: ${FONTS.heading}; font-size: 16pt; font-weight: normal; margin: 0.8em 0 0.2em; text-indent: 2em; break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.subheading { font-family: "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", ${FONTS.body}; }
p.list { text-indent: 0; padding-left: 2em; }
p.list .marker { display: inline-block; min-width: 1.5em; }
p.list.level-1 { padding-left: 4em; } p.list.level-2 { padding-left: 6em; }
p.quote { border-left: 3px solid #999; padding-left: 1em; text-indent: 0; }
pre { font-size: 10.5pt; white-space: pre-wrap; text-indent: 0; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0.6em 0 1em; font-family: ${FONTS.table}; font-size: 10.5pt; line-height: 1.35; break-inside: auto; }
table.form th, table.form td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: middle; word-break: break-all; }
table.form th { font-weight: normal; text-align: center; }
table.form th.caption { font-family: ${FONTS.heading}; text-align: left; }
table.form th.note { font-size: 9pt; text-align: left; }
table.form td.label { text-align: left; }
table.form td.number { text-align: center; white-space: nowrap; word-break: keep-all; }
table.form thead { display: table-header-group; }
table.form tr { break-inside: avoid; }
table.form.fs-9 { font-size: 9pt; } table.form.fs-9 th, table.form.fs-9 td { padding: 2pt 3pt; }
table.form.fs-8 { font-size: 8pt; } table.form.fs-8 th, table.form.fs-8 td { padding: 2pt 2pt; }
table.form.fs-7 { font-size: 7pt; } table.form.fs-7 th, table.form.fs-7 td { padding: 1.5pt 2pt; }
table.form.fs-6 { font-size: 6pt; } table.form.fs-6 th, table.form.fs-6 td { padding: 1pt 1.5pt; }
.signature { margin-top: 2em; text-align: right; }
.signature p { text-indent: 0; text-align: right; padding-right: 2em; }
a { color: inherit; }
.xxgk-summary, .xxgk-toolbar { display: none; }
`;

/** On screen in the preview: the same form, following the editor's light or dark theme. */
export const SCREEN_CSS = `
html { background: transparent; color: inherit; height: 100%; }
body { background: var(--vscode-editor-background, #fff); color: var(--vscode-editor-foreground, #000); height: 100%; margin: 0; padding: 0; display: flex; flex-direction: column; overflow: hidden; }
#content { flex: 1 1 auto; overflow: auto; padding: 0 16px 48px; }
table.form thead { position: sticky; top: 0; z-index: 1; }
table.form thead th { background: var(--vscode-editor-background, #fff); }
.report { max-width: 820px; }
table.form th, table.form td { border-color: var(--vscode-editor-foreground, #000); }
table.form td.missing { background: repeating-linear-gradient(45deg, transparent, transparent 4px, rgba(128,128,128,.15) 4px, rgba(128,128,128,.15) 8px); }
.xxgk-mark { cursor: help; }
.xxgk-error { outline: 2px solid var(--vscode-editorError-foreground, #e51400); outline-offset: -2px; background: rgba(229, 20, 0, .12); }
.xxgk-warning { outline: 2px dashed var(--vscode-editorWarning-foreground, #bf8803); outline-offset: -2px; background: rgba(191, 136, 3, .10); }
.xxgk-information { outline: 1px dotted var(--vscode-editorInfo-foreground, #1a85ff); outline-offset: -2px; }
[data-offset] { cursor: pointer; }
.xxgk-toolbar { display: flex; flex: none; gap: 8px; padding: 6px 16px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); background: var(--vscode-editor-background, #fff); font-family: var(--vscode-font-family, sans-serif); font-size: 13px; }
.xxgk-toolbar button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 0; padding: 3px 10px; cursor: pointer; }
.xxgk-summary { display: block; font-family: var(--vscode-font-family, sans-serif); font-size: 13px; margin: 4px 0 12px; }
.xxgk-summary.ok { color: var(--vscode-testing-iconPassed, #388a34); }
.xxgk-summary.has-errors summary { color: var(--vscode-editorError-foreground, #e51400); }
.xxgk-summary ul { margin: 4px 0; padding-left: 18px; }
.xxgk-summary li { margin: 2px 0; }
.xxgk-summary .code { font-family: var(--vscode-editor-font-family, monospace); opacity: .8; }
@media print { .xxgk-summary, .xxgk-toolbar { display: none; } .xxgk-mark { outline: none; background: none; } }
`;

/**
 * A self-contained HTML document (export and PDF): the print styling inline, no script, nothing
 * remote. The CSP admits exactly the one style block written here, by its hash; any style the
 * report's text might smuggle in (an element, an attribute) would not apply. It never does: all
 * text is escaped. The hash is a second wall.
 */
export function renderDocument(layout: Layout): string {
  const css = `${PRINT_CSS}\n${widthRules(layout)}\n`;
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="xxgk-report">
<title>${esc(layout.title)}</title>
<style>${css}</style>
</head>
<body>
${renderBody(layout)}
</body>
</html>
`;
}
