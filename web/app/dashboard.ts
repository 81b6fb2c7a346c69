/**
 * Wires the dashboard together (once signed in): config, store, map and its layer modules, list,
 * details, the Plan view, connection and language. Incoming data only marks things dirty; one
 * throttled tick (at most every 100 ms) redraws the map sources, the list and the details.
 */
import * as maplibregl from 'maplibre-gl';
import { DetailsPanel } from '../fleet/details.js';
import { FleetList } from '../fleet/list.js';
import { FleetStore, type FleetChanges } from '../fleet/store.js';
import { FlightDeck } from '../fly/flight-deck.js';
import { vehicleStatus } from '../fleet/vehicle-status.js';
import { onLocaleChange, t } from '../i18n/i18n.js';
import { createMap } from '../map/create-map.js';
import type { MapChange, MapLayerModule, MapRenderState } from '../map/layer-module.js';
import { LayerRegistry } from '../map/layer-registry.js';
import { graticuleLayer } from '../map/layers/graticule.js';
import { fetchWorld, showWorld, worldLayer } from '../map/layers/world.js';
import { siteLayers } from '../map/layers/site-layers.js';
import { SiteLayersLoader } from '../map/layers/site-layers-loader.js';
import { trafficLayer } from '../map/layers/traffic.js';
import { TrafficOverlay } from '../map/layers/traffic-overlay.js';
import { trailsLayer } from '../map/layers/trails.js';
import { VEHICLE_HIT_LAYERS, vehiclesLayer } from '../map/layers/vehicles.js';
import { SelectedLabel } from '../map/selected-label.js';
import { fetchConfig } from '../net/api.js';
import { connectFleet } from '../net/socket.js';
import { PLAN_LAYERS } from '../plan/plan-map.js';
import { ANNOTATION_LAYERS, startAnnotationViews } from '../annotate/annotation-views.js';
import { PlanView } from '../plan/plan-view.js';
import { ConnectionIndicator } from '../ui/connection-indicator.js';
import { bindPanelDrawer } from '../ui/panel-drawer.js';
import { installTestHook } from './test-hook.js';
import { throttle } from './throttle.js';
import { bindViewSwitch } from './view-switch.js';

/** Redraw at most this often; see the speed notes: per-message redraws starve the page. */
const TICK_MS = 100;
/** Zoom used when jumping to one vehicle, unless already closer. */
const FOCUS_ZOOM = 15;
/** Margin around framed vehicles, on top of the map's padding; the map controls sit right. */
const FRAME_MARGIN: maplibregl.PaddingOptions = { top: 60, bottom: 60, left: 50, right: 80 };

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`dashboard markup lacks #${id}`);
  return el as T;
}

/** What the app shell gives the dashboard. */
export interface DashboardShell {
  /** The server says nobody is signed in any more (the live connection was refused). */
  onSessionEnded(): void;
}

/** What the app shell may ask of the running dashboard. */
export interface Dashboard {
  /** Reconnects the live feed after signing in again. */
  reconnect(): void;
}

export async function startDashboard(shell: DashboardShell): Promise<Dashboard> {
  const indicator = new ConnectionIndicator(byId('connection'));

  const config = await fetchConfig();
  // Asked for at once, with the config, rather than whenever the map has loaded.
  const world = config.world ? fetchWorld() : Promise.resolve(null);
  const store = new FleetStore();
  const deck = new FlightDeck({ store, requestTick: () => tick.request(), select: (id, focus) => select(id, focus) });
  const modules: MapLayerModule[] = [
    graticuleLayer,
    ...(config.world ? [worldLayer] : []),
    siteLayers,
    ...PLAN_LAYERS,
    ...ANNOTATION_LAYERS,
    deck.layers.plannedPath,
    trailsLayer,
    deck.layers.alerts,
    vehiclesLayer,
    trafficLayer,
  ];

  let selectedId: string | null = null;
  let mapReady = false;
  // Until the user moves the map or selects a vehicle, the view frames the fleet each time
  // more vehicles report a position (drones come online one by one).
  let autoFit = true;
  let framedCount = 0;
  const pendingMap = new Set<MapChange>(['view']);
  const panel = byId('panel');
  const summary = byId('fleet-summary');

  const map = createMap({ container: byId('map'), config, modules, onFitFleet: () => void fitFleet(true) });
  const registry = new LayerRegistry(map, modules);
  const label = new SelectedLabel(map);
  // The map's own padding keeps the panel's side out of centring and framing.
  const panelPadding = (): maplibregl.PaddingOptions => {
    const covering = drawer.isOpen() && !drawer.isNarrow();
    return { top: 0, bottom: 0, right: 0, left: covering ? panel.offsetWidth + 10 : 0 };
  };
  const drawer = bindPanelDrawer(byId<HTMLButtonElement>('panel-toggle'), () => {
    map.resize();
    map.easeTo({ padding: panelPadding(), duration: 200 });
  });
  map.setPadding(panelPadding());

  const select = (id: string | null, focus: boolean): void => {
    if (id === selectedId) {
      if (focus && id) focusVehicle(id);
      return;
    }
    if (selectedId) connection.unwatch(selectedId);
    selectedId = id;
    list.select(id);
    details.show(id);
    deck.select(id);
    label.update(id ? store.get(id) : undefined);
    pendingMap.add('selection');
    tick.request();
    if (!id) return;
    autoFit = false;
    void connection.watch(id).then((v) => {
      if (v && v.id === selectedId) {
        store.upsert(v, performance.now());
        tick.request();
      }
    });
    if (focus) focusVehicle(id);
    // On a narrow screen the drawer covers the map: close it to show the vehicle.
    if (focus && drawer.isNarrow()) drawer.setOpen(false);
  };

  const list = new FleetList(byId('fleet-list'), store, (id) => select(id, true), deck.picks);
  const details = new DetailsPanel(byId('details'), store, {
    onClose: () => select(null, false),
    // Store times are performance.now(); batches tell how the server's wall clock relates to it.
    serverNow: () => (store.serverClockOffset === null ? Date.now() : performance.now() + store.serverClockOffset),
  });

  function focusVehicle(id: string): void {
    const position = store.get(id)?.position;
    if (!position) return;
    map.easeTo({ center: [position.lon, position.lat], zoom: Math.max(map.getZoom(), FOCUS_ZOOM), duration: 600 });
  }

  /** Frames every vehicle with a position; returns how many that was. */
  function fitFleet(animate: boolean): number {
    const bounds = new maplibregl.LngLatBounds();
    let count = 0;
    for (const v of store.values()) {
      if (!v.position) continue;
      bounds.extend([v.position.lon, v.position.lat]);
      count++;
    }
    if (count > 0) map.fitBounds(bounds, { padding: FRAME_MARGIN, maxZoom: FOCUS_ZOOM, duration: animate ? 600 : 0 });
    return count;
  }

  function positionedCount(): number {
    let count = 0;
    for (const v of store.values()) if (v.position) count++;
    return count;
  }

  const renderState = (): MapRenderState => {
    const b = map.getBounds();
    return {
      fleet: store,
      selectedId,
      view: { bounds: { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }, zoom: map.getZoom() },
    };
  };

  const renderSummary = (): void => {
    let armed = 0;
    let lost = 0;
    for (const v of store.values()) {
      const status = vehicleStatus(v);
      if (status === 'armed') armed++;
      else if (status === 'lost') lost++;
    }
    // An unchanged text is not rewritten: every DOM write costs the page a frame.
    const text = t('list.summary', { count: store.size, armed, lost });
    if (summary.textContent !== text) summary.textContent = text;
  };

  const flush = (): void => {
    store.pruneTrails(performance.now());
    const changes: FleetChanges = store.takeChanges();
    if (deck.flush(changes)) pendingMap.add('fleet');
    if (changes.changed.size > 0 || changes.membership) pendingMap.add('fleet');
    if (changes.trails) pendingMap.add('trails');
    if (selectedId && !store.get(selectedId)) select(null, false);

    if (mapReady && pendingMap.size > 0) {
      if (autoFit && pendingMap.has('fleet') && positionedCount() > framedCount) {
        framedCount = fitFleet(false);
        pendingMap.add('view');
      }
      registry.update(renderState(), pendingMap);
      pendingMap.clear();
    }
    list.render(changes);
    if (changes.membership) planView.fleetChanged();
    if (changes.changed.size > 0 || changes.membership) renderSummary();
    if (selectedId && (changes.changed.has(selectedId) || changes.statusTexts.has(selectedId))) {
      details.render();
      label.update(store.get(selectedId));
    }
  };
  const tick = throttle(flush, TICK_MS);

  map.on('load', () => {
    mapReady = true;
    void world.then((w) => w && showWorld(map, w));
    for (const change of ['fleet', 'trails', 'selection', 'view'] as const) pendingMap.add(change);
    tick.request();
  });
  map.on('moveend', () => {
    pendingMap.add('view');
    tick.request();
  });
  // A user's drag or zoom (events with an originalEvent) ends automatic framing.
  map.on('movestart', (event) => {
    if ((event as { originalEvent?: Event }).originalEvent) autoFit = false;
  });
  map.on('click', (event) => {
    // In the Plan view clicks draw.
    if (planView.isActive()) return;
    if (deck.mapClick(event.lngLat)) return;
    const { x, y } = event.point;
    const hit = map.queryRenderedFeatures(
      [
        [x - 10, y - 10],
        [x + 10, y + 10],
      ],
      { layers: VEHICLE_HIT_LAYERS },
    )[0];
    const id = hit?.properties?.id as string | undefined;
    if (id) select(id, true);
  });
  for (const layer of VEHICLE_HIT_LAYERS) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && selectedId && !drawer.isNarrow()) select(null, false);
  });

  const connection = connectFleet({
    snapshot(vehicles) {
      store.replaceAll(vehicles, performance.now());
      tick.request();
    },
    update(update) {
      store.apply(update, performance.now());
      tick.request();
    },
    removed(id) {
      store.remove(id);
      tick.request();
    },
    statusText(text) {
      store.addStatusText(text);
      tick.request();
    },
    link(id, state) {
      store.setLinkState(id, state);
      tick.request();
    },
    connection(state) {
      indicator.set(state);
    },
    unauthenticated: () => shell.onSessionEnded(),
  });

  deck.attach(map, connection);
  const traffic = new TrafficOverlay(map, (id) => store.get(id)?.position);
  connection.socket.on('traffic:update', (u) => traffic.update(u));
  const siteLoader = new SiteLayersLoader(map);
  siteLoader.start();
  connection.socket.on('sites:changed', () => void siteLoader.reload());
  const planView = new PlanView({ map, connection, store });
  // A finding's re-inspection plan opens in the Plan view.
  const annotation = startAnnotationViews({ map, socket: connection.socket, openPlan: (id) => {
    location.hash = 'plan';
    void planView.open(id);
  } });
  const panelLabel = byId('panel-toggle-label');
  bindViewSwitch(byId('view-switch'), (view) => {
    planView.setActive(view === 'plan');
    annotation.setView(view);
    panelLabel.dataset.i18n = view === 'plan' ? 'app.planPanel' : 'app.panelToggle';
    panelLabel.textContent = t(panelLabel.dataset.i18n as 'app.planPanel' | 'app.panelToggle');
  });

  // Relative times ("3 s ago") age even when no data arrives.
  setInterval(() => {
    if (selectedId) details.render();
  }, 1000);

  onLocaleChange(() => {
    indicator.refresh();
    list.refresh();
    details.show(selectedId);
    deck.refresh();
    renderSummary();
  });
  renderSummary();

  installTestHook({ map, store, mapReady: () => mapReady, listedCount: () => list.length, selectedId: () => selectedId });
  return { reconnect: () => connection.reconnect() };
}
