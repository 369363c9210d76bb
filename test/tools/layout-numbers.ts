/** Test helper: what the exports' tests compare a written file with. */
import type { Layout } from '../../server/src/render/layout.js';

/** The numbers of the three kinds of tables, in layout order. */
export function tableNumbers(layout: Layout): string[] {
  const out: string[] = [];
  for (const b of layout.blocks) if (b.kind === 'grid' && b.table !== 'other') for (const r of b.rows) for (const c of r) if (c.role === 'number' && c.text) out.push(c.text);
  return out;
}
