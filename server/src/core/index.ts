/**
 * Public API of the analysis core: the one module that code outside server/src/core/ imports (the layer check,
 * test/tools/layers.ts, holds it to that; tests may still reach the internals). Every module named here is loaded by
 * `check` already, so importing this costs the command line nothing.
 */

// Analysis: text → model → findings, one report and across years.
export { Analyzer, analyzeText, analyzeAcross, sortFindings } from './analyze.js';
export type { Analysis, AnalyzeOptions } from './analyze.js';
export type { Finding, Severity, Config, Locale, FixInfo, Edit, Related, FileReport, RuleSetting } from './types.js';

// Parsing: the block parser and its blocks.
export { BlockParser } from './parse.js';
export type { Block } from './parse.js';

// The report model.
export { proseOf } from './model.js';
export type { Report, TableModel, RowModel, NumberCell, SectionModel, Meta, FrontMatter } from './model.js';

// Rules and their metadata.
export { RULES, CROSS_RULES, ruleById, covers, rulesTagged, codesWithFix } from './rules/index.js';
export { fmt } from './rules/util.js';

// The sums of the tables (勾稽关系), defined once.
export { SUM_CODES, sumCell, sumTerms, sumsAt, termLabel, termTotal } from './sums.js';
export type { SumCode } from './sums.js';

// The standard: sections, tables, rows and columns by edition.
export { S2_BLOCKS, SECTIONS, ITEM_NUMERALS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_ROWS, editionForYear, labelKey } from './standard.js';
export type { Edition, BlockDef, RowDef } from './standard.js';

// Text: positions, labels and numerals.
export { LineIndex, cnNumeral, editDistance, labelCore, normLabel, oneBased } from './text.js';
export type { OneBasedRange, Position, Range, Span } from './text.js';

// Reading cells, dates and the parts of a report.
export { readCell, UNREAD } from './cells.js';
export { findCnDates } from './dates.js';
export { agencyAndDate, agencyKind, dateAlone, looksLikeAgency, sectionOfLine } from './recognise.js';

// Writing reports: skeletons, the next year's report, file names.
export { skeleton, tableText, table3Text, table4Text, section2Text } from './skeleton.js';
export { firstToFill, newReport, nextYearReport, reportFileName } from './newyear.js';
export type { NextYear } from './newyear.js';

// A report's head, and which reports belong together across years.
export { readHead, headText, HEAD_LIMIT } from './head.js';
export type { ReportHead } from './head.js';
export { agencyKey, nextYearKey, previousYear, reportKey } from './cross.js';
export { crossSummary, mayFind, previousOf, standIn, summaryKey } from './summary.js';
export type { CrossSummary } from './summary.js';
export { isReport } from './isReport.js';
