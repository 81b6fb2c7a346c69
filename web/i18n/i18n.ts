/**
 * The page's current language: remembers the choice in localStorage, translates
 * `data-i18n` elements, and tells listeners when the language changes.
 */
import { pickLocale, translator, type Locale, type MessageKey, type MessageParams, type Translate } from './translate.js';

const STORAGE_KEY = 'fleet.locale';

let current: Locale = 'en';
let bound: Translate = translator('en');
const listeners = new Set<() => void>();

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage can be disabled; the browser language still applies
  }
}

/** Chooses the starting language from storage and `navigator.languages`. */
export function initLocale(): Locale {
  setLocale(pickLocale(readStored(), navigator.languages ?? [navigator.language]), false);
  return current;
}

/** The active language. */
export function locale(): Locale {
  return current;
}

/** Translates a key in the active language. */
export function t(key: MessageKey, params?: MessageParams): string {
  return bound(key, params);
}

/** Switches language, re-translates the page and notifies listeners; `remember` stores the choice. */
export function setLocale(next: Locale, remember = true): void {
  current = next;
  bound = translator(next);
  document.documentElement.lang = next;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered; still switched for this page
    }
  }
  applyTranslations(document.body);
  for (const listener of listeners) listener();
}

/** Calls `listener` after every language change; returns an unsubscribe function. */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Fills static text: `data-i18n="key"` sets the text, `data-i18n-title` and
 * `data-i18n-aria-label` set those attributes.
 */
export function applyTranslations(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel as MessageKey));
  }
}
