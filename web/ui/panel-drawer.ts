/**
 * Opens and closes the fleet panel. Wide screens show it beside the map; narrow ones
 * (phones, portrait tablets) start with it closed, as a drawer over the map.
 */

/** Keep in step with the breakpoint in app.css. */
export const NARROW_QUERY = '(max-width: 700px)';

export interface PanelDrawer {
  isOpen(): boolean;
  setOpen(open: boolean): void;
  /** True while the screen is narrow. */
  isNarrow(): boolean;
}

/** `onChange` runs after each later open or close (not for the initial state). */
export function bindPanelDrawer(toggle: HTMLButtonElement, onChange: () => void): PanelDrawer {
  const narrow = matchMedia(NARROW_QUERY);
  let open = !narrow.matches;
  const apply = (notify = true): void => {
    document.body.classList.toggle('panel-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    if (notify) onChange();
  };
  toggle.addEventListener('click', () => {
    open = !open;
    apply();
  });
  narrow.addEventListener('change', () => {
    open = !narrow.matches;
    apply();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && narrow.matches && open) {
      open = false;
      apply();
    }
  });
  apply(false);
  return {
    isOpen: () => open,
    setOpen(next) {
      if (next === open) return;
      open = next;
      apply();
    },
    isNarrow: () => narrow.matches,
  };
}
