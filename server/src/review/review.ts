/**
 * A reviewer's batch review: every report under a folder (every shape import reads, and the dialect) or behind a
 * list of URLs, read and checked in worker threads (one per core), then every consecutive-year pair of the same
 * agency checked across years; the records and their summary (types.ts). Nothing is written into the folder read.
 */
import { readFileSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { filesUnder as walkFiles } from '../io/walk.js';
import { agencyKey, CROSS_RULES, reportKey, RULES, type Locale, reportFileName } from '../core/index.js';
import { defaultJobs, JobFailure, ReviewPool, REVIEW_BUDGET, secs, type PoolBudget } from './pool.js';
import { isUrl } from './fetch.js';
import { baseRecord } from './job.js';
import type { ReportRecord, ReviewData, ReviewFinding, ReviewSummary, RuleCount, Timeliness } from './types.js';

/** What a review reads: the shapes import reads, and Markdown (the dialect, or a converter's output). */
export const REVIEW_FILES = /\.(pdf|html?|shtml|docx?|txt|md|markdown)$/i;

export interface ReviewTarget {
  /** As shown: the path relative to the review's root, or the URL. */
  file: string;
  path?: string;
  url?: string;
  /** A line of a URL list that is not a URL: a row with this reason. */
  invalid?: string;
}

/** The files a review reads under a folder, recursively, in a stable order (dot-names and node_modules skipped). */
export function filesUnder(dir: string): string[] {
  return walkFiles(dir, (it) => !it.name.startsWith('.') && it.isFile() && REVIEW_FILES.test(it.name));
}

/** Whether a file is a list of URLs (every line that is not blank or a # comment is an http(s) address, one at least). */
export function isUrlList(path: string): boolean {
  try {
    if (statSync(path).size > 4 * 1024 * 1024) return false;
    const lines = readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    return lines.length > 0 && lines.filter(isUrl).length >= Math.max(1, Math.ceil(lines.length / 2));
  } catch {
    return false;
  }
}

/** The URLs of a list, one a line (blank lines and # comments skipped); a line that is not one becomes a row with the reason. */
export function urlTargets(path: string, locale: Locale): ReviewTarget[] {
  const out: ReviewTarget[] = [];
  readFileSync(path, 'utf8').split(/\r?\n/).forEach((raw, i) => {
    const l = raw.trim();
    if (!l || l.startsWith('#')) return;
    if (isUrl(l)) out.push({ file: l, url: l });
    else out.push({ file: `${path}:${i + 1}`, invalid: locale === 'en' ? `line ${i + 1} is not an http(s) address: ${l.slice(0, 80)}` : `第 ${i + 1} 行不是 http(s) 网址：${l.slice(0, 80)}` });
  });
  return out;
}

/** The targets of the arguments (folders, URL lists, single files) and the root their paths are shown from. */
export function reviewTargets(args: string[], locale: Locale): { targets: ReviewTarget[]; root: string; folders: string[] } {
  const targets: ReviewTarget[] = [];
  const folders: string[] = [];
  const dirs = args.filter((a) => {
    try {
      return statSync(a).isDirectory();
    } catch {
      return false;
    }
  });
  const root = resolve(dirs.length === 1 && args.length === 1 ? dirs[0] : '.');
  const show = (p: string) => relative(root, p).split(sep).join('/') || p;
  for (const a of args) {
    if (isUrl(a)) {
      targets.push({ file: a, url: a });
      continue;
    }
    const abs = resolve(a);
    let st;
    try {
      st = statSync(abs);
    } catch {
      targets.push({ file: a, invalid: locale === 'en' ? 'no such file or folder' : '没有这个文件或文件夹' });
      continue;
    }
    if (st.isDirectory()) {
      folders.push(abs);
      for (const f of filesUnder(abs)) targets.push({ file: show(f), path: f });
    } else if (isUrlList(abs)) targets.push(...urlTargets(abs, locale));
    else targets.push({ file: show(abs), path: abs });
  }
  const seen = new Set<string>();
  return { targets: targets.filter((t) => !seen.has(t.file) && !!seen.add(t.file)), root, folders };
}

/** Whether `path` lies inside `dir` (or is it). */
export function inside(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

export interface ReviewProgress {
  done: number;
  total: number;
  file: string;
  phase: 'read' | 'across';
}

export interface ReviewOptions {
  locale: Locale;
  /** Threads (default: every core). */
  jobs?: number;
  budget?: PoolBudget;
  /** Where to save each imported report's text (never a folder read): the VS Code command opens them from there. */
  importedDir?: string;
  onProgress?: (p: ReviewProgress) => void;
}

function failureReason(e: unknown, budget: PoolBudget, locale: Locale): string {
  const en = locale === 'en';
  if (e instanceof JobFailure && e.code === 'too-slow') return en ? `reading it took longer than ${secs(budget.timeoutMs)}; skipped` : `读取超过 ${secs(budget.timeoutMs).replace(' s', ' 秒').replace(' ms', ' 毫秒')}，已跳过`;
  if (e instanceof JobFailure && e.code === 'memory') return en ? `reading it needs more memory than a file may take (${budget.memoryMb} MB); skipped` : `读取所需内存超过限额（${budget.memoryMb} MB），已跳过`;
  const m = (e as Error)?.message ?? String(e);
  return en ? `the reader stopped (${m})` : `读取中断（${m}）`;
}

/** Counts and the three most frequent rules of a record, from its findings. */
export function finalizeRecord(r: ReportRecord): ReportRecord {
  r.findings.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
  r.errors = r.findings.filter((f) => f.severity === 'error').length;
  r.warnings = r.findings.filter((f) => f.severity === 'warning').length;
  r.infos = r.findings.filter((f) => f.severity === 'information').length;
  const by = new Map<string, number>();
  for (const f of r.findings) by.set(f.code, (by.get(f.code) ?? 0) + 1);
  r.topRules = [...by].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([c]) => c);
  return r;
}

const RANK = { information: 0, warning: 1, error: 2 } as const;

export function summarize(records: ReportRecord[], locale: Locale): ReviewSummary {
  const ok = records.filter((r) => r.status === 'ok');
  const timeliness: Record<Timeliness, number> = { 'on-time': 0, late: 0, premature: 0, undated: 0 };
  const editions = { 2019: 0, 2021: 0, unknown: 0, mismatch: 0 };
  const byShape: Record<string, number> = {};
  const agencies = new Set<string>();
  const years = new Set<number>();
  for (const r of ok) {
    timeliness[r.timeliness ?? 'undated']++;
    if (r.edition) editions[r.edition]++;
    else editions.unknown++;
    if (r.findings.some((f) => f.code === 'S05')) editions.mismatch++;
    if (r.agency) agencies.add(agencyKey(r.agency));
    if (r.year !== undefined) years.add(r.year);
  }
  for (const r of records) if (r.shape) byShape[r.shape] = (byShape[r.shape] ?? 0) + 1;
  const rules = new Map<string, RuleCount>();
  const defs = new Map([...RULES, ...CROSS_RULES].map((d) => [d.id, d]));
  for (const r of ok) {
    const seen = new Set<string>();
    for (const f of r.findings) {
      let c = rules.get(f.code);
      if (!c) {
        const d = defs.get(f.code);
        c = { code: f.code, name: f.name, severity: f.severity, description: d ? (locale === 'en' ? d.description.en : d.description.zh) : '', findings: 0, reports: 0 };
        rules.set(f.code, c);
      }
      c.findings++;
      if (RANK[f.severity] > RANK[c.severity]) c.severity = f.severity;
      if (!seen.has(f.code)) {
        seen.add(f.code);
        c.reports++;
      }
    }
  }
  return {
    reports: ok.length,
    unreadable: records.length - ok.length,
    agencies: agencies.size,
    years: [...years].sort((a, b) => a - b),
    timeliness,
    editions,
    withErrors: ok.filter((r) => r.errors > 0).length,
    findings: { errors: ok.reduce((n, r) => n + r.errors, 0), warnings: ok.reduce((n, r) => n + r.warnings, 0), infos: ok.reduce((n, r) => n + r.infos, 0) },
    crossYear: ok.filter((r) => r.findings.some((f) => f.code === 'X01' || f.code === 'X02')).length,
    byShape,
    rules: [...rules.values()].sort((a, b) => b.reports - a.reports || b.findings - a.findings || a.code.localeCompare(b.code)),
  };
}

/** Reads and checks every target; never throws for a file: each is a row. */
export async function runReview(targets: ReviewTarget[], root: string, options: ReviewOptions): Promise<ReviewData> {
  const t0 = performance.now();
  const { locale } = options;
  const budget = options.budget ?? REVIEW_BUDGET;
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(budget), Math.max(1, targets.length)));
  const records: ReportRecord[] = new Array(targets.length);
  /** The texts of the reports that can pair with another year, deflated. */
  const texts = new Map<number, Uint8Array>();
  const warnings: string[] = [];
  if (options.importedDir) mkdirSync(options.importedDir, { recursive: true });
  const pool = new ReviewPool(jobs, locale, budget);
  let done = 0;
  try {
    await Promise.all(
      targets.map(async (t, index) => {
        let record: ReportRecord;
        if (t.invalid) record = baseRecord({ ...t, index }, t.invalid);
        else {
          try {
            const reply = await pool.run({ type: 'file', index, file: t.file, name: t.path ?? t.url ?? t.file, path: t.path, url: t.url });
            if (reply.type !== 'file') throw new JobFailure('stopped', 'unexpected reply');
            record = reply.record;
            if (reply.text && record.status === 'ok') {
              const text = Buffer.from(reply.text);
              if (record.agency && record.year !== undefined) texts.set(index, text);
              if (options.importedDir && record.shape !== 'dialect') {
                const target = join(options.importedDir, `${String(index + 1).padStart(4, '0')}-${reportFileName(record.agency, record.year, t.path ?? 'report')}`);
                writeFileSync(target, inflateRawSync(text));
                record.importedPath = target;
              }
            }
          } catch (e) {
            record = baseRecord({ ...t, index }, failureReason(e, budget, locale));
          }
        }
        records[index] = record;
        done++;
        options.onProgress?.({ done, total: targets.length, file: t.file, phase: 'read' });
      }),
    );

    // Across years: each agency's reports together, when two of them are of consecutive years.
    const groups = new Map<string, ReportRecord[]>();
    for (const r of records) {
      if (r.status !== 'ok' || !r.agency || r.year === undefined || !texts.has(r.index)) continue;
      const k = agencyKey(r.agency);
      const g = groups.get(k);
      if (g) g.push(r);
      else groups.set(k, [r]);
    }
    const sameYear = new Map<string, ReportRecord[]>();
    for (const g of groups.values()) for (const r of g) {
      const key = reportKey(r.agency, r.year);
      if (key) sameYear.set(key, [...(sameYear.get(key) ?? []), r]);
    }
    for (const list of sameYear.values()) if (list.length > 1) for (const r of list) r.duplicates = list.filter((o) => o !== r).map((o) => o.file);
    const paired = [...groups.values()].filter((g) => g.some((r) => g.some((o) => o.year === r.year! - 1)));
    let crossDone = 0;
    await Promise.all(
      paired.map(async (g) => {
        try {
          const reply = await pool.run({ type: 'cross', files: g.map((r) => ({ file: r.file, text: texts.get(r.index)! })) });
          if (reply.type !== 'cross') throw new JobFailure('stopped', 'unexpected reply');
          const byFile = new Map(g.map((r) => [r.file, r]));
          for (const [file, fs] of reply.findings) byFile.get(file)?.findings.push(...(fs as ReviewFinding[]));
        } catch (e) {
          warnings.push(locale === 'en' ? `${g[0].agency}: the check across years failed (${(e as Error).message})` : `${g[0].agency}：跨年度检查未能完成（${(e as Error).message}）`);
        }
        crossDone++;
        options.onProgress?.({ done: crossDone, total: paired.length, file: g[0].agency ?? '', phase: 'across' });
      }),
    );
  } finally {
    await pool.close();
  }
  for (const r of records) finalizeRecord(r);
  return {
    version: 1,
    tool: 'xxgk-report',
    generated: new Date().toISOString(),
    locale,
    root,
    summary: summarize(records, locale),
    reports: records,
    ...(warnings.length ? { warnings } : {}),
    ms: Math.round(performance.now() - t0),
  };
}

/** `xxgk/importUrl` of the language server: the report behind a URL, fetched and imported in a worker thread (the pool's budgets). */
export async function importUrlInWorker(url: string, locale: Locale): Promise<{ text: string; fileName: string; shape: string; cells: number; blanks: number; unread: number; unplaced: { what: string; line?: number; reportLine?: number; excerpt: string }[]; warnings: string[]; url: string; attachment?: string }> {
  const pool = new ReviewPool(1, locale);
  try {
    let reply;
    try {
      reply = await pool.run({ type: 'file', index: 0, file: url, name: url, url });
    } catch (e) {
      throw new Error(`${url}: ${failureReason(e, REVIEW_BUDGET, locale)}`);
    }
    if (reply.type !== 'file' || !reply.text || reply.record.status === 'unreadable') throw new Error(`${url}: ${reply.type === 'file' ? reply.record.reason : 'no report'}`);
    const r = reply.record;
    const imp = r.import ?? { cells: 0, blanks: 0, unread: 0, unplaced: [], warnings: [] };
    return { text: inflateRawSync(Buffer.from(reply.text)).toString('utf8'), fileName: reportFileName(r.agency, r.year, r.attachment ?? url), shape: r.shape ?? 'html', ...imp, url, ...(r.attachment ? { attachment: r.attachment } : {}) };
  } finally {
    await pool.close();
  }
}
