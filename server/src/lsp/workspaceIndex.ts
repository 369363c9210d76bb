/**
 * The reports of the workspace folders, known without opening them: agency + year of each file (from the model of
 * its head), kept current by file events, and the full model of a file loaded on demand (for X01/X02 against last
 * year's report when it is not open).
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Analyzer, HEAD_LIMIT, isReport, readHead, reportKey, type Report, BlockParser } from '../core/index.js';
import { REPORT_FILE_LIMIT, readRegularFile } from '../io/files.js';
import { decodeReport } from '../io/decode.js';
import { DOCUMENT_LIMIT } from './documents.js';

export interface IndexEntry {
  uri: string;
  agency?: string;
  agencyKey: string;
  year?: number;
  mtimeMs: number;
  size: number;
}

export interface ScanOptions {
  /** Stops the scan between files when it returns true. */
  cancelled?: () => boolean;
  /** Called every `progressEvery` files and at the end. */
  progress?: (done: number, found: number) => void;
  progressEvery?: number;
}

export interface ScanResult {
  /** Markdown files read. */
  files: number;
  /** Reports among them. */
  reports: number;
  ms: number;
  cancelled: boolean;
  /** Directories or files that could not be read. */
  errors: number;
}

/** Folders never searched for reports. */
const SKIP_DIRS = new Set(['node_modules', 'bower_components', '__pycache__']);
/** A workspace with more Markdown files than this is indexed up to the limit (the rest are skipped, and said so). */
export const MAX_FILES = 50_000;

function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** A file of the workspace is read within this time, or not at all (a file on a stalled share must not wedge the index). */
export const READ_TIMEOUT_MS = 5000;

/**
 * Reads at most `limit` bytes from the start of a file: only a regular file (a symlink to one), so that a `*.md` that
 * is a FIFO or a link to /dev/zero is skipped at once instead of hanging the scan or reading without end.
 */
async function readStart(path: string, limit: number): Promise<{ text: string; size: number; mtimeMs: number }> {
  const r = await readRegularFile(path, { maxBytes: limit, partial: true, timeoutMs: READ_TIMEOUT_MS });
  return { text: decodeReport(r.bytes).text.replace(/^\ufeff/, ''), size: r.size, mtimeMs: r.mtimeMs };
}

export class WorkspaceIndex {
  private entries = new Map<string, IndexEntry>();
  private byKey = new Map<string, Set<string>>();
  /** Private to the index, so that thousands of heads never evict the open documents' parsed chunks. */
  private parser = new BlockParser(64);
  private analyzer = new Analyzer();
  private loaded = new Map<string, { mtimeMs: number; size: number; report: Report }>();
  /** Full models kept for reports that are not open (most recently used last). */
  readonly maxLoaded: number;
  skipped = 0;

  constructor(maxLoaded = 16) {
    this.maxLoaded = maxLoaded;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Full models held for files that are not open (at most maxLoaded). */
  get loadedCount(): number {
    return this.loaded.size;
  }

  all(): IndexEntry[] {
    return [...this.entries.values()];
  }

  get(uri: string): IndexEntry | undefined {
    return this.entries.get(uri);
  }

  /** The reports of an agency (its name, or its agencyKey) for a year. */
  find(agency: string | undefined, year: number): IndexEntry[] {
    const k = reportKey(agency, year);
    const uris = k ? this.byKey.get(k) : undefined;
    return uris ? [...uris].map((u) => this.entries.get(u)!).filter(Boolean) : [];
  }

  private put(e: IndexEntry): void {
    this.remove(e.uri);
    this.entries.set(e.uri, e);
    const k = reportKey(e.agencyKey, e.year);
    if (k) {
      let set = this.byKey.get(k);
      if (!set) this.byKey.set(k, (set = new Set()));
      set.add(e.uri);
    }
  }

  /** Forgets a file (deleted, renamed away, or no longer a report). Returns whether it was indexed. */
  remove(uri: string): boolean {
    const e = this.entries.get(uri);
    this.loaded.delete(uri);
    if (!e) return false;
    this.entries.delete(uri);
    const k = reportKey(e.agencyKey, e.year);
    if (k) {
      const set = this.byKey.get(k);
      set?.delete(uri);
      if (set && !set.size) this.byKey.delete(k);
    }
    return true;
  }

  /** Forgets every file under a folder (a workspace folder removed). */
  removeFolder(folderUri: string): number {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    let n = 0;
    for (const uri of [...this.entries.keys()]) if (uri.startsWith(prefix) && this.remove(uri)) n++;
    return n;
  }

  /**
   * Reads one file's head again (created or changed on disk). Returns the new entry, or undefined when the file is
   * gone or is not a report (it is then forgotten).
   */
  async update(uri: string): Promise<IndexEntry | undefined> {
    const path = toPath(uri);
    if (!path || !/\.md$/i.test(path)) return undefined;
    let start;
    try {
      start = await readStart(path, HEAD_LIMIT * 4);
    } catch {
      this.remove(uri);
      return undefined;
    }
    if (!isReport(uri, start.text)) {
      this.remove(uri);
      return undefined;
    }
    const head = readHead(start.text, this.parser);
    const e: IndexEntry = { uri, agency: head.agency, agencyKey: head.agencyKey, year: head.year, mtimeMs: start.mtimeMs, size: start.size };
    this.put(e);
    return e;
  }

  /** Finds and indexes the reports under the given folder URIs (file: scheme). Yields to the event loop between files. */
  async scan(folderUris: string[], opts: ScanOptions = {}): Promise<ScanResult> {
    const t0 = performance.now();
    const res: ScanResult = { files: 0, reports: 0, ms: 0, cancelled: false, errors: 0 };
    const every = opts.progressEvery ?? 100;
    const stack = folderUris.map(toPath).filter((p): p is string => !!p);
    const files: string[] = [];
    while (stack.length) {
      if (opts.cancelled?.()) {
        res.cancelled = true;
        break;
      }
      const dir = stack.pop()!;
      let items;
      try {
        items = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        res.errors++;
        continue;
      }
      for (const it of items) {
        if (it.isDirectory()) {
          if (!it.name.startsWith('.') && !SKIP_DIRS.has(it.name)) stack.push(join(dir, it.name));
        } else if ((it.isFile() || it.isSymbolicLink()) && /\.md$/i.test(it.name)) {
          if (files.length < MAX_FILES) files.push(join(dir, it.name));
          else this.skipped++;
        }
      }
    }
    for (const path of res.cancelled ? [] : files) {
      if (opts.cancelled?.()) {
        res.cancelled = true;
        break;
      }
      const uri = pathToFileURL(path).href;
      res.files++;
      try {
        if (await this.update(uri)) res.reports++;
      } catch {
        res.errors++;
      }
      if (res.files % every === 0) {
        opts.progress?.(res.files, res.reports);
        // Let requests and notifications in between batches, even when every read is served from the page cache.
        await new Promise((r) => setImmediate(r));
      }
    }
    opts.progress?.(res.files, res.reports);
    res.ms = performance.now() - t0;
    return res;
  }

  /** The full model of an indexed file, read from disk (cached while the file is unchanged). */
  async load(uri: string): Promise<Report | undefined> {
    const path = toPath(uri);
    if (!path) return undefined;
    let st;
    try {
      st = await fsp.stat(path);
    } catch {
      this.remove(uri);
      return undefined;
    }
    const hit = this.loaded.get(uri);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) {
      this.loaded.delete(uri);
      this.loaded.set(uri, hit);
      return hit.report;
    }
    let text: string;
    try {
      const r = await readRegularFile(path, { maxBytes: REPORT_FILE_LIMIT, timeoutMs: READ_TIMEOUT_MS });
      text = decodeReport(r.bytes).text.replace(/^\ufeff/, '');
    } catch {
      return undefined;
    }
    // Last year's report is read as an open one would be: up to the limit analysed on every edit.
    const report = this.analyzer.model(text, DOCUMENT_LIMIT);
    this.loaded.set(uri, { mtimeMs: st.mtimeMs, size: st.size, report });
    while (this.loaded.size > this.maxLoaded) this.loaded.delete(this.loaded.keys().next().value!);
    return report;
  }

  /** Drops a cached model (the file changed). */
  invalidate(uri: string): void {
    this.loaded.delete(uri);
  }
}
