/** Crawled text (the article's text on one line) → blocks. */
import type { ReadResult } from './types.js';

export function crawlToBlocks(_text: string): ReadResult | null {
  return null;
}
