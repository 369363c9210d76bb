/**
 * In-memory report documents for the providers' unit tests (as vscode-markdown-languageservice tests its providers
 * over an in-memory workspace): a text by URI, its analysis, and positions found by what they hold.
 */
import assert from 'node:assert/strict';
import { Analyzer, type Analysis } from '../../server/src/core/index.js';
import type { Position } from '../../server/src/core/text.js';

export class InMemoryDocuments {
  private readonly texts = new Map<string, string>();
  private readonly analyses = new Map<string, Analysis>();

  constructor(docs: Record<string, string> = {}) {
    for (const [uri, text] of Object.entries(docs)) this.set(uri, text);
  }

  set(uri: string, text: string): void {
    this.texts.set(uri, text);
    this.analyses.delete(uri);
  }

  text(uri: string): string {
    const t = this.texts.get(uri);
    assert.ok(t !== undefined, `no document ${uri}`);
    return t;
  }

  analysis(uri: string): Analysis {
    let a = this.analyses.get(uri);
    if (!a) this.analyses.set(uri, (a = new Analyzer().analyze(this.text(uri))));
    return a;
  }

  /** The position `at` characters into the first occurrence of `needle` (its start by default). */
  position(uri: string, needle: string, at = 0): Position {
    const text = this.text(uri);
    const i = text.indexOf(needle);
    assert.ok(i >= 0, `"${needle}" is not in ${uri}`);
    return this.analysis(uri).report.lines.position(i + at);
  }

  /** The text with the edits applied (non-overlapping, any order). */
  apply(uri: string, edits: { range: { start: Position; end: Position }; newText: string }[]): string {
    const lines = this.analysis(uri).report.lines;
    const spans = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
    let text = this.text(uri);
    for (const s of spans) text = text.slice(0, s.start) + s.newText + text.slice(s.end);
    return text;
  }
}
