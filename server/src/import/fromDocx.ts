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
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ImportError('not-docx', `${name}: not a readable .docx (${msg})`);
  }
  const read = htmlToBlocks(html);
  // Lines of mammoth's HTML mean nothing to the user of a Word file: a .docx has no lines.
  const blocks: IBlock[] = read.blocks.map((b) => (b.kind === 'table' ? { ...b, line: undefined, rows: b.rows.map((r) => ({ cells: r.cells })) } : { ...b, line: undefined }));
  return { blocks, page: read.page, messages };
}
