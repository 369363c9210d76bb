/**
 * The block structure of a chunk from micromark, without what the report model never reads.
 *
 * remark-parse + remark-gfm does three things for every chunk: micromark tokenizes the blocks (containers, flow),
 * then the inline content of every paragraph, heading and cell (emphasis, links, code spans, GFM autolink literals,
 * strikethrough, footnote calls, task list checkboxes), then mdast-util-from-markdown builds a tree of both and GFM's
 * autolink transform walks its text. The model reads only blocks: their kind, their span, a heading's depth and the
 * span of its content, a table's rows, the value of front matter and HTML. Paragraph and cell text is sliced from the
 * source (see parse.ts). So here:
 *  - one micromark parser is built once (its extensions combined once, not for every chunk);
 *  - only the block-level extensions the model needs are used: front matter, GFM tables, GFM footnote definitions
 *    (a container: what it holds is not the report's text). GFM autolink literals, strikethrough and task list items
 *    are inline-only;
 *  - inline content is not tokenized at all: micromark settles the block structure before any inline content (CommonMark
 *    §4, "blocks before inlines"; link reference definitions, which are block-level, still are), so leaving it out
 *    cannot move a block, and the only thing the model took from inline nodes, a heading's content span (first child's
 *    start to last child's end), is the span of the heading's text token with a setext heading's final spaces left out
 *    (micromark's line suffix), as below;
 *  - no mdast: the events are walked straight into blocks, with the same positions mdast gives its nodes (a node's
 *    position is its token's) and the same values (front matter and HTML values are the node's data and line endings).
 *
 * What is left out, and why none of it can change a finding (the rules read only the model, and the model only the
 * blocks above, their text sliced from the source):
 *  - emphasis, strong, code spans, links, images, autolinks, inline HTML, hard breaks, character escapes and
 *    references: inline constructs, tokenized by micromark only after the blocks are settled, so they cannot move a
 *    block's kind or span; the text of a paragraph, heading or cell is sliced from the source, never rebuilt from
 *    inline nodes, so they cannot change it either. (The one inline-dependent span, a heading's content, is the text
 *    token's span, as said above.)
 *  - GFM autolink literals (www., http://, e-mail) and the autolink transform: they only split text nodes into link
 *    nodes, which the model never reads (remark's transform even dropped positions: see parse-reference.ts' misread);
 *  - GFM strikethrough and footnote calls: inline, as above;
 *  - GFM task list checkboxes: inline too, except that mdast starts the item's paragraph after `[x] `; that much is
 *    kept (taskListHead), tokenizing inline content only where a list item's first text starts with `[`;
 *  - mdast itself (a node of every token): the model keeps per block only kind, span, depth, heading content, rows,
 *    front matter and HTML values, read here from the same tokens mdast reads them from.
 * Link reference and footnote definitions are block-level: still tokenized (content), and still `other` blocks.
 * That these readings equal those of remark-parse + remark-gfm + remark-frontmatter is tested block for block and
 * finding for finding on every fixture, the real reports, the fuzz corpus and hand-written chunks
 * (test/unit/parse-equivalence.test.ts, against test/unit/parse-reference.ts).
 */
import { parse, preprocess } from 'micromark';
import { gfm } from 'micromark-extension-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { SpliceBuffer } from 'micromark-util-subtokenize';
import { splice } from 'micromark-util-chunked';
import type { Event, Token, TokenizeContext } from 'micromark-util-types';
import type { Span } from './text.js';

/**
 * Built once (micromark combines its extensions when a parser is made: a quarter of a short chunk's parse), with the
 * constructs remark-parse + remark-frontmatter + remark-gfm give it. Only the block-level ones run (see below).
 */
const parser = parse({ extensions: [frontmatter(['yaml']), gfm()] });

/** micromark's events for `text` down to block level: flow and content tokenized, text and string content left whole. */
export function blockEvents(text: string): Event[] {
  // Per-parse state of the parser (which lines are lazy, which definitions and footnotes exist): fresh for every chunk,
  // as for a parser made for it.
  parser.lazy = {};
  parser.defined = [];
  (parser as { gfmFootnotes?: string[] }).gfmFootnotes = undefined;
  const events = parser.document().write(preprocess()(text, undefined, true));
  while (!subtokenizeBlocks(events)) {
    /* until every flow and content token is expanded */
  }
  return events;
}

/**
 * micromark-util-subtokenize's subtokenize (MIT, © Titus Wormer), except that tokens of inline content (contentType
 * 'text' and 'string') are left as they are instead of being tokenized: everything else as in the original, including
 * moving a container's exit before its trailing line endings.
 */
function subtokenizeBlocks(eventsArray: Event[]): boolean {
  const jumps: Record<number, number> = {};
  let index = -1;
  let more = false;
  const events = new SpliceBuffer<Event>(eventsArray);
  while (++index < events.length) {
    while (index in jumps) index = jumps[index];
    const event = events.get(index);
    // The hook of the original for GFM task list items: which text is the first content of a list item.
    if (index && event[1].type === 'chunkFlow' && events.get(index - 1)[1].type === 'listItemPrefix') {
      const subevents = event[1]._tokenizer!.events;
      let otherIndex = 0;
      if (otherIndex < subevents.length && subevents[otherIndex][1].type === 'lineEndingBlank') otherIndex += 2;
      if (otherIndex < subevents.length && subevents[otherIndex][1].type === 'content') {
        while (++otherIndex < subevents.length) {
          if (subevents[otherIndex][1].type === 'content') break;
          if (subevents[otherIndex][1].type === 'chunkText') {
            subevents[otherIndex][1]._isInFirstContentOfListItem = true;
            otherIndex++;
          }
        }
      }
    }
    if (event[0] === 'enter') {
      const token = event[1];
      const type = token.contentType;
      // Inline content is tokenized only where it may hold a task list item's checkbox, which moves the start of the
      // item's paragraph in remark's tree (see taskListHead): text that is the first content of a list item and starts with `[`.
      if (type && ((type !== 'text' && type !== 'string') || (type === 'text' && token._isInFirstContentOfListItem && !token.previous && event[2].sliceSerialize(token).charCodeAt(0) === 91))) {
        Object.assign(jumps, subcontent(events, index));
        index = jumps[index];
        more = true;
      }
    } else if (event[1]._container) {
      let otherIndex = index;
      let lineIndex: number | undefined;
      while (otherIndex--) {
        const otherEvent = events.get(otherIndex);
        if (otherEvent[1].type === 'lineEnding' || otherEvent[1].type === 'lineEndingBlank') {
          if (otherEvent[0] === 'enter') {
            if (lineIndex) events.get(lineIndex)[1].type = 'lineEndingBlank';
            otherEvent[1].type = 'lineEnding';
            lineIndex = otherIndex;
          }
        } else if (otherEvent[1].type === 'linePrefix' || otherEvent[1].type === 'listItemIndent') {
          // Move past.
        } else {
          break;
        }
      }
      if (lineIndex) {
        event[1].end = { ...events.get(lineIndex)[1].start };
        const parameters = events.slice(lineIndex, index);
        parameters.unshift(event);
        events.splice(lineIndex, index - lineIndex + 1, parameters);
      }
    }
  }
  splice(eventsArray, 0, Number.POSITIVE_INFINITY, events.slice(0));
  return !more;
}

function subcontent(events: SpliceBuffer<Event>, eventIndex: number): Record<number, number> {
  const token = events.get(eventIndex)[1];
  const context = events.get(eventIndex)[2];
  let startPosition = eventIndex - 1;
  const startPositions: number[] = [];
  let tokenizer = token._tokenizer;
  if (!tokenizer) {
    tokenizer = context.parser[token.contentType!](token.start);
    if (token._contentTypeTextTrailing) tokenizer._contentTypeTextTrailing = true;
  }
  const childEvents = tokenizer.events;
  const jumps: [number, number][] = [];
  const gaps: Record<number, number> = {};
  let previous: Token | undefined;
  let index = -1;
  let current: Token | undefined = token;
  let adjust = 0;
  let start = 0;
  const breaks = [start];
  while (current) {
    while (events.get(++startPosition)[1] !== current) {
      // Empty.
    }
    startPositions.push(startPosition);
    if (!current._tokenizer) {
      const stream = context.sliceStream(current);
      if (!current.next) stream.push(null);
      if (previous) tokenizer.defineSkip(current.start);
      if (current._isInFirstContentOfListItem) tokenizer._gfmTasklistFirstContentOfListItem = true;
      tokenizer.write(stream);
      if (current._isInFirstContentOfListItem) tokenizer._gfmTasklistFirstContentOfListItem = undefined;
    }
    previous = current;
    current = current.next;
  }
  current = token;
  while (++index < childEvents.length) {
    if (
      childEvents[index][0] === 'exit' &&
      childEvents[index - 1][0] === 'enter' &&
      childEvents[index][1].type === childEvents[index - 1][1].type &&
      childEvents[index][1].start.line !== childEvents[index][1].end.line
    ) {
      start = index + 1;
      breaks.push(start);
      current!._tokenizer = undefined;
      current!.previous = undefined;
      current = current!.next;
    }
  }
  tokenizer.events = [];
  if (current) {
    current._tokenizer = undefined;
    current.previous = undefined;
  } else {
    breaks.pop();
  }
  index = breaks.length;
  while (index--) {
    const slice = childEvents.slice(breaks[index], breaks[index + 1]);
    const at = startPositions.pop()!;
    jumps.push([at, at + slice.length - 1]);
    events.splice(at, 2, slice);
  }
  jumps.reverse();
  index = -1;
  while (++index < jumps.length) {
    gaps[adjust + jumps[index][0]] = adjust + jumps[index][1];
    adjust += jumps[index][1] - jumps[index][0] - 1;
  }
  return gaps;
}

/** One block as micromark's events give it (offsets relative to the tokenized text). */
export type RawBlock =
  | { kind: 'frontmatter'; span: Span; value: string }
  | { kind: 'heading'; span: Span; depth: number; content: Span | null; nested: boolean }
  | { kind: 'paragraph'; span: Span; nested: boolean }
  | { kind: 'table'; span: Span; rows: Span[]; nested: boolean }
  | { kind: 'html'; span: Span; value: string }
  | { kind: 'code'; span: Span }
  | { kind: 'other'; span: Span };

const spanOf = (t: Token): Span => ({ start: t.start.offset, end: t.end.offset });
const isSpaceOrTab = (c: number) => c === 32 || c === 9;

/** Leaf blocks mdast makes a node of; containers (quotes, lists) are walked into, their blocks `nested`. */
const CONTAINERS = new Set(['blockQuote', 'listOrdered', 'listUnordered']);

/** The blocks of a chunk in document order, as remark-parse's tree holds them (see the module comment). */
export function rawBlocks(text: string): RawBlock[] {
  const events = blockEvents(text);
  const out: RawBlock[] = [];
  let depth = 0;
  for (let i = 0; i < events.length; i++) {
    const [kind, token] = events[i];
    // Extensions' token types (yaml, gfmFootnoteDefinition, table…) are not in micromark's own type map.
    const type: string = token.type;
    if (CONTAINERS.has(type)) {
      depth += kind === 'enter' ? 1 : -1;
      continue;
    }
    if (kind !== 'enter') continue;
    const nested = depth > 0;
    switch (type) {
      case 'paragraph': {
        const span = spanOf(token);
        const end = matching(events, i);
        const head = taskListHead(events, i, end);
        // mdast-util-gfm-task-list-item: the paragraph then starts one character into its first text node.
        if (head && head.length > 1) span.start = head.start + 1;
        out.push({ kind: 'paragraph', span, nested });
        i = end;
        break;
      }
      case 'atxHeading':
      case 'setextHeading': {
        let level = 0;
        let content: Span | null = null;
        const end = matching(events, i);
        for (let k = i + 1; k < end; k++) {
          const [ek, et, ec] = events[k];
          if (ek !== 'enter') continue;
          if (et.type === 'atxHeadingSequence' && !level) level = et.end.offset - et.start.offset;
          else if (et.type === 'setextHeadingLineSequence') level = ec.sliceSerialize(et).codePointAt(0) === 61 ? 1 : 2;
          else if ((et.type === 'atxHeadingText' || et.type === 'setextHeadingText') && !content) {
            content = spanOf(et);
            // The inline content of a setext heading ends before the final spaces and tabs of its last line (a line suffix).
            if (et.type === 'setextHeadingText') {
              while (content.end > content.start && isSpaceOrTab(text.charCodeAt(content.end - 1))) content.end--;
              // A task list item's checkbox is no node: the heading's first child is what follows it.
              const head = taskListHead(events, k, matching(events, k));
              if (head) content.start = head.node;
            }
            if (content.end === content.start) content = null;
          }
        }
        out.push({ kind: 'heading', span: spanOf(token), depth: level, content, nested });
        i = end;
        break;
      }
      case 'table': {
        const end = matching(events, i);
        const rows: Span[] = [];
        for (let k = i + 1; k < end; k++) if (events[k][0] === 'enter' && (events[k][1].type as string) === 'tableRow') rows.push(spanOf(events[k][1]));
        out.push({ kind: 'table', span: spanOf(token), rows, nested });
        i = end;
        break;
      }
      case 'htmlFlow': {
        const end = matching(events, i);
        out.push({ kind: 'html', span: spanOf(token), value: dataOf(events, i, end, 'htmlFlowData') });
        i = end;
        break;
      }
      case 'yaml': {
        const end = matching(events, i);
        // mdast-util-frontmatter: the value's data and line endings, less the first and the last line ending.
        out.push({ kind: 'frontmatter', span: spanOf(token), value: dataOf(events, i, end, 'yamlValue').replace(/^(\r?\n|\r)|(\r?\n|\r)$/g, '') });
        i = end;
        break;
      }
      case 'codeFenced':
      case 'codeIndented':
        out.push({ kind: 'code', span: spanOf(token) });
        i = matching(events, i);
        break;
      case 'thematicBreak':
      case 'definition':
      case 'gfmFootnoteDefinition':
        // A footnote definition is a container, but its blocks are not the report's (remark's tree: one node).
        out.push({ kind: 'other', span: spanOf(token) });
        i = matching(events, i);
        break;
      default:
    }
  }
  return out;
}

/** Inline tokens that mdast-util-from-markdown (with GFM) makes a node of, and those it merges into a text node. */
const INLINE_NODES = new Set([
  'autolink', 'codeText', 'emphasis', 'hardBreakEscape', 'hardBreakTrailing', 'htmlText', 'image', 'link', 'strong',
  'literalAutolink', 'literalAutolinkEmail', 'literalAutolinkHttp', 'literalAutolinkWww', 'strikethrough', 'gfmFootnoteCall',
]);
const INLINE_TEXT = new Set(['data', 'characterEscape', 'characterReference', 'lineEnding']);

/**
 * In the inline events (tokenized only where a checkbox may be) of the block entered at `i`, after a task list item's
 * checkbox: where the first node starts (`node`), and the first text node's start and length as mdast builds it
 * (data, escapes, references and line endings merge into one text node; other tokens, such as line suffixes and
 * container prefixes, make no node). null when there is no checkbox.
 */
function taskListHead(events: Event[], i: number, end: number): { node: number; start: number; length: number } | null {
  let k = i + 1;
  while (k < end && !(events[k][0] === 'exit' && (events[k][1].type as string) === 'taskListCheck')) k++;
  if (k >= end) return null;
  let node = -1;
  let start = -1;
  let length = 0;
  let depth = 0;
  for (k++; k < end; k++) {
    const [ek, et] = events[k];
    if (ek === 'exit') {
      depth--;
      continue;
    }
    depth++;
    if (depth !== 1) continue;
    const type: string = et.type;
    const text = INLINE_TEXT.has(type);
    if (!text && !INLINE_NODES.has(type)) continue;
    if (node < 0) node = et.start.offset;
    if (!text) break;
    if (start < 0) start = et.start.offset;
    length += type === 'data' || type === 'lineEnding' ? et.end.offset - et.start.offset : 1;
  }
  if (node < 0) return null;
  return { node, start: start < 0 ? node : start, length: start < 0 ? 0 : length };
}

/** The index of the exit event of the token entered at `i`. */
function matching(events: Event[], i: number): number {
  const token = events[i][1];
  for (let k = i + 1; k < events.length; k++) if (events[k][1] === token && events[k][0] === 'exit') return k;
  return events.length - 1;
}

/** The text of the data tokens of `type` and of the line endings between events i and end, as mdast buffers it. */
function dataOf(events: Event[], i: number, end: number, type: string): string {
  let s = '';
  for (let k = i + 1; k < end; k++) {
    const [ek, et, ec] = events[k];
    if (ek === 'exit' && (et.type === type || et.type === 'lineEnding')) s += (ec as TokenizeContext).sliceSerialize(et);
  }
  return s;
}
