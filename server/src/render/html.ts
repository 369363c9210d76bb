/**
 * HTML of the report as published, from the layout: the preview's content, the exported HTML
 * file and the page printed to PDF. Every text is escaped; no markup from the report survives.
 */
import { createHash } from 'node:crypto';
import type { Finding, LineIndex } from '../core/index.js';
import type { GridCell, Layout, LayoutBlock, Mark, Run } from './layout.js';
import { PRINT_CSS } from './css.js';

/** The stylesheets live in css.ts (the preview's client takes them from there, through the protocol). */
export { PRINT_CSS, SCREEN_CSS } from './css.js';

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
