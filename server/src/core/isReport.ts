/** Whether a Markdown document is a report (dialect.md): cheap enough to run on every Markdown file. */
const TITLE = /^#[ \t]+.*\d{4}[ \t]*年.*政府信息公开.*年度报告/m;
const FM_YEAR = /^---\s*\r?\n[\s\S]*?^(年度|year)\s*:/m;

export function isReport(uri: string, text: string): boolean {
  let path = uri.split(/[?#]/)[0];
  try {
    path = decodeURIComponent(path);
  } catch {
    /* keep the raw path */
  }
  if (/\.report\.md$/i.test(path)) return true;
  const head = text.slice(0, 4000);
  if (head.startsWith('---') && FM_YEAR.test(head)) return true;
  return TITLE.test(head);
}
