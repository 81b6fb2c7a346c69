/**
 * The fleet's alerts: a map button with the count of unseen ones, and a panel listing them by
 * urgency with a level filter. Clicking an alert selects its vehicle and marks it seen.
 */
import type { IControl } from 'maplibre-gl';
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { button, el, setText } from '../fly/dom.js';
import type { Alert, AlertLevel, AlertTracker } from './alerts.js';

/** Rows drawn at most; the rest are counted. */
const SHOWN = 100;

export interface AlertsPanelDeps {
  /** The vehicle's name for display. */
  vehicleName(id: string): string;
  /** Selects and shows the vehicle. */
  select(id: string): void;
  /** Alerts were marked seen here: the map badges must follow even when no data arrives. */
  acknowledged(): void;
}

type Filter = 'all' | AlertLevel;

/** The alert's message in the page language. */
export function alertText(a: Alert): string {
  switch (a.kind) {
    case 'link':
      return t('watch.alert.link');
    case 'battery':
      return t('watch.alert.battery', { percent: a.value ?? '?' });
    case 'geofence':
      return t('watch.alert.geofence', { text: a.text ?? '' });
    case 'statustext':
      return a.text ?? '';
  }
}

export class AlertsPanel implements IControl {
  readonly panel: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly more: HTMLElement;
  private readonly filterSelect: HTMLSelectElement;
  private readonly toggle: HTMLButtonElement;
  private readonly count: HTMLElement;
  private readonly control: HTMLElement;
  private shownVersion = -1;
  private filter: Filter = 'all';

  constructor(
    host: HTMLElement,
    private readonly tracker: AlertTracker,
    private readonly deps: AlertsPanelDeps,
  ) {
    this.control = el('div', 'maplibregl-ctrl maplibregl-ctrl-group alerts-control');
    this.toggle = el('button', 'alerts-toggle', { id: 'alerts-toggle' });
    this.toggle.type = 'button';
    this.toggle.dataset.i18nTitle = 'watch.alerts';
    this.toggle.dataset.i18nAriaLabel = 'watch.alerts';
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.setAttribute('aria-controls', 'alerts-panel');
    this.count = el('span', 'alerts-count', { id: 'alerts-count' });
    this.toggle.append(el('span', 'alerts-bell'), this.count);
    this.toggle.addEventListener('click', () => this.setOpen(this.panel.hidden));
    this.control.append(this.toggle);

    this.panel = el('section', 'alerts-panel', { id: 'alerts-panel' });
    this.panel.hidden = true;
    const head = el('div', 'alerts-head');
    this.filterSelect = el('select', '', { id: 'alerts-filter' });
    this.filterSelect.dataset.i18nAriaLabel = 'watch.alertsFilter';
    for (const value of ['all', 'critical', 'warning', 'notice'] as const) {
      const option = el('option', '', { i18n: value === 'all' ? 'watch.level.all' : (`watch.level.${value}` as MessageKey) });
      option.value = value;
      this.filterSelect.append(option);
    }
    this.filterSelect.addEventListener('change', () => {
      this.filter = this.filterSelect.value as Filter;
      this.render(true);
    });
    const ackAll = button('alerts-ack-all', 'watch.ackAll', 'small');
    ackAll.addEventListener('click', () => {
      this.tracker.acknowledgeAll();
      this.render();
      this.deps.acknowledged();
    });
    const close = button('alerts-close', 'watch.close', 'close');
    close.textContent = '×';
    delete close.dataset.i18n;
    close.dataset.i18nAriaLabel = 'watch.close';
    close.addEventListener('click', () => this.setOpen(false));
    head.append(el('h3', '', { i18n: 'watch.alerts' }), this.filterSelect, ackAll, close);
    this.list = el('ol', 'alerts-list', { id: 'alerts-list' });
    this.list.addEventListener('click', (event) => {
      const item = (event.target as HTMLElement).closest<HTMLElement>('[data-alert]');
      if (!item) return;
      this.tracker.acknowledge(item.dataset.alert!);
      this.deps.select(item.dataset.vehicle!);
      this.render();
      this.deps.acknowledged();
    });
    this.more = el('p', 'alerts-more');
    this.panel.append(head, this.list, this.more);
    host.append(this.panel);
  }

  onAdd(): HTMLElement {
    return this.control;
  }

  onRemove(): void {
    this.control.remove();
  }

  setOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.render(true);
  }

  /** Redraws the count, and the list when open, if the alerts changed (or `force`). */
  render(force = false): void {
    if (!force && this.tracker.version === this.shownVersion) return;
    this.shownVersion = this.tracker.version;
    const unseen = this.tracker.unseenCount();
    setText(this.count, unseen > 0 ? String(unseen) : '');
    this.toggle.dataset.level = this.worstUnseen() ?? 'none';
    if (this.panel.hidden) return;
    const all = this.tracker.list().filter((a) => this.filter === 'all' || a.level === this.filter);
    const shown = all.slice(0, SHOWN);
    if (shown.length === 0) {
      this.list.replaceChildren(el('li', 'empty', { i18n: 'watch.alertsEmpty' }));
      setText(this.list.firstElementChild as HTMLElement, t('watch.alertsEmpty'));
    } else {
      this.list.replaceChildren(...shown.map((a) => this.row(a)));
    }
    this.more.hidden = all.length <= SHOWN;
    setText(this.more, t('watch.alertsMore', { count: all.length - SHOWN }));
  }

  private worstUnseen(): AlertLevel | null {
    let worst: AlertLevel | null = null;
    for (const level of this.tracker.badges().values()) {
      if (level === 'critical') return level;
      worst = level;
    }
    return worst;
  }

  private row(a: Alert): HTMLElement {
    const li = el('li', `alert-item level-${a.level}`);
    li.dataset.alert = a.id;
    li.dataset.vehicle = a.vehicleId;
    li.dataset.kind = a.kind;
    li.dataset.level = a.level;
    li.dataset.testid = `alert-${a.kind}`;
    if (!a.active) li.classList.add('resolved');
    if (a.acknowledged) li.classList.add('seen');
    const time = el('time', 'alert-time');
    time.textContent = new Date(a.time).toLocaleTimeString([], { hour12: false });
    const level = el('span', 'alert-level');
    level.textContent = t(`watch.level.${a.level}` as MessageKey);
    const vehicle = el('span', 'alert-vehicle');
    vehicle.textContent = this.deps.vehicleName(a.vehicleId);
    const text = el('span', 'alert-text');
    text.textContent = a.active ? alertText(a) : `${alertText(a)} · ${t('watch.resolved')}`;
    li.append(level, vehicle, time, text);
    return li;
  }
}
