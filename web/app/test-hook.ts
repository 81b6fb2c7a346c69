/**
 * A small read-only window onto the dashboard for end-to-end tests and for debugging
 * from the console. It exposes nothing the page does not already show.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { VehicleDTO } from '../../server/protocol.js';
import type { FleetStore } from '../fleet/store.js';

export interface FleetTestHook {
  map: MapLibreMap;
  /** True once the map's style and icons have loaded. */
  mapReady(): boolean;
  /** Vehicles in the store. */
  vehicleCount(): number;
  /** Rows the list holds (virtualised: not all are in the DOM). */
  listedCount(): number;
  /** Distinct vehicle ids in the map's `vehicles` source, with their drawn positions. */
  mapVehicles(): Record<string, [number, number]>;
  selectedId(): string | null;
  /** One vehicle as the dashboard holds it (position, mission progress…). */
  vehicle(id: string): VehicleDTO | undefined;
}

declare global {
  interface Window {
    __fleet?: FleetTestHook;
  }
}

export function installTestHook(parts: {
  map: MapLibreMap;
  store: FleetStore;
  mapReady(): boolean;
  listedCount(): number;
  selectedId(): string | null;
}): void {
  window.__fleet = {
    map: parts.map,
    mapReady: parts.mapReady,
    vehicleCount: () => parts.store.size,
    listedCount: parts.listedCount,
    selectedId: parts.selectedId,
    vehicle: (id) => parts.store.get(id),
    mapVehicles() {
      const out: Record<string, [number, number]> = {};
      if (!parts.map.getSource('vehicles')) return out;
      // A point can sit in several tiles; key by id to count each vehicle once.
      for (const feature of parts.map.querySourceFeatures('vehicles')) {
        const id = feature.properties?.id as string | undefined;
        if (id && feature.geometry.type === 'Point') out[id] = feature.geometry.coordinates as [number, number];
      }
      return out;
    },
  };
}
