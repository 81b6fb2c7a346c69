/**
 * Reduces ADSB_VEHICLE reports (forwarded by a drone's ADS-B receiver) into a table of aircraft
 * keyed by ICAO address. The newest report of an aircraft wins, whichever drone heard it; an
 * aircraft not heard for {@link TRAFFIC_EXPIRY_MS} is dropped. Pure: time is passed in.
 */
import { common } from 'node-mavlink';

/** An aircraft is dropped this long after its last report's data time. */
export const TRAFFIC_EXPIRY_MS = 30_000;

/** MAVLink message id of ADSB_VEHICLE. */
export const ADSB_VEHICLE_ID: number = common.AdsbVehicle.MSG_ID;

/** ADSB_EMITTER_TYPE names, by value. */
export const EMITTER_TYPES = [
  'none', 'light', 'small', 'large', 'high-vortex-large', 'heavy', 'highly-manoeuvrable', 'rotorcraft', 'unassigned',
  'glider', 'lighter-than-air', 'parachute', 'ultralight', 'unassigned', 'uav', 'space', 'unassigned',
  'emergency-vehicle', 'service-vehicle', 'obstacle',
] as const;
export type EmitterType = (typeof EMITTER_TYPES)[number];

/** ADSB_FLAGS bits. */
const FLAG = { COORDS: 1, ALTITUDE: 2, HEADING: 4, VELOCITY: 8, CALLSIGN: 16, SQUAWK: 32, SIMULATED: 64, VERTICAL_VELOCITY: 128 } as const;

/** One aircraft as last reported. Angles in degrees, altitudes in metres, speeds in m/s. */
export interface Aircraft {
  /** ICAO 24-bit address as six hex digits, e.g. `780A1B`. */
  icao: string;
  callsign: string | null;
  lat: number;
  lon: number;
  /** Above mean sea level: barometric (`pressure`, QNH) or GNSS (`geometric`); null when not valid. */
  altitude: number | null;
  altitudeType: 'pressure' | 'geometric';
  /** Course over ground. */
  heading: number | null;
  speed: number | null;
  /** Positive up. */
  verticalSpeed: number | null;
  emitter: EmitterType;
  squawk: number | null;
  /** A test or simulated target, as the receiver flagged it. */
  simulated: boolean;
  /** Clock ms the report's data was valid at (receipt less its time since last contact). */
  seenAt: number;
  /** Who heard it last (a vehicle id). */
  heardBy: string;
}

/** A report as an aircraft, or null when it carries no valid position (nothing to draw or warn about). */
export function aircraftFromReport(m: common.AdsbVehicle, receivedAt: number, heardBy: string): Aircraft | null {
  const flags = Number(m.flags);
  if (!(flags & FLAG.COORDS)) return null;
  const lat = m.lat / 1e7;
  const lon = m.lon / 1e7;
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180) || (lat === 0 && lon === 0)) return null;
  const callsign = flags & FLAG.CALLSIGN ? cleanCallsign(m.callsign) : null;
  return {
    icao: (m.ICAOAddress >>> 0).toString(16).toUpperCase().padStart(6, '0'),
    callsign,
    lat,
    lon,
    altitude: flags & FLAG.ALTITUDE ? m.altitude / 1000 : null,
    altitudeType: Number(m.altitudeType) === 1 ? 'geometric' : 'pressure',
    heading: flags & FLAG.HEADING ? (m.heading / 100) % 360 : null,
    speed: flags & FLAG.VELOCITY ? m.horVelocity / 100 : null,
    verticalSpeed: flags & (FLAG.VELOCITY | FLAG.VERTICAL_VELOCITY) ? m.verVelocity / 100 : null,
    emitter: EMITTER_TYPES[Number(m.emitterType)] ?? 'none',
    squawk: flags & FLAG.SQUAWK ? m.squawk : null,
    simulated: (flags & FLAG.SIMULATED) !== 0,
    seenAt: receivedAt - Math.max(0, m.tslc) * 1000,
    heardBy,
  };
}

/** Callsigns come NUL- or space-padded to 8 characters. */
function cleanCallsign(raw: string): string | null {
  const s = raw.replace(/\0.*$/s, '').trim();
  return s === '' ? null : s;
}

/** Every aircraft heard across the fleet, newest report each. */
export class TrafficTable {
  private readonly byIcao = new Map<string, Aircraft>();

  /** Takes one report; true when it changed the table (a newer report, or a new aircraft). */
  apply(report: Aircraft | null): boolean {
    if (report === null) return false;
    const known = this.byIcao.get(report.icao);
    if (known && known.seenAt > report.seenAt) return false;
    this.byIcao.set(report.icao, report);
    return true;
  }

  /** Drops aircraft not heard for {@link TRAFFIC_EXPIRY_MS} by `now`; returns their addresses. */
  expire(now: number): string[] {
    const gone: string[] = [];
    for (const [icao, a] of this.byIcao) {
      if (now - a.seenAt >= TRAFFIC_EXPIRY_MS) {
        this.byIcao.delete(icao);
        gone.push(icao);
      }
    }
    return gone;
  }

  list(): Aircraft[] {
    return [...this.byIcao.values()];
  }

  get size(): number {
    return this.byIcao.size;
  }
}
