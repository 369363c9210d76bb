/** Settings (resource-scoped `xxgk.*`) and the workspace file `.xxgkrc.json`, merged into a core Config. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config, Locale, RuleSetting } from '../core/index.js';
import { FileError, readRegularFile } from '../io/files.js';

export interface Settings {
  rules: Record<string, RuleSetting>;
  run: 'onType' | 'onSave';
  inlayHints: { enabled: boolean };
  locale: 'auto' | 'zh-CN' | 'en';
  debounceMs: number;
}

export const DEFAULTS: Settings = { rules: {}, run: 'onType', inlayHints: { enabled: true }, locale: 'zh-CN', debounceMs: 150 };

export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Settings>;
  return {
    rules: r.rules && typeof r.rules === 'object' ? r.rules : {},
    run: r.run === 'onSave' ? 'onSave' : 'onType',
    inlayHints: { enabled: r.inlayHints?.enabled !== false },
    locale: r.locale === 'auto' || r.locale === 'en' ? r.locale : 'zh-CN',
    debounceMs: typeof r.debounceMs === 'number' && r.debounceMs >= 0 && r.debounceMs <= 5000 ? r.debounceMs : DEFAULTS.debounceMs,
  };
}

export interface RcFile {
  rules?: Record<string, RuleSetting>;
  locale?: Locale;
  /** Problem reading the file, shown to the user once, in either language. */
  error?: { zh: string; en: string };
}

export const RC_NAME = '.xxgkrc.json';
/** `.xxgkrc.json` is a few rule settings: read only when a regular file of at most this size, within RC_TIMEOUT_MS. */
export const RC_LIMIT = 64 * 1024;
export const RC_TIMEOUT_MS = 2000;

/**
 * Reads a workspace folder's `.xxgkrc.json`: only a regular file (a symlink to one), at most RC_LIMIT bytes, within
 * RC_TIMEOUT_MS; a FIFO or /dev/zero there is refused, never waited on. Never throws.
 */
export async function readRc(folderUri: string): Promise<RcFile> {
  let path: string;
  try {
    path = join(fileURLToPath(folderUri), RC_NAME);
  } catch {
    return {};
  }
  let text: string;
  try {
    text = (await readRegularFile(path, { maxBytes: RC_LIMIT, timeoutMs: RC_TIMEOUT_MS })).bytes.toString('utf8').replace(/^\ufeff/, '');
  } catch (e) {
    if (e instanceof FileError && e.code !== 'not-found') return { error: { zh: `${e.zh}；工作区设置未采用`, en: `${e.en}; the workspace settings are not used` } };
    return {};
  }
  try {
    const j = JSON.parse(text) as RcFile;
    if (!j || typeof j !== 'object') return { error: { zh: `${RC_NAME}：不是 JSON 对象`, en: `${RC_NAME}: not a JSON object` } };
    return { rules: j.rules && typeof j.rules === 'object' ? j.rules : undefined, locale: j.locale === 'en' || j.locale === 'zh-CN' ? j.locale : undefined };
  } catch (e) {
    const m = (e as Error).message.slice(0, 200);
    return { error: { zh: `${RC_NAME}：${m}`, en: `${RC_NAME}: ${m}` } };
  }
}

/**
 * The language of the messages. Chinese unless asked otherwise: the reports, their labels and their authors are
 * Chinese, whatever language the editor speaks. `en` is English; a workspace's `.xxgkrc.json` locale applies unless
 * the setting chose `en` or `auto`; `auto` follows the editor's display language (`en`, `zh-cn`, …).
 */
export function pickLocale(setting: Settings['locale'], rc: RcFile, clientLocale: string | undefined): Locale {
  if (setting === 'en') return 'en';
  if (rc.locale) return rc.locale;
  if (setting === 'auto') return clientLocale && /^en/i.test(clientLocale) ? 'en' : 'zh-CN';
  return 'zh-CN';
}

export function toConfig(s: Settings, rc: RcFile, locale: Locale): Config {
  return { rules: { ...(rc.rules ?? {}), ...s.rules }, locale };
}
