/** The analysis core: text → blocks → report model → rules → findings. Knows nothing of VS Code or LSP. */
import { BlockParser, chunkText } from './parse.js';
import { Limit, ModelCache, Report, buildReport, newModelCache } from './model.js';
import { CROSS_RULES, RULES } from './rules/index.js';
import { brokenBy } from './relations.js';
import { clipMessage, normaliseLineEnds } from './text.js';
import type { Config, CrossRule, FileReport, Finding, Locale, RawFinding, Rule, RuleSetting, Severity } from './types.js';

export interface Analysis {
  report: Report;
  findings: Finding[];
  /** Internal failures of single rules (the other rules still ran). */
  errors: string[];
}

export interface AnalyzeOptions {
  config?: Config;
  locale?: Locale;
  /**
   * Analyse at most this many characters (the language server's budget per edit): a longer text is analysed up to the
   * last line break before the limit, with one S13 finding that says so; the rules that judge the whole document
   * (missing sections, empty sections, the signature date, the fee statement of 六: `wholeDocument` in their
   * metadata) are not run on the part.
   */
  maxChars?: number;
}

function resolveSetting(config: Config | undefined, rule: { id: string; name: string; severity: Severity }): Severity | 'off' {
  const s: RuleSetting | undefined = config?.rules?.[rule.id] ?? config?.rules?.[rule.name];
  if (s === undefined) return rule.severity;
  switch (s) {
    case 'off':
      return 'off';
    case 'hint':
    case 'info':
    case 'information':
      return 'information';
    case 'warn':
    case 'warning':
      return 'warning';
    case 'error':
      return 'error';
    default:
      return rule.severity;
  }
}

function toFinding(report: Report, rule: { id: string; name: string }, raw: RawFinding, severity: Severity, locale: Locale): Finding {
  const pick = (t: { zh: string; en: string }) => clipMessage(locale === 'en' ? t.en : t.zh);
  let fix = raw.fix;
  let message = pick(raw.message);
  const broken = fix?.values ? brokenBy(report, fix.values) : null;
  if (fix && broken) {
    // The numbers disagree in more than one place: which one is wrong is the writer's call.
    message += locale === 'en'
      ? ` (no quick fix: "${fix.title.en}" would break ${broken.label.en}; check the figures)`
      : `（未提供快速修复：“${fix.title.zh}”会使${broken.label.zh}不再成立，请核对数据）`;
    fix = undefined;
  }
  const f: Finding = {
    code: rule.id,
    name: rule.name,
    severity,
    message,
    span: raw.span,
    range: report.lines.range(raw.span),
  };
  if (fix) f.fix = { title: pick(fix.title), edits: fix.edits.map((e) => ({ span: e.span, range: report.lines.range(e.span), newText: e.newText })) };
  if (raw.data) f.data = raw.data;
  if (raw.related) f.related = raw.related.map((r) => ({ file: r.file, span: r.span, range: r.range ?? report.lines.range(r.span), message: pick(r.message) }));
  return f;
}

function runRule(
  report: Report,
  rule: Rule | CrossRule,
  options: AnalyzeOptions,
  errors: string[],
  out: Finding[],
  run: (ctx: { report(f: RawFinding): void }) => void,
): void {
  const setting = resolveSetting(options.config, rule);
  if (setting === 'off') return;
  const locale = options.locale ?? options.config?.locale ?? 'zh-CN';
  try {
    run({
      report(raw) {
        const line = report.lines.position(raw.span.start).line;
        if (report.suppressions.isDisabled(rule.id, line)) return;
        // A per-finding severity (D04's error/warning cases) holds unless the user set one.
        const userSet = options.config?.rules?.[rule.id] ?? options.config?.rules?.[rule.name];
        const sev = userSet !== undefined ? (setting as Severity) : (raw.severity ?? setting);
        out.push(toFinding(report, rule, raw, sev, locale));
      },
    });
  } catch (e) {
    errors.push(`${rule.id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

export function sortFindings(fs: Finding[]): Finding[] {
  return fs.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

/** Analyses reports, re-parsing only the chunks of text that changed since the last call. */
export class Analyzer {
  readonly parser: BlockParser;
  /** What the model of the last texts read from blocks the parser hands out again (model.ts). */
  private readonly cache: ModelCache = newModelCache();
  constructor(parser = new BlockParser()) {
    this.parser = parser;
  }

  /** Builds the model of a text (cached parse), of at most `maxChars` of it (see AnalyzeOptions). Never throws. */
  model(text: string, maxChars = Infinity): Report {
    let clean = normaliseLineEnds(typeof text === 'string' ? text : String(text ?? ''));
    const limits: Limit[] = [];
    if (clean.length > maxChars) {
      const nl = clean.lastIndexOf('\n', maxChars - 1);
      const cut = nl > 0 ? nl + 1 : maxChars;
      const lastStart = clean.lastIndexOf('\n', cut - 2) + 1;
      limits.push({ kind: 'document', span: { start: lastStart, end: Math.max(lastStart, cut - 1) }, size: clean.length, limit: maxChars });
      clean = clean.slice(0, cut);
    }
    try {
      const parsed = this.parser.parseNoted(clean);
      return buildReport(clean, parsed.blocks, [...limits, ...parsed.limits], this.cache);
    } catch {
      // Not expected (every parse path is bounded and caught), but never a report built from nothing: the text as paragraphs.
      return buildReport(clean, chunkText(clean).map((c) => ({ kind: 'paragraph' as const, span: { start: c.start, end: c.end }, text: c.text, nested: false })), limits);
    }
  }

  analyze(text: string, options: AnalyzeOptions = {}): Analysis {
    const report = this.model(text, options.maxChars);
    return this.check(report, options);
  }

  /** Runs the single-report rules on a model. */
  check(report: Report, options: AnalyzeOptions = {}): Analysis {
    const findings: Finding[] = [];
    const errors: string[] = [];
    const partial = report.limits.some((l) => l.kind === 'document');
    for (const rule of RULES) {
      if (partial && rule.wholeDocument) continue;
      runRule(report, rule, options, errors, findings, (ctx) => rule.check(report, ctx));
    }
    return { report, findings: sortFindings(findings), errors };
  }
}

/** The across-years findings (X01, X02) of each file, given every file of the set. */
export function analyzeAcross(files: FileReport[], options: AnalyzeOptions = {}): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const target of files) {
    const findings: Finding[] = [];
    const errors: string[] = [];
    for (const rule of CROSS_RULES) runRule(target.report, rule, options, errors, findings, (ctx) => rule.check(target, files, ctx));
    out.set(target.file, sortFindings(findings));
  }
  return out;
}

/**
 * Analyses one text with the given analyzer, by default a new one (no state kept between calls). A caller that
 * analyses a text again, or many texts that share chunks, holds its own Analyzer and passes it, for its parse cache.
 */
export function analyzeText(text: string, options: AnalyzeOptions = {}, analyzer: Analyzer = new Analyzer()): Analysis {
  return analyzer.analyze(text, options);
}
