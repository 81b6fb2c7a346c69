/**
 * Other traffic: aircraft heard over ADS-B as purple aircraft icons pointing along their course,
 * red with a warning ring while one is within warning distance of a drone, and a red ring on the
 * drone it threatens. Callsign and details on hover, pinned by a click.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { AircraftDTO, TrafficAlertDTO, TrafficUpdateDTO } from '../../../server/protocol-traffic.js';
import { t } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/translate.js';
import { emptyGeoJsonSource, type MapLayerModule } from '../layer-module.js';
import { polygonSdf, type SdfImage } from '../vehicle-icons.js';

export const AIRCRAFT_ICON = 'traffic-aircraft';
export const TRAFFIC_COLOR = '#6741d9';
export const WARNING_COLOR = '#e03131';
/** Layers a hover or click can hit. */
export const TRAFFIC_HIT_LAYERS = ['traffic-icon'];

/** An aircraft seen from above, nose up, centred so rotation turns it in place. */
const AIRCRAFT: readonly (readonly [number, number])[] = [
  [32, 4], [36, 13], [36, 24], [58, 36], [58, 42], [36, 35], [35, 50], [43, 56], [43, 60], [32, 57],
  [21, 60], [21, 56], [29, 50], [28, 35], [6, 42], [6, 36], [28, 24], [28, 13],
];

/** The aircraft icon as a signed distance field (coloured by the layer). */
export function aircraftIcon(): SdfImage {
  return polygonSdf(AIRCRAFT, 64);
}

export const trafficLayer: MapLayerModule = {
  name: 'traffic',
  sources: { traffic: emptyGeoJsonSource(), 'traffic-warnings': emptyGeoJsonSource() },
  layers: [
    {
      id: 'traffic-drone-ring',
      type: 'circle',
      source: 'traffic-warnings',
      paint: { 'circle-radius': 22, 'circle-color': WARNING_COLOR, 'circle-opacity': 0.08, 'circle-stroke-color': WARNING_COLOR, 'circle-stroke-width': 2.5 },
    },
    {
      id: 'traffic-alert-ring',
      type: 'circle',
      source: 'traffic',
      filter: ['get', 'alert'],
      paint: { 'circle-radius': 20, 'circle-color': WARNING_COLOR, 'circle-opacity': 0.12, 'circle-stroke-color': WARNING_COLOR, 'circle-stroke-width': 3 },
    },
    {
      id: 'traffic-icon',
      type: 'symbol',
      source: 'traffic',
      layout: {
        'icon-image': AIRCRAFT_ICON,
        'icon-size': 0.8,
        'icon-rotate': ['get', 'heading'],
        'icon-rotation-alignment': 'map',
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
      paint: { 'icon-color': ['case', ['get', 'alert'], WARNING_COLOR, TRAFFIC_COLOR], 'icon-halo-color': '#ffffff', 'icon-halo-width': 2 },
    },
  ],
  dependsOn: [],
};

/**
 * One picture from the latest of each source (server instances sharing a fan-out each send
 * theirs): every aircraft once, from its newest report, and every warning.
 */
export function mergePictures(pictures: readonly TrafficUpdateDTO[]): TrafficUpdateDTO {
  const aircraft = new Map<string, AircraftDTO>();
  for (const p of pictures) {
    for (const a of p.aircraft) {
      const known = aircraft.get(a.icao);
      if (!known || known.seenAt < a.seenAt) aircraft.set(a.icao, a);
    }
  }
  return { source: '', t: Math.max(0, ...pictures.map((p) => p.t)), aircraft: [...aircraft.values()], alerts: pictures.flatMap((p) => p.alerts) };
}

/** Where a drone is drawn now, by vehicle id. */
export type PositionOf = (vehicleId: string) => { lat: number; lon: number } | null | undefined;

/** The GeoJSON for one traffic update: aircraft (with `alert`), and the positions of threatened drones. */
export function trafficData(update: TrafficUpdateDTO, positionOf: PositionOf): { traffic: FeatureCollection<Point>; 'traffic-warnings': FeatureCollection<Point> } {
  const alerted = new Set(update.alerts.map((a) => a.icao));
  const aircraft: Feature<Point>[] = update.aircraft.map((a) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
    properties: { icao: a.icao, heading: a.heading ?? 0, alert: alerted.has(a.icao) },
  }));
  const drones: Feature<Point>[] = [];
  for (const id of new Set(update.alerts.map((a) => a.vehicleId))) {
    const p = positionOf(id);
    if (p) drones.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { vehicleId: id } });
  }
  return { traffic: { type: 'FeatureCollection', features: aircraft }, 'traffic-warnings': { type: 'FeatureCollection', features: drones } };
}

const KINDS: Record<string, MessageKey> = { rotorcraft: 'traffic.kind.rotorcraft', light: 'traffic.kind.light', small: 'traffic.kind.light', ultralight: 'traffic.kind.light', glider: 'traffic.kind.light' };

/** The popup's text lines for an aircraft and its active warnings. */
export function describeAircraft(a: AircraftDTO, alerts: readonly TrafficAlertDTO[]): { title: string; lines: string[]; warnings: string[] } {
  const lines = [`${t(KINDS[a.emitter] ?? 'traffic.kind.other')} · ICAO ${a.icao}`];
  if (a.altitude !== null) lines.push(t('traffic.altitude', { alt: Math.round(a.altitude) }));
  if (a.speed !== null) lines.push(t('traffic.speed', { speed: Math.round(a.speed * 3.6), heading: Math.round(a.heading ?? 0) }));
  const warnings = alerts
    .filter((w) => w.icao === a.icao)
    .map((w) => t('traffic.near', { vehicle: w.vehicleName, distance: w.distanceM, vertical: w.verticalM === null ? '?' : `${w.verticalM > 0 ? '+' : ''}${w.verticalM}` }));
  return { title: a.callsign ?? a.icao, lines, warnings };
}
