/** Export of a report as published: one self-contained HTML file, a PDF, or a Word document. */
import type { Report } from '../core/model.js';
import { layoutReport } from './layout.js';
import { renderDocument } from './html.js';
import { renderPdf } from './pdf.js';

export type ExportFormat = 'html' | 'pdf' | 'docx';
export const EXPORT_FORMATS: ExportFormat[] = ['html', 'pdf', 'docx'];

export interface ExportOptions {
  /** Chromium-family browser for PDF (else found automatically). */
  browserPath?: string;
}

/** The bytes of the exported file. The published form carries no finding marks. */
export async function exportReport(report: Report, format: ExportFormat, options: ExportOptions = {}): Promise<Uint8Array> {
  const layout = layoutReport(report, []);
  switch (format) {
    case 'html':
      return new TextEncoder().encode(renderDocument(layout));
    case 'pdf':
      return renderPdf(renderDocument(layout), { browserPath: options.browserPath });
    case 'docx':
      // Loaded on first use: the Word library is not needed to check or preview a report.
      return (await import('./docx.js')).renderDocx(layout);
  }
}
