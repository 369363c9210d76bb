/**
 * .docx → HTML with mammoth (maintained, pure JavaScript; keeps headings, and tables with their
 * merged cells as colspan/rowspan) → the HTML path. mammoth is loaded on first use only.
 */
import { ImportError, type IBlock } from './types.js';
import { htmlToBlocks, HtmlRead } from './fromHtml.js';

const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='标题'] => h1:fresh",
  "p[style-name='标题 1'] => h1:fresh",
  "p[style-name='标题 2'] => h2:fresh",
  "p[style-name='标题 3'] => h3:fresh",
];

export async function docxToBlocks(name: string, bytes: Uint8Array): Promise<HtmlRead & { messages: string[] }> {
  const mod = (await import('mammoth')) as unknown as { default?: typeof import('mammoth') } & typeof import('mammoth');
  const mammoth = mod.default ?? mod;
  let html: string;
  let messages: string[] = [];
  try {
    const r = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        // Pictures are not part of what is imported: keep their alt text only, never their bytes.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = r.value;
    messages = r.messages.map((m) => m.message);
  } catch (e) {
    throw new ImportError('not-docx', `${name}: not a readable .docx (${docxProblem(e)})`, `${name}：.docx 无法读取（${docxProblem(e)}）`);
  }
  const read = htmlToBlocks(html);
  // Lines of mammoth's HTML mean nothing to the user of a Word file: a .docx has no lines.
  const blocks: IBlock[] = read.blocks.map((b) => (b.kind === 'table' ? { ...b, line: undefined, rows: b.rows.map((r) => ({ cells: r.cells })) } : { ...b, line: undefined }));
  return { blocks, page: read.page, warnings: read.warnings, messages };
}

/** What is wrong with a .docx, in words (not the XML parser's). */
function docxProblem(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError || /call stack/i.test(msg)) return 'its content is nested too deeply to be a report';
  if (/xmldom|entity|unclosed|mismatch|not well-formed|xml/i.test(msg)) return "the document's XML is broken";
  if (/zip|central directory|end of data|corrupt/i.test(msg)) return 'the zip archive is damaged';
  if (/could not find|word\/document\.xml|main document/i.test(msg)) return 'it has no Word document inside';
  return msg.split('\n')[0].replace(/\s+/g, ' ').slice(0, 80);
}
