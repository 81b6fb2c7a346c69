/**
 * Synthetic ADS-B traffic around a simulated drone, sent as ADSB_VEHICLE the way an autopilot
 * forwards its receiver's reports: a helicopter that passes a few hundred metres from the drone
 * (close enough for a proximity warning) and a light aircraft that crosses well clear. Each flies
 * straight passes across the drone's position, turning back at the end of each pass; the first
 * helicopter pass starts 1.5 km out, so a warning comes within seconds of start.
 */
import { common } from 'node-mavlink';
import type { Clock, TimerHandle } from '../clock.js';
import { degE7, message } from '../mavlink/messages.js';
import { LocalFrame, type GeoPoint } from './world.js';

/** One synthetic aircraft's track relative to the drone. */
export interface SimAircraft {
  icaoAddress: number;
  callsign: string;
  emitterType: number;
  /** m/s. */
  speed: number;
  /** Course of the first pass, degrees. */
  course: number;
  /** Closest approach to the drone, m (to the right of the course). */
  offsetM: number;
  /** Height above the drone's home, m. */
  heightM: number;
  /** Half the length of a pass, m. */
  halfPassM: number;
  /** Along-track position at start, m (negative: before the closest approach). */
  startAlongM: number;
}

/** The default pair: a helicopter that comes near, a light aircraft that stays clear. */
export function defaultTraffic(seed: number): SimAircraft[] {
  // ICAO addresses in China's block (0x780000–0x7BFFFF), distinct per drone.
  const base = 0x780000 + ((seed >>> 0) % 0x1ffff) * 2;
  return [
    { icaoAddress: base, callsign: `B7${(seed % 900) + 100}`.slice(0, 8), emitterType: common.AdsbEmitterType.ROTOCRAFT, speed: 60, course: 20, offsetM: 400, heightM: 150, halfPassM: 3000, startAlongM: -1500 },
    { icaoAddress: base + 1, callsign: `B10${(seed % 90) + 10}`.slice(0, 8), emitterType: common.AdsbEmitterType.LIGHT, speed: 55, course: 110, offsetM: 2500, heightM: 900, halfPassM: 8000, startAlongM: -4000 },
  ];
}

export interface TrackPoint extends GeoPoint {
  altMsl: number;
  course: number;
}

/**
 * Where `a` is after `elapsedS` simulated seconds, passing `anchor` (the drone's position at the
 * start of the current pass) whose ground is at `groundMsl`.
 */
export function trackAt(a: SimAircraft, elapsedS: number, anchor: GeoPoint, groundMsl: number): TrackPoint & { pass: number } {
  const travelled = a.startAlongM + a.halfPassM + a.speed * elapsedS;
  const pass = Math.floor(travelled / (2 * a.halfPassM));
  const along = travelled - pass * 2 * a.halfPassM - a.halfPassM;
  // Every other pass flies back the other way, on the other side.
  const course = (a.course + (pass % 2 === 0 ? 0 : 180)) % 360;
  const c = (course * Math.PI) / 180;
  const east = along * Math.sin(c) + a.offsetM * Math.cos(c);
  const north = along * Math.cos(c) - a.offsetM * Math.sin(c);
  const p = new LocalFrame(anchor).toGeo(east, north);
  return { ...p, altMsl: groundMsl + a.heightM, course, pass };
}

export interface SimAdsbOptions {
  clock: Clock;
  send: (msg: common.AdsbVehicle) => void;
  /** The drone's position now, and the height of its home above mean sea level. */
  drone: () => GeoPoint & { groundMsl: number };
  /** Simulated seconds per clock second; default 1. */
  speedup?: number;
  aircraft?: SimAircraft[];
  seed?: number;
  /** Report period per aircraft, clock ms; default 1000 (receivers forward about 1 Hz per target). */
  periodMs?: number;
}

const FLAGS = common.AdsbFlags.VALID_COORDS | common.AdsbFlags.VALID_ALTITUDE | common.AdsbFlags.VALID_HEADING | common.AdsbFlags.VALID_VELOCITY | common.AdsbFlags.VALID_CALLSIGN | common.AdsbFlags.SIMULATED;

/** Sends synthetic traffic until stopped. */
export class SimAdsbTraffic {
  private readonly aircraft: SimAircraft[];
  private readonly anchors: { pass: number; anchor: GeoPoint; groundMsl: number }[];
  private readonly startMs: number;
  private timer: TimerHandle | null = null;

  constructor(private readonly o: SimAdsbOptions) {
    this.aircraft = o.aircraft ?? defaultTraffic(o.seed ?? 1);
    this.startMs = o.clock.now();
    const d = o.drone();
    this.anchors = this.aircraft.map(() => ({ pass: 0, anchor: { lat: d.lat, lon: d.lon }, groundMsl: d.groundMsl }));
  }

  start(): void {
    this.sendAll();
    this.timer = this.o.clock.setInterval(() => this.sendAll(), this.o.periodMs ?? 1000);
  }

  stop(): void {
    if (this.timer) this.o.clock.clear(this.timer);
    this.timer = null;
  }

  /** One report per aircraft, as of now. */
  sendAll(): void {
    const elapsedS = ((this.o.clock.now() - this.startMs) / 1000) * (this.o.speedup ?? 1);
    this.aircraft.forEach((a, i) => {
      const slot = this.anchors[i];
      let p = trackAt(a, elapsedS, slot.anchor, slot.groundMsl);
      if (p.pass !== slot.pass) {
        // A new pass crosses where the drone is now.
        const d = this.o.drone();
        Object.assign(slot, { pass: p.pass, anchor: { lat: d.lat, lon: d.lon }, groundMsl: d.groundMsl });
        p = trackAt(a, elapsedS, slot.anchor, slot.groundMsl);
      }
      this.o.send(
        message(common.AdsbVehicle, {
          ICAOAddress: a.icaoAddress,
          lat: degE7(p.lat),
          lon: degE7(p.lon),
          altitudeType: common.AdsbAltitudeType.GEOMETRIC,
          altitude: Math.round(p.altMsl * 1000),
          heading: Math.round(p.course * 100) % 36000,
          horVelocity: Math.round(a.speed * 100),
          verVelocity: 0,
          callsign: a.callsign,
          emitterType: a.emitterType,
          tslc: 0,
          flags: FLAGS,
          squawk: 0,
        }),
      );
    });
  }
}
