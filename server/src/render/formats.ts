/**
 * The export's formats and its refusal, apart from the renderers (render/export.ts) so that the command line can read
 * its options and say why an export was refused without loading them.
 */
export type ExportFormat = 'html' | 'pdf' | 'docx';
export const EXPORT_FORMATS: ExportFormat[] = ['html', 'pdf', 'docx'];

/** An export refused because the report is past a limit: what was too big and the limit, in both languages. */
export class ExportLimitError extends Error {
  constructor(readonly zh: string, readonly en: string) {
    super(en);
  }
}
