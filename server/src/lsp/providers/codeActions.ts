/**
 * Code actions provider: each diagnostic's quick fix, "fix all of this rule", "disable this rule here", and
 * source.fixAll for the rules whose fixes only normalise how something is written (their `fix: 'normalise'`).
 */
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver/node';
import { type Analysis, type Finding, type Locale, type Report, codesWithFix, type Span } from '../../core/index.js';
import { tableAt } from '../align.js';
import type { FixData } from './diagnostics.js';
import { t } from './locale.js';

/** The codes whose fixes are safe for fix-on-save (source.fixAll): those of the rules with `fix: 'normalise'`. */
const NORMALISING = codesWithFix('normalise');

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Non-overlapping edits of the given findings, in document order. */
export function mergeFixes(findings: Finding[]): TextEdit[] {
  const taken: Span[] = [];
  const edits: TextEdit[] = [];
  for (const f of findings) {
    if (!f.fix) continue;
    if (f.fix.edits.some((e) => taken.some((s) => overlaps(s, e.span) || (s.start === e.span.start && e.span.start === e.span.end)))) continue;
    for (const e of f.fix.edits) {
      taken.push(e.span);
      edits.push({ range: e.range, newText: e.newText });
    }
  }
  return edits;
}

/** The quick fixes of the diagnostics: each one's fix, fix-all of its rule (once per rule), disable its rule here. */
function quickFixes(uri: string, analysis: Analysis, diagnostics: Diagnostic[], locale: Locale): CodeAction[] {
  const out: CodeAction[] = [];
  const seenCodes = new Set<string>();
  for (const d of diagnostics) {
    if (d.source !== 'xxgk') continue;
    const data = d.data as FixData | undefined;
    const code = String(d.code ?? data?.code ?? '');
    if (data?.fix) {
      out.push({
        title: data.fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uri]: data.fix.edits.map((e) => TextEdit.replace(e.range, e.newText)) } },
      });
    }
    if (code && data?.fix && !seenCodes.has(code)) {
      const same = analysis.findings.filter((f) => f.code === code && f.fix);
      if (same.length > 1) {
        out.push({
          title: t(locale, `修复本文档中所有 ${code} 问题（${same.length} 处）`, `Fix all ${code} problems in this document (${same.length})`),
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: { changes: { [uri]: mergeFixes(same) } },
        });
      }
    }
    if (code) out.push(disableAction(uri, analysis.report, d, code, locale));
    seenCodes.add(code);
  }
  return out;
}

export function codeActions(
  uri: string,
  analysis: Analysis,
  range: Range,
  diagnostics: Diagnostic[],
  only: string[] | undefined,
  locale: Locale,
): CodeAction[] {
  const out: CodeAction[] = [];
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
  if (wants(CodeActionKind.QuickFix)) out.push(...quickFixes(uri, analysis, diagnostics, locale));
  if (wants(CodeActionKind.SourceFixAll) || (only && only.includes('source.fixAll.xxgk'))) {
    const safe = analysis.findings.filter((f) => NORMALISING.has(f.code) && f.fix);
    if (safe.length) {
      out.push({
        title: t(locale, '规范全部数字、日期和标题写法', 'Normalise all numbers, dates and headings'),
        kind: 'source.fixAll.xxgk',
        edit: { changes: { [uri]: mergeFixes(safe) } },
      });
    }
  }
  void range;
  return out;
}

/** "Disable this rule for this line": a next-line comment, or around the table when the line is a table row. */
function disableAction(uri: string, r: Report, d: Diagnostic, code: string, locale: Locale): CodeAction {
  const offset = r.lines.offset(d.range.start);
  const table = tableAt(r, offset);
  const title = t(locale, `在此处停用规则 ${code}`, `Disable ${code} here`);
  if (table) {
    const start = r.lines.position(table.span.start);
    const end = r.lines.position(table.span.end);
    return {
      title: t(locale, `对此表格停用规则 ${code}`, `Disable ${code} for this table`),
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: {
        changes: {
          [uri]: [
            TextEdit.insert({ line: start.line, character: 0 }, `<!-- xxgk-disable ${code} -->\n`),
            TextEdit.insert({ line: end.line, character: r.lines.lineEnd(end.line) - r.lines.lineStarts[end.line] }, `\n<!-- xxgk-enable ${code} -->`),
          ],
        },
      },
    };
  }
  const line = d.range.start.line;
  const indent = /^[ \t]*/.exec(r.text.slice(r.lines.lineStarts[line], r.lines.lineEnd(line)))![0];
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: { changes: { [uri]: [TextEdit.insert({ line, character: 0 }, `${indent}<!-- xxgk-disable-next-line ${code} -->\n`)] } },
  };
}
