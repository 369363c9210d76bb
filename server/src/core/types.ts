/** Findings and rules: the data every consumer (CLI, language server, preview, tests) reads. */
import type { Range, Span } from './text.js';
import type { Report } from './model.js';
import type { ValueChange } from './relations.js';

export type Severity = 'error' | 'warning' | 'information';
export type Locale = 'zh-CN' | 'en';

export interface Text {
  zh: string;
  en: string;
}

export interface Edit {
  span: Span;
  range: Range;
  newText: string;
}

export interface FixInfo {
  title: string;
  edits: Edit[];
}

export interface Related {
  /** File of the related location; undefined for the same document. */
  file?: string;
  span: Span;
  range: Range;
  message: string;
}

export interface Finding {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  span: Span;
  range: Range;
  fix?: FixInfo;
  /** Arithmetic findings: the computed and stated values and the terms of the sum. */
  data?: { computed?: number; stated?: number; terms?: { label: string; value: number; span: Span }[]; [k: string]: unknown };
  related?: Related[];
}

/** What a rule hands to `ctx.report`. Messages come in both languages; the locale picks one. */
export interface RawFinding {
  span: Span;
  message: Text;
  severity?: Severity;
  /**
   * `values`: the numbers the fix writes into table cells. A fix that would make an arithmetic
   * relation fail that holds now is withheld (see relations.ts).
   */
  fix?: { title: Text; edits: { span: Span; newText: string }[]; values?: ValueChange[] };
  data?: Finding['data'];
  related?: { file?: string; span: Span; range?: Range; message: Text }[];
}

export interface RuleContext {
  report(f: RawFinding): void;
}

export interface Rule {
  id: string;
  name: string;
  severity: Severity;
  description: Text;
  check(report: Report, ctx: RuleContext): void;
}

/** A report analysed on its own, the input of the across-years rules. */
export interface FileReport {
  file: string;
  report: Report;
}

export interface CrossRule {
  id: string;
  name: string;
  severity: Severity;
  description: Text;
  /** Reports findings on `target` given the other reports of the set. */
  check(target: FileReport, others: FileReport[], ctx: RuleContext): void;
}

export type RuleSetting = Severity | 'off' | 'hint' | 'info' | 'warn';

export interface Config {
  /** Per-rule severity or 'off', by id (A01) or name (outcome-total). */
  rules?: Record<string, RuleSetting>;
  locale?: Locale;
}
