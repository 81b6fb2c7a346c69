/**
 * Flying and watching, wired into the dashboard: the selected vehicle's panel (HUD, mission
 * progress, command bar, checklist, charts, follow), fleet actions on the ticked vehicles, the
 * fleet's alerts with their map badges, and the planned path. Like the rest of the dashboard it
 * does nothing per message: `flush` runs on the 100 ms tick with what changed.
 */
import type { LngLat, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import '../styles/fly.css';
import { canDo } from '../auth/permissions.js';
import type { FleetChanges, FleetStore } from '../fleet/store.js';
import { vehicleStatus } from '../fleet/vehicle-status.js';
import { applyTranslations, t } from '../i18n/i18n.js';
import type { MapLayerModule } from '../map/layer-module.js';
import { alertsLayer } from '../map/layers/alerts.js';
import { plannedPathLayer } from '../map/layers/planned-path.js';
import type { FleetConnection } from '../net/socket.js';
import { AlertTracker, badgeFeatures } from '../watch/alerts.js';
import { AlertsPanel } from '../watch/alerts-panel.js';
import { FlightCharts } from '../watch/flight-charts.js';
import { FlightHistory } from '../watch/flight-history.js';
import { FollowMode } from '../watch/follow.js';
import { Hud } from '../watch/hud.js';
import { missionProgress } from '../watch/mission-progress.js';
import { PlannedMission } from '../watch/planned-mission.js';
import { plannedPathFeatures } from '../watch/planned-path.js';
import { ChecklistView } from './checklist-view.js';
import { CommandBar } from './command-bar.js';
import { button, el, setText } from './dom.js';
import { FleetActionBar } from './fleet-action-bar.js';
import { FleetPicks } from './fleet-picks.js';

/** Event alerts go stale on time alone; look at most this often. */
const EXPIRE_EVERY_MS = 1000;

export interface FlightDeckDeps {
  store: FleetStore;
  /** Asks for a dashboard tick. */
  requestTick(): void;
  /** Selects a vehicle as a list click would. */
  select(id: string, focus: boolean): void;
}

interface Attached {
  map: MapLibreMap;
  panel: HTMLElement;
  name: HTMLElement;
  planned: PlannedMission;
  plannedStatus: HTMLElement;
  hud: Hud;
  commands: CommandBar;
  checklist: ChecklistView;
  charts: FlightCharts;
  follow: FollowMode;
  alertsPanel: AlertsPanel;
  fleetBar: FleetActionBar;
}

export class FlightDeck {
  /** Vehicles ticked in the list for fleet actions. */
  readonly picks = new FleetPicks();
  /** Map layers to put in the dashboard's list: planned path under the trails, badges under the vehicles. */
  readonly layers: { plannedPath: MapLayerModule; alerts: MapLayerModule };
  private readonly alerts = new AlertTracker();
  private readonly history = new FlightHistory();
  private readonly known = new Set<string>();
  private ui: Attached | null = null;
  private selectedId: string | null = null;
  private badged = new Set<string>();
  private badgesStale = true;
  private badgeVersion = -1;
  private plannedVersion = -1;
  private plannedStale = true;
  private lastExpire = -Infinity;

  constructor(private readonly deps: FlightDeckDeps) {
    this.layers = {
      plannedPath: plannedPathLayer(() => this.takePlannedPath()),
      alerts: alertsLayer(() => this.takeBadges()),
    };
  }

  /** The server's wall clock now, as the store estimates it. */
  private serverNow(): number {
    const offset = this.deps.store.serverClockOffset;
    return offset === null ? Date.now() : performance.now() + offset;
  }

  /** Builds the panels once the map and the live connection exist. */
  attach(map: MapLibreMap, connection: FleetConnection): void {
    const workspace = document.querySelector<HTMLElement>('.workspace') ?? document.body;
    const panel = el('aside', 'flight-panel', { id: 'flight-panel' });
    panel.hidden = true;
    const head = el('header', 'flight-head');
    const name = el('h2', 'flight-name', { id: 'flight-name' });
    const followButton = button('follow-toggle', 'watch.follow', 'small toggle');
    followButton.dataset.i18nTitle = 'watch.followTitle';
    const collapse = button('flight-collapse', 'watch.collapse', 'small');
    collapse.addEventListener('click', () => {
      const collapsed = panel.classList.toggle('collapsed');
      collapse.setAttribute('aria-expanded', String(!collapsed));
    });
    head.append(el('span', 'status-dot'), name, followButton, collapse);
    const body = el('div', 'flight-body');
    const hudBox = el('section', 'flight-section hud-section');
    const plannedStatus = el('p', 'planned-status', { id: 'planned-path-status' });
    const commandBox = el('section', 'flight-section command-bar');
    const checklistBox = el('details', 'flight-section checklist');
    checklistBox.open = true;
    const chartsBox = el('details', 'flight-section charts');
    chartsBox.open = true;
    const chartsSummary = el('summary', '', { i18n: 'watch.charts' });
    chartsBox.append(chartsSummary);
    body.append(hudBox, plannedStatus, commandBox, checklistBox, chartsBox);
    panel.append(head, body);
    workspace.append(panel);

    const planned = new PlannedMission(connection.socket, () => {
      this.plannedStale = true;
      this.deps.requestTick();
    });
    const hud = new Hud(hudBox);
    const checklist = new ChecklistView(checklistBox, () => {
      const v = this.selectedId ? this.deps.store.get(this.selectedId) : undefined;
      if (v) this.ui?.commands.render(v);
    });
    checklistBox.prepend(el('summary', '', { i18n: 'checklist.title' }));
    const commands = new CommandBar(commandBox, {
      socket: connection.socket,
      checklistAllowsArm: (id) => checklist.allowsArm(id),
      setPicking: (on) => {
        map.getCanvas().style.cursor = on ? 'crosshair' : '';
        document.body.classList.toggle('picking-point', on);
      },
      now: () => performance.now(),
    });
    const charts = new FlightCharts(chartsBox);
    const follow = new FollowMode(map, followButton, () => (panel.hidden || window.matchMedia('(max-width: 700px)').matches ? 0 : panel.offsetWidth + 20));

    const alertsPanel = new AlertsPanel(workspace, this.alerts, {
      vehicleName: (id) => this.deps.store.get(id)?.name ?? id,
      select: (id) => this.deps.select(id, true),
      acknowledged: () => this.deps.requestTick(),
    });
    map.addControl(alertsPanel, 'top-right');

    const fleetBar = new FleetActionBar({ socket: connection.socket, store: this.deps.store, picks: this.picks, now: () => performance.now() });
    const list = document.getElementById('fleet-list');
    list?.before(fleetBar.root);
    this.picks.onChange(() => this.deps.requestTick());

    applyTranslations(panel);
    applyTranslations(alertsPanel.panel);
    applyTranslations(fleetBar.root);
    applyTranslations(alertsPanel.onAdd());
    // Permissions change at sign-in and sign-out: the bars follow the body's `data-can`. The
    // planner (`data-view` plan) transfers missions itself: the planned path waits meanwhile.
    const planning = (): boolean => document.body.dataset.view === 'plan';
    planned.setPaused(planning());
    new MutationObserver(() => this.permissionsChanged()).observe(document.body, { attributes: true, attributeFilter: ['data-can'] });
    new MutationObserver(() => planned.setPaused(planning())).observe(document.body, { attributes: true, attributeFilter: ['data-view'] });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && commands.isPicking()) commands.show(this.selectedId ? (this.deps.store.get(this.selectedId) ?? null) : null);
    });

    // Alerts go stale on time alone; a silent fleet brings no ticks, so ask for one while any are shown.
    setInterval(() => {
      if (this.alerts.unseenCount() > 0) this.deps.requestTick();
    }, EXPIRE_EVERY_MS);
    this.ui = { map, panel, name, planned, plannedStatus, hud, commands, checklist, charts, follow, alertsPanel, fleetBar };
    this.select(this.selectedId);
  }

  /** Shows another vehicle (or none). */
  select(id: string | null): void {
    this.selectedId = id;
    const ui = this.ui;
    if (!ui) return;
    const v = id ? this.deps.store.get(id) : undefined;
    ui.panel.hidden = !v;
    ui.commands.show(v ?? null);
    ui.checklist.show(id);
    ui.planned.show(id);
    ui.charts.show(id ? this.history.get(id) : undefined);
    if (!id) ui.follow.set(false);
    this.plannedStale = true;
    if (v) this.renderSelected();
  }

  /**
   * Takes in one tick's changes: flight history, alerts, the selected vehicle's panel. Returns true
   * when the deck's map layers have new data to draw.
   */
  flush(changes: FleetChanges): boolean {
    const { store } = this.deps;
    const now = this.serverNow();
    if (changes.membership) this.membershipChanged();
    let badgesMoved = false;
    for (const id of changes.changed) {
      const v = store.get(id);
      if (!v) continue;
      this.history.observe(v, now);
      this.alerts.observeVehicle(v, now);
      if (this.badged.has(id)) badgesMoved = true;
    }
    for (const id of changes.statusTexts) this.alerts.observeTexts(id, store.statusTexts(id), now);
    if (now - this.lastExpire >= EXPIRE_EVERY_MS) {
      this.lastExpire = now;
      this.alerts.expire(now);
    }
    if (this.alerts.version !== this.badgeVersion) {
      this.badgeVersion = this.alerts.version;
      this.badged = new Set(this.alerts.badges().keys());
      this.ui?.alertsPanel.render();
      badgesMoved = true;
    }
    if (badgesMoved) this.badgesStale = true;
    if (this.selectedId && (changes.changed.has(this.selectedId) || this.plannedVersion !== this.ui?.planned.version)) this.renderSelected();
    return this.badgesStale || this.plannedStale;
  }

  /** A map click; true when the deck took it (picking a go-to point). */
  mapClick(at: LngLat): boolean {
    return this.ui?.commands.pickPoint(at.lat, at.lng) ?? false;
  }

  /** Re-translates what carries values after a language change. */
  refresh(): void {
    const ui = this.ui;
    if (!ui) return;
    ui.commands.refresh();
    ui.checklist.refresh();
    ui.alertsPanel.render(true);
    ui.fleetBar.render();
    if (this.selectedId) this.renderSelected();
  }

  private renderSelected(): void {
    const ui = this.ui;
    const v = this.selectedId ? this.deps.store.get(this.selectedId) : undefined;
    if (!ui || !v) return;
    ui.panel.dataset.status = vehicleStatus(v);
    setText(ui.name, v.name);
    ui.hud.render(v, missionProgress(v, ui.planned.path()));
    ui.commands.render(v);
    ui.checklist.setAirborne(v.armed);
    ui.charts.show(this.history.get(v.id));
    ui.follow.update(v);
    if (this.plannedVersion !== ui.planned.version) {
      this.plannedVersion = ui.planned.version;
      const s = ui.planned.state;
      ui.plannedStatus.dataset.state = s.kind;
      setText(
        ui.plannedStatus,
        s.kind === 'ready'
          ? t('watch.planned', { count: s.items, km: (s.path.length / 1000).toFixed(2) })
          : s.kind === 'loading'
            ? t('watch.plannedLoading')
            : s.kind === 'failed'
              ? t('watch.plannedFailed', { error: s.error })
              : t('watch.plannedNone'),
      );
    }
  }

  private membershipChanged(): void {
    const { store } = this.deps;
    for (const id of this.known) {
      if (store.get(id)) continue;
      this.known.delete(id);
      this.alerts.removeVehicle(id);
      this.history.remove(id);
    }
    for (const v of store.values()) this.known.add(v.id);
    this.picks.retain((id) => store.get(id) !== undefined);
  }

  private permissionsChanged(): void {
    const ui = this.ui;
    if (!ui) return;
    ui.fleetBar.render();
    if (!canDo('vehicle:command') && this.picks.size > 0) this.picks.set([]);
    this.select(this.selectedId);
  }

  private takeBadges(): FeatureCollection<Point> | null {
    if (!this.badgesStale) return null;
    this.badgesStale = false;
    const { store } = this.deps;
    return badgeFeatures(this.alerts.badges(), (id) => store.get(id)?.position);
  }

  private takePlannedPath(): FeatureCollection | null {
    if (!this.plannedStale) return null;
    this.plannedStale = false;
    return plannedPathFeatures(this.selectedId ? (this.ui?.planned.path() ?? null) : null);
  }
}
