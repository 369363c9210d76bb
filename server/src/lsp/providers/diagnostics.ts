/** Diagnostics provider: a finding of the core as an LSP diagnostic, with its fix in `data` for code actions. */
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver/node';
import type { Finding } from '../../core/index.js';

export interface FixData {
  code: string;
  fix?: { title: string; edits: { range: Range; newText: string }[] };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information };

/** `link(code)`: the address of the rule's page (docs/rules/<ID>.md), or undefined for none. */
export function toDiagnostic(f: Finding, uri: string, link: (code: string) => string | undefined): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    source: 'xxgk',
    message: f.message,
    data: { code: f.code, fix: f.fix && { title: f.fix.title, edits: f.fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } } satisfies FixData,
  };
  const href = link(f.code);
  if (href) d.codeDescription = { href };
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: r.file ?? uri, range: r.range }, message: r.message }));
  }
  return d;
}
