/** Which Markdown documents are reports: the core's test, here for the client and the server. */
export { isReport } from '../core/isReport.js';
