/** Small DOM helpers for the flight and watch panels. */
import type { MessageKey } from '../i18n/translate.js';

/** An element with a class, and optionally an id (also its `data-testid`) and a translated text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', opts: { id?: string; i18n?: MessageKey } = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (opts.id) {
    node.id = opts.id;
    node.dataset.testid = opts.id;
  }
  if (opts.i18n) node.dataset.i18n = opts.i18n;
  return node;
}

/** A button with a translated label. */
export function button(id: string, i18n: MessageKey, className = ''): HTMLButtonElement {
  const b = el('button', className, { id, i18n });
  b.type = 'button';
  return b;
}

/** Writes text only when it differs, so unchanged values cost no layout. */
export function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
