/** The report model: what a report says, with the exact span of everything a rule may point at. */
import type { Block } from './parse.js';
import type { LineIndex as LineIndexType } from './text.js';
import { LineIndex } from './text.js';
import { ITEM_NUMERALS, type Edition } from './standard.js';
import { type FrontMatter, readFrontMatter } from './model/frontMatter.js';
import { type Title, readTitle } from './model/title.js';
import { type SectionModel, readSections } from './model/sections.js';
import { type Meta, type Period, type Signature, readMeta, readPeriod, readSignature } from './model/meta.js';
import { type ReportTables, type TableCache, readTables } from './model/tables.js';
import { type Suppressions, readSuppressions } from './model/suppressions.js';
import { type Limit, readUndecodable } from './model/limits.js';

export { FRONT_MATTER_DEPTH, FRONT_MATTER_LIMIT, fmEntry } from './model/frontMatter.js';
export type { FrontMatter, FrontMatterEntry } from './model/frontMatter.js';
export type { Title } from './model/title.js';
export type { SectionModel } from './model/sections.js';
export type { Meta, Period, Signature } from './model/meta.js';
export type { ColumnModel, NumberCell, ReportTables, RowModel, TableKind, TableModel } from './model/tables.js';
export type { Suppressions } from './model/suppressions.js';
export type { Limit } from './model/limits.js';
export { proseOf, readProse } from './model/prose.js';
export type { ProseParagraph, ProseRun } from './model/prose.js';

export interface Report {
  text: string;
  lines: LineIndexType;
  blocks: Block[];
  frontMatter: FrontMatter | null;
  title: Title | null;
  meta: Meta;
  preamble: Block[];
  period: Period | null;
  signature: Signature | null;
  sections: SectionModel[];
  /** Sections by standard number (first occurrence). */
  section: Map<number, SectionModel>;
  tables: ReportTables;
  suppressions: Suppressions;
  limits: Limit[];
}

/**
 * What a model builder keeps from one report to the next (an Analyzer's): the tables read from blocks the parser
 * handed out again unchanged (model/tables.ts). A report built with one equals a report built without.
 */
export interface ModelCache {
  tables: TableCache;
}

export function newModelCache(): ModelCache {
  return { tables: new WeakMap() };
}

export function buildReport(text: string, blocks: Block[], limits: Limit[] = [], cache?: ModelCache): Report {
  const lines = new LineIndex(text);
  const frontMatter = readFrontMatter(text, blocks);
  const title = readTitle(text, blocks);
  const sections = readSections(text, blocks);
  const titleEnd = title ? title.span.end : frontMatter ? frontMatter.span.end : 0;
  // The first section heading after the title (a stray '##' or setext heading above the title does not end the preamble).
  const firstSectionStart = sections.find((s) => s.heading.span.start >= titleEnd)?.heading.span.start ?? text.length;
  const preamble = blocks.filter((b) => b.span.start >= titleEnd && b.span.end <= firstSectionStart && b.kind !== 'frontmatter' && !(b.kind === 'heading' && b.depth === 1));
  const signature = readSignature(text, blocks, lines);
  if (signature) {
    const sigStart = signature.agency?.span.start ?? signature.date?.span.start ?? Infinity;
    for (const s of sections) s.blocks = s.blocks.filter((b) => b.span.start < sigStart);
  }
  const period = readPeriod(text, preamble);
  const meta = readMeta(frontMatter, title, period, signature);
  const section = new Map<number, SectionModel>();
  for (const s of sections) if (s.no !== null && !section.has(s.no)) section.set(s.no, s);
  const tables = readTables(text, blocks, sections, meta, cache?.tables);
  if (meta.editionSource === 'default') {
    const votes = tables.all.map((t) => t.edition).filter((e): e is Edition => e !== null);
    if (votes.length) {
      const n2019 = votes.filter((v) => v === 2019).length;
      meta.edition = n2019 * 2 > votes.length ? 2019 : 2021;
      meta.editionSource = 'tables';
    }
  }
  const undecodable = readUndecodable(text, lines);
  return {
    text, lines, blocks, frontMatter, title, meta, preamble, period, signature, sections, section, tables,
    suppressions: readSuppressions(text, lines, blocks),
    limits: undecodable ? [...limits, undecodable] : limits,
  };
}

export { ITEM_NUMERALS };
