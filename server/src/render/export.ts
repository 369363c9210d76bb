/** Export of a report as published: one self-contained HTML file, a PDF, or a Word document. */
import type { Report } from '../core/index.js';
import { EXPORT_BUDGET, layoutReport, layoutSize } from './layout.js';
import { renderDocument } from './html.js';
import { renderPdf } from './pdf.js';

import { ExportLimitError, type ExportFormat } from './formats.js';

export { EXPORT_FORMATS, ExportLimitError, type ExportFormat } from './formats.js';

export interface ExportOptions {
  /** Chromium-family browser for PDF (else found automatically). */
  browserPath?: string;
}

const n = (x: number) => x.toLocaleString('en-US');

/** The bytes of the exported file. The published form carries no finding marks. Throws ExportLimitError past EXPORT_BUDGET. */
export async function exportReport(report: Report, format: ExportFormat, options: ExportOptions = {}): Promise<Uint8Array> {
  const cut = report.limits.find((l) => l.kind === 'document');
  if (cut) {
    throw new ExportLimitError(
      `报告有 ${n(cut.size)} 个字符，超过编辑时检查的上限（${n(cut.limit)} 个字符），只读取了一部分；部分内容不导出，请用命令行 xxgk-report export 导出全文`,
      `The report has ${n(cut.size)} characters, more than the limit checked while editing (${n(cut.limit)} characters), and only part of it was read; a part is not exported: export it with xxgk-report export`,
    );
  }
  const layout = layoutReport(report, []);
  const size = layoutSize(layout.blocks);
  if (size.cells > EXPORT_BUDGET.cells) {
    throw new ExportLimitError(
      `报告有 ${n(size.cells)} 个表格单元格，超过导出的上限（${n(EXPORT_BUDGET.cells)} 个单元格），未导出`,
      `The report has ${n(size.cells)} table cells, more than the export limit of ${n(EXPORT_BUDGET.cells)} cells; not exported`,
    );
  }
  if (size.chars > EXPORT_BUDGET.chars) {
    throw new ExportLimitError(
      `报告有 ${n(size.chars)} 个字符，超过导出的上限（${n(EXPORT_BUDGET.chars)} 个字符），未导出`,
      `The report has ${n(size.chars)} characters, more than the export limit of ${n(EXPORT_BUDGET.chars)} characters; not exported`,
    );
  }
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
