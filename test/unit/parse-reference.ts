/**
 * The chunk parser as it was before issue 16, for the tests to compare the parser with: remark-parse + remark-gfm +
 * remark-frontmatter build the whole mdast tree of a chunk (inline content, GFM autolink literals and all) and the
 * blocks are read from the tree. The limits of the parser (long lines, large tables, masks) are the same.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root, RootContent, Heading, Table } from 'mdast';
import {
  BlockParser, LINEAR_TABLE_PIPES, LINE_CHARS, longLine, maskChunk, parseLargeTableChunk, tableOfRows,
  type Block, type ParsedChunk,
} from '../../server/src/core/parse.js';
import { Analyzer } from '../../server/src/core/analyze.js';
import type { Span } from '../../server/src/core/text.js';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);
const FRONT_MATTER_OPEN = /^\ufeff?---[ \t]*\r?(?:\n|$)/;

/**
 * Headings whose content the reference misreads: GFM's autolink-literal transform (mdast-util-gfm-autolink-literal,
 * through mdast-util-find-and-replace) replaces a text node by nodes without a position, so a heading whose first or
 * last child it made has its content span read as 0 (an empty or reversed span). The set holds those headings' blocks.
 */
export const misread = new WeakSet<Block>();

export function referenceChunkNoted(text: string): ParsedChunk {
  const long = FRONT_MATTER_OPEN.test(text) ? null : longLine(text);
  if (long) return { blocks: [{ kind: 'paragraph', span: { start: 0, end: text.length }, text, nested: false }], limits: [{ kind: 'line', span: long, size: long.end - long.start, limit: LINE_CHARS }] };
  let pipes = 0;
  for (let i = text.indexOf('|'); i >= 0; i = text.indexOf('|', i + 1)) pipes++;
  if (pipes > LINEAR_TABLE_PIPES) return parseLargeTableChunk(text, referenceChunkNoted);
  const masked = maskChunk(text);
  let tree: Root;
  try {
    tree = processor.parse(masked.text ?? text) as Root;
  } catch {
    return { blocks: [{ kind: 'paragraph', span: { start: 0, end: text.length }, text, nested: false }], limits: masked.notes };
  }
  return { blocks: collect(tree.children, text, masked.text !== null), limits: masked.notes };
}

/** An analyzer reading chunks with the reference parser. */
export function referenceAnalyzer(): Analyzer {
  return new Analyzer(new BlockParser(4000, referenceChunkNoted));
}

function spanOf(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): Span {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

function collect(nodes: RootContent[], text: string, masked: boolean): Block[] {
  const out: Block[] = [];
  const stack: { node: RootContent; nested: boolean }[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) stack.push({ node: nodes[i], nested: false });
  while (stack.length) {
    const { node, nested } = stack.pop()!;
    const span = spanOf(node);
    switch (node.type) {
      case 'yaml': {
        const open = text.indexOf('\n', span.start) + 1;
        let close = text.lastIndexOf('\n', span.end - 1);
        if (close < open) close = open;
        out.push({ kind: 'frontmatter', span, value: masked ? text.slice(open, close).replace(/\r(?=\n|$)/g, '') : node.value, valueSpan: { start: open, end: close } });
        break;
      }
      case 'heading':
        out.push(headingBlock(node, text, span, nested));
        break;
      case 'paragraph':
        out.push({ kind: 'paragraph', span, text: text.slice(span.start, span.end), nested });
        break;
      case 'table':
        out.push(tableOfRows(text, span, (node as Table).children.map(spanOf), nested));
        break;
      case 'html':
        out.push({ kind: 'html', span, text: masked ? text.slice(span.start, span.end) : node.value });
        break;
      case 'code':
        out.push({ kind: 'code', span });
        break;
      case 'list':
      case 'listItem':
      case 'blockquote':
        for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as RootContent, nested: true });
        break;
      default:
        out.push({ kind: 'other', span });
    }
  }
  return out;
}

function headingBlock(node: Heading, text: string, span: Span, nested: boolean): Block {
  let content: Span;
  let positionless = false;
  if (node.children.length > 0) {
    positionless = !node.children[0].position || !node.children[node.children.length - 1].position;
    content = { start: spanOf(node.children[0]).start, end: spanOf(node.children[node.children.length - 1]).end };
  } else {
    const lineEnd = text.indexOf('\n', span.start);
    content = { start: lineEnd < 0 ? span.end : Math.min(lineEnd, span.end), end: lineEnd < 0 ? span.end : Math.min(lineEnd, span.end) };
  }
  const b: Block = { kind: 'heading', span, depth: node.depth, content, text: text.slice(content.start, content.end), nested };
  if (positionless) misread.add(b);
  return b;
}
