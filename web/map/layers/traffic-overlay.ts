/**
 * Keeps the traffic layer current on a live map from `traffic:update` messages, and shows an
 * aircraft's callsign and details in a popup on hover (pinned by a click, closed by a click elsewhere).
 */
import * as maplibregl from 'maplibre-gl';
import type { TrafficUpdateDTO } from '../../../server/protocol-traffic.js';
import { ICON_PIXEL_RATIO } from '../vehicle-icons.js';
import { AIRCRAFT_ICON, aircraftIcon, describeAircraft, mergePictures, TRAFFIC_HIT_LAYERS, trafficData, WARNING_COLOR, type PositionOf } from './traffic.js';

/** A source silent this long (its server gone) no longer counts. */
const SOURCE_STALE_MS = 3000;

export class TrafficOverlay {
  private last: TrafficUpdateDTO = { source: '', t: 0, aircraft: [], alerts: [] };
  /** The latest picture of each source, with when it came (performance.now()). */
  private readonly sources = new Map<string, { update: TrafficUpdateDTO; at: number }>();
  private readonly popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 14, className: 'traffic-popup' });
  private shown: string | null = null;
  private pinned = false;

  constructor(
    private readonly map: maplibregl.Map,
    private readonly positionOf: PositionOf,
  ) {
    map.on('styleimagemissing', (e) => {
      if (e.id === AIRCRAFT_ICON && !map.hasImage(AIRCRAFT_ICON)) map.addImage(AIRCRAFT_ICON, aircraftIcon(), { sdf: true, pixelRatio: ICON_PIXEL_RATIO });
    });
    for (const layer of TRAFFIC_HIT_LAYERS) {
      map.on('mousemove', layer, (e) => {
        map.getCanvas().style.cursor = 'pointer';
        if (!this.pinned) this.show(e.features?.[0]?.properties?.icao as string | undefined);
      });
      map.on('mouseleave', layer, () => {
        map.getCanvas().style.cursor = '';
        if (!this.pinned) this.hide();
      });
    }
    map.on('click', (e) => {
      const hit = map.queryRenderedFeatures(e.point, { layers: TRAFFIC_HIT_LAYERS })[0];
      const icao = hit?.properties?.icao as string | undefined;
      this.pinned = icao !== undefined;
      if (icao) this.show(icao);
      else this.hide();
    });
  }

  /** Draws one source's update merged with the others' (and refreshes an open popup). */
  update(update: TrafficUpdateDTO): void {
    const now = performance.now();
    this.sources.set(update.source, { update, at: now });
    for (const [source, { at }] of this.sources) if (now - at > SOURCE_STALE_MS) this.sources.delete(source);
    this.last = mergePictures([...this.sources.values()].map((s) => s.update));
    const data = trafficData(update, this.positionOf);
    for (const [id, fc] of Object.entries(data)) void this.map.getSource<maplibregl.GeoJSONSource>(id)?.setData(fc);
    if (this.shown) this.show(this.shown);
  }

  private show(icao: string | undefined): void {
    const a = icao ? this.last.aircraft.find((x) => x.icao === icao) : undefined;
    if (!a) return this.hide();
    this.shown = a.icao;
    const d = describeAircraft(a, this.last.alerts);
    const root = document.createElement('div');
    const title = document.createElement('strong');
    title.textContent = d.title;
    root.append(title);
    for (const line of d.lines) root.append(Object.assign(document.createElement('div'), { textContent: line }));
    for (const w of d.warnings) {
      const warning = Object.assign(document.createElement('div'), { textContent: w, className: 'traffic-warning' });
      warning.style.color = WARNING_COLOR;
      root.append(warning);
    }
    this.popup.setLngLat([a.lon, a.lat]).setDOMContent(root);
    if (!this.popup.isOpen()) this.popup.addTo(this.map);
  }

  private hide(): void {
    this.shown = null;
    this.popup.remove();
  }
}
