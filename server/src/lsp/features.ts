/**
 * The editor features, one provider a module under providers/ (each takes a report or an analysis and returns LSP
 * types, no connection): this module only re-exports them under the names the server imports.
 */
export { toDiagnostic, type FixData } from './providers/diagnostics.js';
export { codeActions, mergeFixes } from './providers/codeActions.js';
export { hover, sumsFor, cellAt, type SumExplanation } from './providers/hover.js';
export { inlayHints } from './providers/inlayHints.js';
export { codeLenses } from './providers/codeLens.js';
export { completions } from './providers/completion.js';
