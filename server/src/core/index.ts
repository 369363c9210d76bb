/** Public API of the analysis core. */
export { Analyzer, analyzeText, analyzeAcross, sortFindings } from './analyze.js';
export type { Analysis, AnalyzeOptions } from './analyze.js';
export type { Report, TableModel, RowModel, NumberCell, SectionModel, Meta } from './model.js';
export type { Finding, Severity, Config, Locale, FixInfo, Edit, Related, FileReport, RuleSetting } from './types.js';
export { RULES, CROSS_RULES, ruleById } from './rules/index.js';
export { LineIndex, oneBased } from './text.js';
export type { OneBasedRange, Position, Range, Span } from './text.js';
export { skeleton, tableText, table3Text, table4Text, section2Text } from './skeleton.js';
export { readHead, headText, HEAD_LIMIT } from './head.js';
export type { ReportHead } from './head.js';
export { agencyKey, nextYearKey, previousYear, reportKey } from './cross.js';
export { isReport } from './isReport.js';
