/** Shows the cursor's latitude/longitude (the map centre when the pointer is away) and the zoom. */
import type { IControl, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { formatLatLon } from '../../fleet/format.js';
import { applyTranslations } from '../../i18n/i18n.js';

export class CoordinateReadout implements IControl {
  private container: HTMLElement | null = null;
  private map: MapLibreMap | null = null;
  private cursor: { lat: number; lon: number } | null = null;
  private queued = false;

  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    const container = document.createElement('div');
    container.className = 'maplibregl-ctrl coordinate-readout';
    container.dataset.i18nTitle = 'map.cursor';
    applyTranslations(container);
    this.container = container;
    map.on('mousemove', this.onMove);
    map.on('mouseout', this.onOut);
    map.on('move', this.schedule);
    this.schedule();
    return container;
  }

  onRemove(): void {
    this.map?.off('mousemove', this.onMove);
    this.map?.off('mouseout', this.onOut);
    this.map?.off('move', this.schedule);
    this.container?.remove();
    this.map = null;
  }

  private readonly onMove = (event: MapMouseEvent): void => {
    this.cursor = { lat: event.lngLat.lat, lon: event.lngLat.wrap().lng };
    this.schedule();
  };

  private readonly onOut = (): void => {
    this.cursor = null;
    this.schedule();
  };

  // Mouse moves come faster than frames: write the text once per frame.
  private readonly schedule = (): void => {
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      if (!this.map || !this.container) return;
      const at = this.cursor ?? { lat: this.map.getCenter().lat, lon: this.map.getCenter().wrap().lng };
      this.container.textContent = `${formatLatLon(at.lat, at.lon)} · z${this.map.getZoom().toFixed(1)}`;
    });
  };
}
