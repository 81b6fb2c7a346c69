/** Small DOM builders for the annotation views (no markup strings, so user text is never parsed as HTML). */

export interface ElProps {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
  data?: Record<string, string>;
}

/** An HTML element with class, text, attributes, data-* and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElProps = {}, children: (Node | null)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const [k, v] of Object.entries(props.data ?? {})) node.dataset[k] = v;
  for (const child of children) if (child) node.append(child);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** A button with a data-i18n key (translated by applyTranslations) or plain text. */
export function button(props: ElProps & { i18n?: string; title?: string; primary?: boolean }): HTMLButtonElement {
  const b = el('button', { ...props, class: [props.class, props.primary ? 'primary' : ''].filter(Boolean).join(' '), attrs: { type: 'button', ...props.attrs } });
  if (props.i18n) b.dataset.i18n = props.i18n;
  if (props.title) b.title = props.title;
  return b;
}

/** The element with this id, which the page markup must have. */
export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`page markup lacks #${id}`);
  return node as T;
}
