/**
 * Alerts derived from what the fleet reports: status texts by severity, low battery, link loss and
 * geofence breaches. Conditions (battery, link) stay active while they hold; status texts are
 * events, active for a while or until acknowledged. Pure: time is passed in.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { VehicleDTO } from '../../server/protocol.js';
import type { StatusTextEntry } from '../fleet/store.js';

export type AlertKind = 'statustext' | 'battery' | 'link' | 'geofence';
/** Order matters: lower index is more urgent. */
export const ALERT_LEVELS = ['critical', 'warning', 'notice'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export interface Alert {
  id: string;
  vehicleId: string;
  kind: AlertKind;
  level: AlertLevel;
  /** The vehicle's own words (status texts and geofence breaches). */
  text: string | null;
  /** Battery percent for battery alerts. */
  value: number | null;
  /** When it was raised (ms, the server's clock). */
  time: number;
  /** The condition still holds, or the event is recent. */
  active: boolean;
  acknowledged: boolean;
}

export interface AlertOptions {
  /** Battery at or under this percent is a warning. */
  lowBatteryPercent?: number;
  /** Battery at or under this percent is critical. */
  criticalBatteryPercent?: number;
  /** A battery alert clears only this far above the low threshold, so a noisy reading does not flap. */
  batteryHysteresis?: number;
  /** Status texts of this MAV_SEVERITY or more urgent (lower) become alerts; 4 = warning. */
  textSeverity?: number;
  /** How long an event alert stays active. */
  eventActiveMs?: number;
  /** Alerts kept; the oldest inactive ones go first. */
  maxAlerts?: number;
}

/** MAV_SEVERITY → level: emergency, alert, critical, error are critical; warning; the rest notices. */
export function levelOfSeverity(severity: number): AlertLevel {
  if (severity <= 3) return 'critical';
  if (severity === 4) return 'warning';
  return 'notice';
}

/**
 * True for a geofence breach as ArduPilot ("Fence Breached: …") and PX4 ("Geofence violation",
 * "geofence breached") word it; arming refusals that mention the fence are not breaches.
 */
export function isFenceBreach(text: string): boolean {
  if (/^\s*(pre)?arm/i.test(text)) return false;
  return /fence/i.test(text) && /(breach|violat)/i.test(text);
}

const textKey = (e: StatusTextEntry): string => `${e.time}|${e.severity}|${e.text}`;

export class AlertTracker {
  private readonly alerts = new Map<string, Alert>();
  /** Texts already turned into alerts, per vehicle (the store keeps only its latest few). */
  private readonly seenTexts = new Map<string, Set<string>>();
  private readonly o: Required<AlertOptions>;
  /** Grows with every change, so views redraw only when it moved. */
  version = 0;

  constructor(opts: AlertOptions = {}) {
    this.o = {
      lowBatteryPercent: 25,
      criticalBatteryPercent: 15,
      batteryHysteresis: 3,
      textSeverity: 4,
      eventActiveMs: 120_000,
      maxAlerts: 300,
      ...opts,
    };
  }

  /** Checks a vehicle's battery and link. Returns true when alerts changed. */
  observeVehicle(v: Pick<VehicleDTO, 'id' | 'battery' | 'linkState'>, now: number): boolean {
    let changed = this.condition(`${v.id}:link`, v.linkState === 'lost', () => ({ vehicleId: v.id, kind: 'link', level: 'critical', text: null, value: null }), now);
    const percent = v.battery.percent;
    const battery = this.alerts.get(`${v.id}:battery`);
    const low = percent !== null && (percent <= this.o.lowBatteryPercent || (!!battery?.active && percent < this.o.lowBatteryPercent + this.o.batteryHysteresis));
    const level: AlertLevel = percent !== null && percent <= this.o.criticalBatteryPercent ? 'critical' : 'warning';
    changed = this.condition(`${v.id}:battery`, low, () => ({ vehicleId: v.id, kind: 'battery', level, text: null, value: percent }), now) || changed;
    const active = this.alerts.get(`${v.id}:battery`);
    if (low && active && (active.value !== percent || active.level !== level)) {
      // A drop to critical is news again, even if the warning was acknowledged.
      const worse = level === 'critical' && active.level !== 'critical';
      this.alerts.set(active.id, { ...active, value: percent, level, acknowledged: worse ? false : active.acknowledged });
      changed = true;
    }
    if (changed) this.version++;
    return changed;
  }

  /**
   * Takes the vehicle's recent status texts (as the store keeps them); new ones at or above the
   * severity threshold become alerts. Returns true when alerts changed.
   */
  observeTexts(vehicleId: string, texts: readonly StatusTextEntry[], now: number): boolean {
    const seen = this.seenTexts.get(vehicleId) ?? new Set<string>();
    let changed = false;
    for (const entry of texts) {
      const key = textKey(entry);
      if (seen.has(key) || entry.severity > this.o.textSeverity) continue;
      const fence = isFenceBreach(entry.text);
      const id = `${vehicleId}:text:${key}`;
      this.alerts.set(id, {
        id,
        vehicleId,
        kind: fence ? 'geofence' : 'statustext',
        level: fence ? 'critical' : levelOfSeverity(entry.severity),
        text: entry.text,
        value: null,
        time: entry.time,
        active: now - entry.time < this.o.eventActiveMs,
        acknowledged: false,
      });
      changed = true;
    }
    this.seenTexts.set(vehicleId, new Set(texts.map(textKey)));
    if (changed) {
      this.prune();
      this.version++;
    }
    return changed;
  }

  /** Event alerts older than the active window go inactive. Returns true when any did. */
  expire(now: number): boolean {
    let changed = false;
    for (const a of this.alerts.values()) {
      if (a.active && (a.kind === 'statustext' || a.kind === 'geofence') && now - a.time >= this.o.eventActiveMs) {
        this.alerts.set(a.id, { ...a, active: false });
        changed = true;
      }
    }
    if (changed) this.version++;
    return changed;
  }

  /** Marks one alert seen; its badge goes, it stays listed. */
  acknowledge(id: string): void {
    const a = this.alerts.get(id);
    if (!a || a.acknowledged) return;
    this.alerts.set(id, { ...a, acknowledged: true });
    this.version++;
  }

  /** Marks every alert seen. */
  acknowledgeAll(): void {
    let changed = false;
    for (const a of this.alerts.values()) {
      if (a.acknowledged) continue;
      this.alerts.set(a.id, { ...a, acknowledged: true });
      changed = true;
    }
    if (changed) this.version++;
  }

  /** Forgets a vehicle that left the fleet. */
  removeVehicle(vehicleId: string): void {
    let changed = false;
    for (const a of [...this.alerts.values()]) {
      if (a.vehicleId === vehicleId) changed = this.alerts.delete(a.id) || changed;
    }
    this.seenTexts.delete(vehicleId);
    if (changed) this.version++;
  }

  /** Active unacknowledged alerts first, then by urgency, newest first. */
  list(): Alert[] {
    const rank = (a: Alert): number => (a.active && !a.acknowledged ? 0 : a.active ? 1 : 2);
    return [...this.alerts.values()].sort(
      (a, b) => rank(a) - rank(b) || ALERT_LEVELS.indexOf(a.level) - ALERT_LEVELS.indexOf(b.level) || b.time - a.time,
    );
  }

  /** Active unacknowledged alerts at warning level or worse. */
  unseenCount(): number {
    let n = 0;
    for (const a of this.alerts.values()) if (a.active && !a.acknowledged && a.level !== 'notice') n++;
    return n;
  }

  /** Per vehicle, its most urgent active unacknowledged alert level (warnings and worse): the map badges. */
  badges(): Map<string, AlertLevel> {
    const out = new Map<string, AlertLevel>();
    for (const a of this.alerts.values()) {
      if (!a.active || a.acknowledged || a.level === 'notice') continue;
      const current = out.get(a.vehicleId);
      if (!current || ALERT_LEVELS.indexOf(a.level) < ALERT_LEVELS.indexOf(current)) out.set(a.vehicleId, a.level);
    }
    return out;
  }

  /** Raises the alert while `holds`, marks it inactive when it stops holding. */
  private condition(id: string, holds: boolean, make: () => Omit<Alert, 'id' | 'time' | 'active' | 'acknowledged'>, now: number): boolean {
    const existing = this.alerts.get(id);
    if (holds) {
      if (existing?.active) return false;
      this.alerts.set(id, { ...make(), id, time: now, active: true, acknowledged: false });
      this.prune();
      return true;
    }
    if (!existing?.active) return false;
    this.alerts.set(id, { ...existing, active: false });
    return true;
  }

  private prune(): void {
    if (this.alerts.size <= this.o.maxAlerts) return;
    const oldest = [...this.alerts.values()].filter((a) => !a.active).sort((a, b) => a.time - b.time);
    for (const a of oldest) {
      if (this.alerts.size <= this.o.maxAlerts) break;
      this.alerts.delete(a.id);
    }
  }
}

/** Badges as map features at the vehicles' positions; vehicles without a position get none. */
export function badgeFeatures(badges: ReadonlyMap<string, AlertLevel>, positionOf: (id: string) => { lat: number; lon: number } | null | undefined): FeatureCollection<Point> {
  const features: FeatureCollection<Point>['features'] = [];
  for (const [id, level] of badges) {
    const p = positionOf(id);
    if (p) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { id, level } });
  }
  return { type: 'FeatureCollection', features };
}
