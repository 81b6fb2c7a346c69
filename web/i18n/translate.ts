/**
 * Pure translation helpers: locale choice and message formatting, no DOM or storage,
 * so they run in unit tests as well as in the browser.
 */
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export type { MessageKey } from './en.js';

/** The UI languages offered. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Message tables by locale. */
export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** True when `key` names a UI string (for keys built from data, such as a GPS fix number). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** Values substituted for `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

/** Translates `key` in `locale`, filling `{name}` placeholders from `params`. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = MESSAGES[locale][key] ?? en[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translate function bound to one locale. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** Binds `translate` to a locale. */
export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/**
 * Picks the UI locale: a stored choice wins, then the first browser language we speak
 * (any Chinese variant maps to Simplified Chinese), then English.
 */
export function pickLocale(stored: string | null, browserLanguages: readonly string[]): Locale {
  if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  for (const lang of browserLanguages) {
    const lower = lang.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** The placeholder names used in a message, sorted (for parity checks between locales). */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}
