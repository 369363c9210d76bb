import type { Rule } from '../types.js';
import type { Limit } from '../model.js';
import { BLOCK_CHARS, BLOCK_LINES } from '../parse.js';

const n = (x: number) => x.toLocaleString('en-US');

/** What each kind of limit did, in both languages. */
const MESSAGES: Record<Limit['kind'], (l: Limit, line: number) => { zh: string; en: string }> = {
  nesting: (l) => ({
    zh: `此行的列表或引用标记嵌套 ${n(l.size)} 层，超过 ${l.limit} 层的上限：第 ${l.limit} 层以后的标记按正文读取`,
    en: `This line nests ${n(l.size)} list or quote markers, more than the limit of ${l.limit}: the markers past the ${l.limit}th are read as text`,
  }),
  indent: (l) => ({
    zh: `此行的列表标记缩进 ${n(l.size)} 列，超过 ${l.limit} 列的上限：按正文读取`,
    en: `This list marker is indented ${n(l.size)} columns, more than the limit of ${l.limit}: it is read as text`,
  }),
  block: (l) => ({
    zh: `从此行起连续 ${n(l.size)} 行之间没有空行，超过 ${BLOCK_LINES} 行（或 ${BLOCK_CHARS / 1024} KB）的上限：按每段至多 ${BLOCK_LINES} 行分开读取，其中的段落可能被拆开`,
    en: `${n(l.size)} lines from this one have no blank line between them, more than the limit of ${BLOCK_LINES} lines (or ${BLOCK_CHARS / 1024} KB): they are read in parts of at most ${BLOCK_LINES} lines, so a paragraph among them may be split`,
  }),
  line: (l) => ({
    zh: `此行有 ${n(l.size)} 个字符，超过每行 ${n(l.limit)} 个字符的上限：此行所在的段落按纯文本读取（其中的标题、表格、列表不识别）`,
    en: `This line has ${n(l.size)} characters, more than the limit of ${n(l.limit)} per line: the block holding it is read as plain text (no heading, table or list in it is recognised)`,
  }),
  document: (l, line) => ({
    zh: `文档共 ${n(l.size)} 个字符，超过编辑时检查的上限 ${n(l.limit)} 个字符：只检查到第 ${line} 行，缺少部分、空白部分、发布日期和信息处理费等全文检查未进行；全文可用命令行 xxgk-report check 检查`,
    en: `The document has ${n(l.size)} characters, more than the limit of ${n(l.limit)} checked while editing: it is checked up to line ${line} only, and the whole-document checks (missing or empty sections, the publication date, the fee statement) are not run; check all of it with xxgk-report check`,
  }),
  undecodable: (l) => ({
    zh: `文本中有 ${n(l.size)} 个无法解码的字符（U+FFFD 或 NUL，第一个在此行）：文件可能不是以 UTF-8 保存（如 GBK 或 UTF-16），请以正确的编码重新打开并另存为 UTF-8`,
    en: `The text holds ${n(l.size)} characters that could not be decoded (U+FFFD or NUL, the first on this line): the file was probably not saved as UTF-8 (GBK or UTF-16, say); reopen it in its encoding and save it as UTF-8`,
  }),
};

/** S13: part of the text is not read as written — past a limit of the checker, or not decodable. One finding per kind, at its first place. */
export const rule: Rule = {
  id: 'S13',
  name: 'input-limit',
  severity: 'information',
  description: { zh: '部分内容未按原样读取（超出检查上限或无法解码）', en: 'Part of the text not read as written (past a limit of the checker, or undecodable)' },
  tags: ['limits'],
  docs: 'docs/rules/S13.md',
  check(r, ctx) {
    const byKind = new Map<Limit['kind'], Limit[]>();
    for (const l of r.limits) {
      const list = byKind.get(l.kind);
      if (list) list.push(l);
      else byKind.set(l.kind, [l]);
    }
    for (const [kind, list] of byKind) {
      const first = list.reduce((a, b) => (b.span.start < a.span.start ? b : a));
      const m = MESSAGES[kind](first, r.lines.position(first.span.start).line + 1);
      const more = list.length > 1 ? { zh: `（共 ${n(list.length)} 处，此处为第一处）`, en: ` (${n(list.length)} places; this is the first)` } : { zh: '', en: '' };
      ctx.report({ span: first.span, message: { zh: m.zh + more.zh, en: m.en + more.en } });
    }
  },
};
