/**
 * The files under a folder, recursively, in a stable order (entries by code unit, the same on every machine, a
 * subfolder walked where its name comes): folders whose name starts with a dot and package folders (node_modules, …)
 * are not entered, and a folder that cannot be read is passed over. `keep` decides which files count; the CLI's
 * `check DIR` and the review both walk with it.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

const SKIP_DIRS = new Set(['node_modules', 'bower_components', '__pycache__']);

export function filesUnder(dir: string, keep: (entry: Dirent, path: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let items: Dirent[];
    try {
      items = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const it of items) {
      const p = join(d, it.name);
      if (it.isDirectory()) {
        if (!it.name.startsWith('.') && !SKIP_DIRS.has(it.name)) walk(p);
      } else if (keep(it, p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}
