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

/**
 * The settings in force: the client's `xxgk.*` per document (asked once per document, until they change), the
 * workspace's `.xxgkrc.json` (read only in a trusted workspace) and the languages they choose.
 */
export class SettingsStore {
  private cache = new Map<string, Promise<Settings>>();
  private rc: RcFile = {};
  private rcWarned = false;
  /** The last `.xxgkrc.json` read, in order: a reload never finishes before the one it replaced. */
  private rcLoad: Promise<void> = Promise.resolve();
  /** The client's `workspace/configuration`, when it has it (DEFAULTS otherwise). */
  fetch: ((uri: string) => Promise<unknown>) | undefined;
  clientLocale: string | undefined;
  folders: string[] = [];
  /**
   * Whether the workspace is trusted (the client says so; a client that knows no workspace trust is trusted). In
   * Restricted Mode the workspace's `.xxgkrc.json` is not read at all: a folder someone sent cannot configure, hang or
   * flood the server through it.
   */
  trusted = true;

  /** `warn` shows a problem with `.xxgkrc.json` to the user (once, until the file changes or trust does). */
  constructor(private readonly warn: (message: string) => void) {}

  get(uri: string): Promise<Settings> {
    const fetch = this.fetch;
    if (!fetch) return Promise.resolve(DEFAULTS);
    let p = this.cache.get(uri);
    if (!p) {
      p = fetch(uri).then(normalizeSettings, () => DEFAULTS);
      this.cache.set(uri, p);
    }
    return p;
  }

  localeOf(s: Settings): Locale {
    return pickLocale(s.locale, this.rc, this.clientLocale);
  }

  config(s: Settings, locale: Locale): Config {
    return toConfig(s, this.rc, locale);
  }

  /** The language of messages that belong to no document (progress, warnings): the first folder's settings. */
  async serverLocale(): Promise<Locale> {
    return this.localeOf(await this.get(this.folders[0] ?? ''));
  }

  /** Reads `.xxgkrc.json` again (the first folder's that sets something); `rewarn` shows its problem again. */
  reloadRc(rewarn = false): Promise<void> {
    if (rewarn) this.rcWarned = false;
    const load = async () => {
      let next: RcFile = {};
      if (this.trusted) {
        for (const f of this.folders) {
          const r = await readRc(f);
          if (r.error && !this.rcWarned) {
            this.rcWarned = true;
            const error = r.error;
            void this.serverLocale().then((l) => this.warn(`xxgk-report: ${l === 'en' ? error.en : error.zh}`));
          }
          if (r.rules || r.locale) {
            next = r;
            break;
          }
        }
      }
      this.rc = next;
    };
    this.rcLoad = this.rcLoad.then(load, load);
    return this.rcLoad;
  }

  /** Forgets every document's settings (they changed). */
  clear(): void {
    this.cache.clear();
  }

  delete(uri: string): void {
    this.cache.delete(uri);
  }

  get size(): number {
    return this.cache.size;
  }
}
