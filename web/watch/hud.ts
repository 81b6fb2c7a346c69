/**
 * The selected vehicle's compact instruments: altitude, speeds, battery, GPS, link, mode, armed,
 * and its mission progress with time to go. Redrawn on the tick, only for the selected vehicle.
 */
import type { VehicleDTO } from '../../server/protocol.js';
import { formatFix, formatLoss, formatMetres, formatPercent, formatSpeed, formatVolts, UNKNOWN } from '../fleet/format.js';
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { el, setText } from '../fly/dom.js';
import { formatDuration, type MissionProgress } from './mission-progress.js';

interface Tile {
  value: HTMLElement;
  sub: HTMLElement;
  root: HTMLElement;
}

const TILES = ['alt', 'speed', 'climb', 'battery', 'gps', 'link', 'mode', 'armed'] as const;
type TileName = (typeof TILES)[number];

const LABELS: Record<TileName, MessageKey> = {
  alt: 'watch.alt',
  speed: 'watch.groundSpeed',
  climb: 'watch.climb',
  battery: 'watch.battery',
  gps: 'watch.gps',
  link: 'watch.link',
  mode: 'watch.mode',
  armed: 'watch.armed',
};

/** Mission states with a translation; others show as reported. */
const STATES = new Set(['unknown', 'no_mission', 'not_started', 'active', 'paused', 'complete']);

export class Hud {
  private readonly tiles = {} as Record<TileName, Tile>;
  private readonly progressBar: HTMLElement;
  private readonly progressFill: HTMLElement;
  private readonly progressText: HTMLElement;

  constructor(root: HTMLElement) {
    const grid = el('div', 'hud-grid', { id: 'hud' });
    for (const name of TILES) {
      const tile = el('div', `hud-tile hud-${name}`, { id: `hud-${name}` });
      const label = el('span', 'hud-label', { i18n: LABELS[name] });
      const value = el('span', 'hud-value');
      const sub = el('span', 'hud-sub');
      tile.append(label, value, sub);
      grid.append(tile);
      this.tiles[name] = { root: tile, value, sub };
    }
    const progress = el('div', 'mission-progress', { id: 'mission-progress' });
    this.progressBar = el('div', 'progress-bar');
    this.progressBar.setAttribute('role', 'progressbar');
    this.progressBar.setAttribute('aria-valuemin', '0');
    this.progressBar.setAttribute('aria-valuemax', '100');
    this.progressFill = el('div', 'progress-fill');
    this.progressBar.append(this.progressFill);
    this.progressText = el('div', 'progress-text', { id: 'mission-progress-text' });
    progress.append(this.progressText, this.progressBar);
    root.append(grid, progress);
  }

  /** Writes the vehicle's values; `progress` is its mission progress. */
  render(v: VehicleDTO, progress: MissionProgress): void {
    const lost = v.linkState === 'lost';
    this.set('alt', formatMetres(v.position?.altRel ?? null), v.position ? `${t('watch.msl')} ${formatMetres(v.position.altMsl)}` : '', v.position?.altRel ?? null);
    this.set('speed', formatSpeed(v.groundSpeed), '', v.groundSpeed);
    this.set('climb', formatSpeed(v.climbRate), '', v.climbRate);
    this.set('battery', formatPercent(v.battery.percent), formatVolts(v.battery.voltage), v.battery.percent);
    this.set('gps', formatFix(v.gps.fixType, t), v.gps.satellites === null ? '' : t('gps.sats', { sats: v.gps.satellites }), v.gps.satellites);
    this.set('link', lost ? t('link.lost') : formatLoss(v.packetLoss), lost ? '' : t('link.connected'), v.packetLoss);
    this.set('mode', v.mode || UNKNOWN, '', null);
    this.set('armed', v.armed ? t('armed.yes') : t('armed.no'), '', v.armed ? 1 : 0);
    this.tiles.link.root.dataset.state = lost ? 'bad' : v.packetLoss > 10 ? 'warn' : 'ok';
    const percent = v.battery.percent;
    this.tiles.battery.root.dataset.state = percent === null ? 'unknown' : percent <= 15 ? 'bad' : percent <= 25 ? 'warn' : 'ok';
    this.tiles.gps.root.dataset.state = v.gps.fixType >= 3 ? 'ok' : 'bad';
    this.tiles.armed.root.dataset.state = v.armed ? 'armed' : 'ok';
    this.renderProgress(progress);
  }

  private renderProgress(p: MissionProgress): void {
    const parts: string[] = [];
    if (p.count === null || p.count === 0 || p.current === null) {
      parts.push(t('watch.missionNone'));
    } else {
      parts.push(t('watch.missionItem', { current: p.current, count: p.count }));
      if (p.percent !== null) parts.push(`${Math.round(p.percent)}%`);
      if (p.etaS !== null && p.percent !== 100) parts.push(t('watch.eta', { time: formatDuration(p.etaS, t) }));
    }
    if (p.state && p.state !== 'unknown' && p.state !== 'no_mission') parts.push(STATES.has(p.state) ? t(`watch.state.${p.state}` as MessageKey) : p.state);
    setText(this.progressText, parts.join(' · '));
    const percent = p.percent === null ? 0 : Math.round(p.percent);
    const width = `${percent}%`;
    if (this.progressFill.style.width !== width) this.progressFill.style.width = width;
    this.progressBar.setAttribute('aria-valuenow', String(percent));
    this.progressBar.dataset.state = p.state ?? 'unknown';
  }

  private set(name: TileName, value: string, sub: string, raw: number | null): void {
    const tile = this.tiles[name];
    setText(tile.value, value);
    setText(tile.sub, sub);
    // The raw number, for tests and tools that read the page.
    const data = raw === null ? '' : String(raw);
    if (tile.root.dataset.value !== data) tile.root.dataset.value = data;
  }
}
