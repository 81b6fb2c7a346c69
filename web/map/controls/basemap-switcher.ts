/**
 * The base-map switcher: a list of the offline map, every tile file the server serves and every
 * online source configured, fetched from `/api/tiles`. Remembers the choice on this browser.
 */
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import type { TileCatalogDTO } from '../../../server/protocol-tiles.js';
import { apiJson } from '../../auth/api-fetch.js';
import { onLocaleChange, t } from '../../i18n/i18n.js';
import { basemapChoices, initialChoice, type BasemapChoice } from '../layers/basemap.js';
import { BasemapLoader } from '../layers/basemap-loader.js';

const STORAGE_KEY = 'fleet.basemap';

function remembered(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function remember(id: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // not remembered
  }
}

export class BasemapSwitcher implements IControl {
  private container: HTMLElement | null = null;
  private select: HTMLSelectElement | null = null;
  private stopLocale: (() => void) | null = null;
  private current: BasemapChoice;

  constructor(
    private readonly catalog: TileCatalogDTO,
    private readonly loader: BasemapLoader,
  ) {
    this.current = initialChoice(this.choices(), remembered());
  }

  /** The base map shown now. */
  get choice(): BasemapChoice {
    return this.current;
  }

  onAdd(map: MapLibreMap): HTMLElement {
    const container = document.createElement('div');
    container.className = 'maplibregl-ctrl maplibregl-ctrl-group basemap-switcher';
    const select = document.createElement('select');
    select.className = 'basemap-select';
    // A control group sizes buttons; a list needs its own room.
    Object.assign(select.style, { border: '0', background: 'transparent', font: 'inherit', fontSize: '12px', padding: '4px 6px', maxWidth: '200px' });
    select.addEventListener('change', () => {
      const next = this.choices().find((c) => c.id === select.value);
      if (next) void this.show(next, true);
    });
    container.append(select);
    this.container = container;
    this.select = select;
    this.render();
    this.stopLocale = onLocaleChange(() => this.render());
    const first = (): void => void this.show(this.current, false);
    if (map.isStyleLoaded()) first();
    else map.once('load', first);
    return container;
  }

  onRemove(): void {
    this.stopLocale?.();
    this.container?.remove();
  }

  /** Shows `choice`; an online style that cannot be fetched falls back to the offline map and says so. */
  async show(choice: BasemapChoice, byUser: boolean): Promise<void> {
    this.current = choice;
    if (byUser) remember(choice.id);
    this.render();
    try {
      await this.loader.show(choice);
      if (this.select) this.select.title = t('map.basemap');
    } catch (err) {
      if (this.select) this.select.title = `${t('map.basemapFailed')}: ${(err as Error).message}`;
      this.current = this.choices()[0];
      this.render();
    }
  }

  private choices(): BasemapChoice[] {
    return basemapChoices(this.catalog, t('map.offline'));
  }

  private render(): void {
    const select = this.select;
    if (!select) return;
    select.setAttribute('aria-label', t('map.basemap'));
    select.replaceChildren(
      ...this.choices().map((c) => {
        const option = document.createElement('option');
        option.value = c.id;
        option.textContent = c.title;
        return option;
      }),
    );
    select.value = this.current.id;
  }
}

/** Fetches the base maps on offer and adds the switcher to the map (nothing when the server offers none but the offline map). */
export async function mountBasemapSwitcher(map: MapLibreMap): Promise<BasemapSwitcher | null> {
  let catalog: TileCatalogDTO;
  try {
    catalog = await apiJson<TileCatalogDTO>('/api/tiles');
  } catch {
    return null;
  }
  if (catalog.tilesets.length === 0 && catalog.online.length === 0) return null;
  const switcher = new BasemapSwitcher(catalog, new BasemapLoader(map, location.origin));
  map.addControl(switcher, 'top-right');
  return switcher;
}
