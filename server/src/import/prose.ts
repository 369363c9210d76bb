/** How imported text is written so that it stays what it was: prose, never markup of its own. */

export const MARK_START = '<!-- xxgk-import: 未能识别的内容，请核对 -->';
export const MARK_END = '<!-- xxgk-import: 以上为未能识别的内容 -->';

/**
 * Text that stays prose in Markdown: no heading, quote, list, fence, thematic break, table or HTML
 * (tags and comments from the source are escaped, so that nothing of the page's markup comes in).
 */
export function proseText(s: string): string {
  let t = s.replace(/\r?\n/g, ' ').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  t = t.replace(/<(?=[A-Za-z/!?])/g, '&lt;');
  t = t.replace(/^(#{1,6})(\s|$)/, '\\$1$2').replace(/^>/, '\\>').replace(/^(`{3,}|~{3,})/, '\\$1');
  if (/^([-*_=+]\s*){3,}$/.test(t)) t = '\\' + t;
  t = t.replace(/\|/g, '\\|');
  return t;
}
