/** The selected vehicle's details: telemetry, link and its latest status texts. */
import type { VehicleDTO } from '../../server/protocol.js';
import { applyTranslations, t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import {
  UNKNOWN,
  formatAge,
  formatBattery,
  formatFix,
  formatHeading,
  formatLatLon,
  formatLoss,
  formatMetres,
  formatSpeed,
  formatSystemStatus,
} from './format.js';
import type { FleetStore } from './store.js';
import { vehicleStatus } from './vehicle-status.js';

/** Status texts shown, newest first. */
const SHOWN_MESSAGES = 6;

/** One line of the details grid. */
const FIELDS: readonly [MessageKey, (v: VehicleDTO, now: number) => string][] = [
  ['details.mode', (v) => v.mode],
  ['details.state', (v) => formatSystemStatus(v.systemStatus, t)],
  ['details.altRel', (v) => formatMetres(v.position?.altRel ?? null)],
  ['details.altMsl', (v) => formatMetres(v.position?.altMsl ?? null)],
  ['details.groundSpeed', (v) => formatSpeed(v.groundSpeed)],
  ['details.climbRate', (v) => formatSpeed(v.climbRate)],
  ['details.heading', (v) => formatHeading(v.heading)],
  ['details.position', (v) => (v.position ? formatLatLon(v.position.lat, v.position.lon) : t('details.noPosition'))],
  ['details.battery', (v) => formatBattery(v.battery)],
  ['details.gps', (v) => formatGpsLong(v)],
  ['details.mission', (v) => formatMission(v)],
  ['details.lastHeard', (v, now) => formatAge(now - v.lastHeard, t)],
  ['details.link', (v) => `${v.link} · ${v.linkState === 'lost' ? t('link.lost') : t('link.connected')}`],
  ['details.peer', (v) => v.peer || UNKNOWN],
  ['details.packetLoss', (v) => formatLoss(v.packetLoss)],
  ['details.firmware', (v) => v.firmware || UNKNOWN],
  ['details.ids', (v) => `${v.sysid} / ${v.compid}`],
];

function formatMission(v: VehicleDTO): string {
  // Older servers may not send mission progress yet.
  const m = v.mission as VehicleDTO['mission'] | undefined;
  const state = m?.state ? m.state.replace(/_/g, ' ') : null;
  if (!m || m.count === null || m.count === 0) return state ?? t('details.noMission');
  // Sequence numbers as the autopilot reports them (ArduPilot's item 0 is home), as ground stations show them.
  const progress = t('details.missionItem', { current: m.current ?? UNKNOWN, count: m.count });
  return state ? `${progress} · ${state}` : progress;
}

function formatGpsLong(v: VehicleDTO): string {
  const parts = [formatFix(v.gps.fixType, t)];
  if (v.gps.satellites !== null) parts.push(t('gps.sats', { sats: v.gps.satellites }));
  if (v.gps.hdop !== null) parts.push(t('details.hdop', { hdop: v.gps.hdop.toFixed(1) }));
  return parts.join(' · ');
}

export interface DetailsOptions {
  onClose(): void;
  /** The server's clock now, in ms (last-heard times are the server's). */
  serverNow(): number;
}

export class DetailsPanel {
  private id: string | null = null;
  private readonly name: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly values: HTMLElement[] = [];
  private readonly messages: HTMLOListElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: FleetStore,
    private readonly opts: DetailsOptions,
  ) {
    const head = el('header', 'details-head');
    head.append(el('span', 'status-dot'));
    this.name = el('h2', 'details-name');
    this.badge = el('span', 'badge');
    const close = el('button', 'close') as HTMLButtonElement;
    close.type = 'button';
    close.textContent = '×';
    close.dataset.i18nAriaLabel = 'details.close';
    close.dataset.i18nTitle = 'details.close';
    close.addEventListener('click', () => this.opts.onClose());
    head.append(this.name, this.badge, close);

    const grid = el('dl', 'details-grid');
    for (const [key] of FIELDS) {
      const dt = el('dt', '');
      dt.dataset.i18n = key;
      const dd = el('dd', '');
      this.values.push(dd);
      grid.append(dt, dd);
    }
    const messagesTitle = el('h3', 'messages-title');
    messagesTitle.dataset.i18n = 'details.messages';
    this.messages = el('ol', 'messages') as HTMLOListElement;
    root.replaceChildren(head, grid, messagesTitle, this.messages);
    applyTranslations(root);
    root.hidden = true;
  }

  /** The vehicle shown, or null. */
  get shownId(): string | null {
    return this.id;
  }

  /** Shows a vehicle (or hides the panel for null). */
  show(id: string | null): void {
    this.id = id;
    this.root.hidden = id === null;
    this.render();
  }

  /** Rewrites the values from the store. */
  render(): void {
    const v = this.id === null ? undefined : this.store.get(this.id);
    if (!v) return;
    const status = vehicleStatus(v);
    this.root.dataset.status = status;
    setText(this.name, v.name);
    setText(this.badge, status === 'lost' ? t('link.lost') : v.armed ? t('armed.yes') : t('armed.no'));
    const now = this.opts.serverNow();
    FIELDS.forEach(([, value], i) => setText(this.values[i], value(v, now)));
    this.renderMessages(v.id);
  }

  private renderMessages(id: string): void {
    const texts = this.store.statusTexts(id).slice(-SHOWN_MESSAGES).reverse();
    const signature = texts.map((m) => `${m.time}|${m.text}`).join('\n');
    if (this.messages.dataset.signature === signature && texts.length > 0) return;
    this.messages.dataset.signature = signature;
    if (texts.length === 0) {
      const li = el('li', 'empty');
      li.textContent = t('details.noMessages');
      this.messages.replaceChildren(li);
      return;
    }
    this.messages.replaceChildren(
      ...texts.map((m) => {
        // MAV_SEVERITY: 0–3 emergency…error, 4 warning, 5+ notice/info/debug.
        const li = el('li', m.severity <= 3 ? 'sev-error' : m.severity === 4 ? 'sev-warning' : 'sev-info');
        const time = el('time', '');
        time.textContent = new Date(m.time).toLocaleTimeString([], { hour12: false });
        const text = el('span', '');
        text.textContent = m.text;
        li.append(time, text);
        return li;
      }),
    );
  }
}

function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function el(tag: string, className: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
