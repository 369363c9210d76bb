/** Findings and rules: the data every consumer (CLI, language server, preview, tests) reads. */
import type { Range, Span } from './text.js';
import type { Report, TableKind } from './model.js';
import type { Edition } from './standard.js';
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

/**
 * What a fix does: 'normalise' only changes how something is written (full-width digits, a date's style, a heading's
 * wording: safe to apply on save); 'value' writes a number into a cell (withheld when it would break a 勾稽关系, see
 * relations.ts); 'text' rewrites or inserts wording (a section, a label, a sentence, a year).
 */
export type FixKind = 'normalise' | 'value' | 'text';

/** A table a rule reads: by kind, for 第二十条 tables (s2) optionally one item, and optionally one edition. */
export interface TableScope {
  kind: TableKind;
  item?: number;
  edition?: Edition;
}

/** What a rule is, apart from what it checks (in the manner of markdownlint's rule modules). */
export interface RuleMeta {
  id: string;
  name: string;
  severity: Severity;
  description: Text;
  /** Groups of rules ('sums': a 勾稽关系 or other arithmetic of the tables; 'style'; 'tables'; …). */
  tags: string[];
  /** What its quick fix does; undefined for a rule that offers none. */
  fix?: FixKind;
  /** The tables it reads; undefined for a rule that reads none. */
  tables?: TableScope[];
  /** Its page, relative to the package root (docs/rules/<ID>.md). */
  docs: string;
  /**
   * Its findings are about what the whole document lacks (a section, the signature date, …): not run on a part of a
   * longer document (AnalyzeOptions.maxChars). Undefined for a rule that judges what it reads.
   */
  wholeDocument?: true;
}

export interface Rule extends RuleMeta {
  check(report: Report, ctx: RuleContext): void;
}

/** A report analysed on its own, the input of the across-years rules. */
export interface FileReport {
  file: string;
  report: Report;
}

export interface CrossRule extends RuleMeta {
  /** Reports findings on `target` given the other reports of the set. */
  check(target: FileReport, others: FileReport[], ctx: RuleContext): void;
}

export type RuleSetting = Severity | 'off' | 'hint' | 'info' | 'warn';

export interface Config {
  /** Per-rule severity or 'off', by id (A01) or name (outcome-total). */
  rules?: Record<string, RuleSetting>;
  locale?: Locale;
}
