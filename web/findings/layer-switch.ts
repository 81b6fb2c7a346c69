/**
 * A map control with check boxes for the findings and photo footprints layers; the choice is
 * remembered in the browser.
 */
import type { IControl } from 'maplibre-gl';
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { el } from '../annotate/dom.js';

export type SwitchableLayer = 'findings' | 'footprints';

const STORAGE_KEY = 'fleet.mapLayers';
const DEFAULTS: Record<SwitchableLayer, boolean> = { findings: true, footprints: false };

function readChoice(): Record<SwitchableLayer, boolean> {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<Record<SwitchableLayer, unknown>>;
    return {
      findings: typeof stored.findings === 'boolean' ? stored.findings : DEFAULTS.findings,
      footprints: typeof stored.footprints === 'boolean' ? stored.footprints : DEFAULTS.footprints,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export class LayerSwitch implements IControl {
  private readonly container: HTMLElement;
  private readonly choice = readChoice();

  constructor(private readonly onChange: (layer: SwitchableLayer, on: boolean) => void) {
    const row = (layer: SwitchableLayer, key: MessageKey): HTMLElement => {
      const box = el('input', { attrs: { type: 'checkbox', id: `layer-${layer}` } });
      box.checked = this.choice[layer];
      box.addEventListener('change', () => {
        this.choice[layer] = box.checked;
        try {
          localStorage.setItem(STORAGE_KEY, JSON.stringify(this.choice));
        } catch {
          // kept for this page only
        }
        this.onChange(layer, box.checked);
      });
      return el('label', { class: 'layer-switch-row' }, [box, el('span', { text: t(key), data: { i18n: key } })]);
    };
    this.container = el('div', { class: 'maplibregl-ctrl maplibregl-ctrl-group layer-switch' }, [
      row('findings', 'findings.layer'),
      row('footprints', 'findings.footprintsLayer'),
    ]);
  }

  /** Whether a layer is switched on. */
  isOn(layer: SwitchableLayer): boolean {
    return this.choice[layer];
  }

  onAdd(): HTMLElement {
    return this.container;
  }

  onRemove(): void {
    this.container.remove();
  }
}
