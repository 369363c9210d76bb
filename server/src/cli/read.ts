/** Reading a report file for the command line, and the user's message of an error; shared with check's worker threads. */
import { FileError, REPORT_FILE_LIMIT, readRegularFileSync, shownPath } from '../io/files.js';
import { decodeReport, encodingName } from '../io/decode.js';
import { ExportLimitError } from '../render/formats.js';
import type { Locale } from '../core/index.js';

/** A report file's text (UTF-8, UTF-16 or GB18030), and a note when it was not UTF-8. Throws FileError. */
export function readReport(file: string, locale: Locale): { text: string; note?: string } {
  const { bytes } = readRegularFileSync(file, { maxBytes: REPORT_FILE_LIMIT });
  const { text, encoding } = decodeReport(bytes);
  const p = shownPath(file);
  const note = encoding === 'utf-8' ? undefined : pick(locale, `${p}：按 ${encodingName(encoding)} 编码读取（不是 UTF-8）；建议另存为 UTF-8`, `${p}: read as ${encodingName(encoding)} (not UTF-8); consider saving it as UTF-8`);
  return { text: text.replace(/^\ufeff/, ''), note };
}

export const pick = (locale: Locale, zh: string, en: string) => (locale === 'en' ? en : zh);

/** The message of an error for the user: one that says it in both languages (FileError, ExportLimitError) in the chosen one. */
export function messageOf(e: unknown, locale: Locale): string {
  if (e instanceof FileError) return e.text(locale);
  if (e instanceof ExportLimitError) return locale === 'en' ? e.en : e.zh;
  return e instanceof Error ? e.message : String(e);
}

