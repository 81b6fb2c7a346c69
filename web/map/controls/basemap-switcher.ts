/** Chooses between the offline map and the configured online tiles; remembers the choice. */
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { BASEMAP_LAYER } from '../layers/basemap.js';
import { applyTranslations } from '../../i18n/i18n.js';

export type BasemapChoice = 'offline' | 'online';

const STORAGE_KEY = 'fleet.basemap';

function stored(): BasemapChoice {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'offline' ? 'offline' : 'online';
  } catch {
    return 'online';
  }
}

export class BasemapSwitcher implements IControl {
  private container: HTMLElement | null = null;
  private map: MapLibreMap | null = null;
  private choice: BasemapChoice = stored();

  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    const container = document.createElement('div');
    container.className = 'maplibregl-ctrl maplibregl-ctrl-group basemap-switcher';
    container.setAttribute('role', 'radiogroup');
    container.dataset.i18nAriaLabel = 'map.basemap';
    for (const choice of ['offline', 'online'] as const) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.choice = choice;
      button.dataset.i18n = choice === 'offline' ? 'map.offline' : 'map.online';
      button.setAttribute('role', 'radio');
      button.addEventListener('click', () => this.set(choice));
      container.append(button);
    }
    applyTranslations(container);
    this.container = container;
    this.apply();
    return container;
  }

  onRemove(): void {
    this.container?.remove();
    this.map = null;
  }

  private set(choice: BasemapChoice): void {
    this.choice = choice;
    try {
      localStorage.setItem(STORAGE_KEY, choice);
    } catch {
      // not remembered
    }
    this.apply();
  }

  private apply(): void {
    for (const button of this.container?.querySelectorAll<HTMLButtonElement>('button') ?? []) {
      button.setAttribute('aria-checked', String(button.dataset.choice === this.choice));
    }
    const map = this.map;
    if (!map) return;
    const visibility = this.choice === 'online' ? 'visible' : 'none';
    // The layer exists once the style has loaded.
    if (map.getLayer(BASEMAP_LAYER)) map.setLayoutProperty(BASEMAP_LAYER, 'visibility', visibility);
    else map.once('load', () => map.setLayoutProperty(BASEMAP_LAYER, 'visibility', visibility));
  }
}
