/**
 * The extension's messages in the language the user chose: Chinese by default (the reports, their labels and their
 * authors are Chinese, whatever language VS Code speaks), English when `xxgk.locale` is `en`, and VS Code's display
 * language when it is `auto`. The Chinese texts are those of l10n/bundle.l10n.zh-cn.json, which VS Code itself uses
 * for a Chinese display language; the English texts are the source strings.
 */
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let zh: Record<string, string> = {};

/** Loads the Chinese bundle (once, at activation). */
export function initL10n(extensionPath: string): void {
  try {
    zh = JSON.parse(readFileSync(join(extensionPath, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  } catch {
    zh = {};
  }
}

/** The language of the messages now: 'zh-CN' or 'en'. */
export function messageLocale(): 'zh-CN' | 'en' {
  const setting = vscode.workspace.getConfiguration('xxgk').get<string>('locale', 'zh-CN');
  if (setting === 'en') return 'en';
  if (setting === 'auto') return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  return 'zh-CN';
}

const format = (s: string, args: unknown[]) => s.replace(/\{(\d+)\}/g, (m, i) => (Number(i) < args.length ? String(args[Number(i)]) : m));

/** vscode.l10n.t's signature (message with {0}, {1} … placeholders), in the language of messageLocale(). */
export function t(message: string, ...args: (string | number | boolean)[]): string {
  return format(messageLocale() === 'zh-CN' ? (zh[message] ?? message) : message, args);
}
