/**
 * What the client shares with the server besides messages: which Markdown documents are reports (the core's test, so
 * that the client starts the server for exactly the documents the server checks) and the preview's stylesheets
 * (the renderer's, so that the preview looks as the export prints). Both are leaves that import nothing.
 */
export { isReport } from '../server/src/core/isReport.js';
export { PRINT_CSS, SCREEN_CSS } from '../server/src/render/css.js';
