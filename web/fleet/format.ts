/** Metric, locale-aware text for telemetry values. Pure: the translate function is passed in. */
import type { VehicleDTO } from '../../server/protocol.js';
import { isMessageKey, type Translate } from '../i18n/translate.js';

/** Shown where a value is unknown. */
export const UNKNOWN = '—';

function fixed(value: number | null | undefined, digits: number, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return UNKNOWN;
  return `${value.toFixed(digits)}${unit}`;
}

/** "87%" */
export const formatPercent = (value: number | null): string => fixed(value, 0, '%');
/** "12.3 m" */
export const formatMetres = (value: number | null): string => fixed(value, 1, ' m');
/** "5.2 m/s" */
export const formatSpeed = (value: number | null): string => fixed(value, 1, ' m/s');
/** "273°" */
export const formatHeading = (value: number | null): string => fixed(value === null ? null : ((value % 360) + 360) % 360, 0, '°');
/** "12.4 V" */
export const formatVolts = (value: number | null): string => fixed(value, 1, ' V');
/** "8.3 A" */
export const formatAmps = (value: number | null): string => fixed(value, 1, ' A');

/** "22.543210, 113.932100" */
export function formatLatLon(lat: number, lon: number): string {
  return `${lat.toFixed(6)}, ${lon.toFixed(6)}`;
}

/** GPS fix name, e.g. "3D" or "RTK fixed". */
export function formatFix(fixType: number, t: Translate): string {
  const key = `gps.fix.${fixType}`;
  return isMessageKey(key) ? t(key) : String(fixType);
}

/** Compact GPS cell: "3D · 12". */
export function formatGpsShort(gps: VehicleDTO['gps'], t: Translate): string {
  const fix = formatFix(gps.fixType, t);
  return gps.satellites === null ? fix : `${fix} · ${gps.satellites}`;
}

/** Packet loss: "0.4%". */
export function formatLoss(percent: number): string {
  return `${percent < 10 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}

/** The list's link cell: "LOST", or the packet loss. */
export function formatLinkShort(v: Pick<VehicleDTO, 'linkState' | 'packetLoss'>, t: Translate): string {
  return v.linkState === 'lost' ? t('link.lost') : formatLoss(v.packetLoss);
}

/** MAV_STATE name translated, or the raw name when unknown. */
export function formatSystemStatus(status: string, t: Translate): string {
  const key = `state.${status}`;
  return isMessageKey(key) ? t(key) : status;
}

/** "3 s ago", "2 min ago"; `ageMs` below one second reads "just now". */
export function formatAge(ageMs: number, t: Translate): string {
  const seconds = Math.floor(Math.max(0, ageMs) / 1000);
  if (seconds < 1) return t('time.justNow');
  if (seconds < 120) return t('time.secondsAgo', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return t('time.minutesAgo', { n: minutes });
  return t('time.hoursAgo', { n: Math.floor(minutes / 60) });
}

/** "12.4 V · 8.3 A · 87%" */
export function formatBattery(b: VehicleDTO['battery']): string {
  return [formatVolts(b.voltage), formatAmps(b.current), formatPercent(b.percent)].join(' · ');
}
