/**
 * The top bar's Fleet | Plan | Annotate | Review switch. The view is kept in the address (`#plan`), so a reload or a
 * shared link opens the same view; the body's `data-view` shows the matching panel.
 */

export const VIEWS = ['fleet', 'plan', 'annotate', 'review'] as const;
export type View = (typeof VIEWS)[number];

/** The view an address hash asks for. */
export function viewFromHash(hash: string): View {
  const name = hash.replace(/^#/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'fleet';
}

export interface ViewSwitch {
  current(): View;
  set(view: View): void;
}

/** Binds the switch's buttons (`[data-view-button]`); `onChange` runs after every switch, and once now. */
export function bindViewSwitch(root: HTMLElement, onChange: (view: View) => void): ViewSwitch {
  let view: View = viewFromHash(location.hash);
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('[data-view-button]')];
  const apply = (): void => {
    document.body.dataset.view = view;
    for (const b of buttons) b.setAttribute('aria-selected', String(b.dataset.viewButton === view));
    onChange(view);
  };
  const set = (next: View): void => {
    if (next === view) return;
    view = next;
    history.replaceState(null, '', next === 'fleet' ? location.pathname + location.search : `#${next}`);
    apply();
  };
  for (const b of buttons) b.addEventListener('click', () => set(b.dataset.viewButton as View));
  window.addEventListener('hashchange', () => set(viewFromHash(location.hash)));
  apply();
  return { current: () => view, set };
}
