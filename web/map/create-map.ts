/** Creates the MapLibre map with the offline style, the layer modules, icons and controls. */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { ServerConfigDTO } from '../../server/protocol.js';
import { mountBasemapSwitcher } from './controls/basemap-switcher.js';
import { CoordinateReadout } from './controls/coordinate-readout.js';
import { FitFleetButton } from './controls/fit-fleet.js';
import type { MapLayerModule } from './layer-module.js';
import { buildStyle } from './offline-style.js';
import { ICON_PIXEL_RATIO, vehicleIcons } from './vehicle-icons.js';

// The worker is a separate same-origin module; without this the map never loads under Vite.
maplibregl.setWorkerUrl(workerUrl);

export interface CreateMapOptions {
  container: HTMLElement;
  config: ServerConfigDTO;
  modules: readonly MapLayerModule[];
  onFitFleet(): void;
}

/** Zoom the map opens at around the configured centre. */
export const START_ZOOM = 14;

export function createMap({ container, config, modules, onFitFleet }: CreateMapOptions): maplibregl.Map {
  const map = new maplibregl.Map({
    container,
    style: buildStyle(modules),
    center: [config.center.lon, config.center.lat],
    zoom: START_ZOOM,
    attributionControl: { compact: true },
    maplibreLogo: false,
    // No symbol fade: icons appear when their data does.
    fadeDuration: 0,
    pitchWithRotate: false,
  });

  const icons = new Map(vehicleIcons().map((icon) => [icon.id, icon.image]));
  const addIcon = (id: string): void => {
    const image = icons.get(id);
    if (image && !map.hasImage(id)) map.addImage(id, image, { sdf: true, pixelRatio: ICON_PIXEL_RATIO });
  };
  // Images are made on demand, so a style reload brings them back too.
  map.on('styleimagemissing', (event) => addIcon(event.id));
  map.on('load', () => icons.forEach((_image, id) => addIcon(id)));

  map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-right');
  map.addControl(new FitFleetButton(onFitFleet), 'top-right');
  void mountBasemapSwitcher(map);
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
  map.addControl(new CoordinateReadout(), 'bottom-left');
  return map;
}
