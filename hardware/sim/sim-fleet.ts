/**
 * Several simulated drones in one process, their homes laid out on a grid so their patrol loops
 * do not overlap. They boot on the ground, disarmed, unless `patrol` is true.
 */
import type { Clock } from '../clock.js';
import type { Link } from '../link/link.js';
import { SimAdsbTraffic } from './adsb-traffic.js';
import { hashSeed } from './rng.js';
import { startSimDrone, type SimHandle } from './sim-drone.js';
import { LocalFrame, type GeoPoint } from './world.js';

export interface SimFleetOptions {
  count: number;
  /** Makes the link for drone `index` (0-based); each drone owns (starts and stops) its link. */
  link: (index: number) => Link;
  /** System id of the first drone; the others count up from it. Default 1. */
  firstSysid?: number;
  /** Every drone uses `firstSysid`, as real fleets do when each drone has its own link. */
  sameSysid?: boolean;
  /** Boot every drone armed and airborne on its loop (circles and racetracks); default false. */
  patrol?: boolean;
  /** Centre of the fleet's area; home of each drone is its loop's centre. */
  center: GeoPoint;
  /** Ground height above mean sea level, m; default 0. */
  altMsl?: number;
  /** Loop radius, m; default 150. */
  radius?: number;
  /** Patrol altitude above home, m; default 60. */
  altitude?: number;
  /** Default: circles and racetracks alternate. */
  shape?: 'circle' | 'racetrack';
  /** Distance between neighbouring loop centres, m; default three radii. */
  spacing?: number;
  clock?: Clock;
  speedup?: number;
  streamOnStart?: boolean;
  gpsAcquisitionMs?: number;
  /** Base for per-drone seeds (uids, start points); default from the fleet centre. */
  seed?: number;
  /** Each drone also forwards synthetic ADS-B traffic: a helicopter passing close, a light aircraft clear. */
  adsb?: boolean;
}

export interface SimFleet {
  readonly drones: readonly SimHandle[];
  /** Stops every drone and its link. */
  stop(): Promise<void>;
}

/** Starts `count` drones; if one fails to start, the ones already running are stopped and the error rethrown. */
export async function startSimFleet(opts: SimFleetOptions): Promise<SimFleet> {
  const first = opts.firstSysid ?? 1;
  if (!Number.isInteger(opts.count) || opts.count < 1) throw new RangeError(`sim: count must be a positive integer, got ${opts.count}`);
  if (!opts.sameSysid && first + opts.count - 1 > 255) {
    throw new RangeError(`sim: ${opts.count} drones from sysid ${first} would pass 255; use fewer or sameSysid`);
  }
  const radius = opts.radius ?? 150;
  const spacing = opts.spacing ?? radius * 3;
  const cols = Math.ceil(Math.sqrt(opts.count));
  const rows = Math.ceil(opts.count / cols);
  const frame = new LocalFrame(opts.center);
  const baseSeed = opts.seed ?? hashSeed(`${opts.center.lat},${opts.center.lon}`);
  const drones: SimHandle[] = [];
  try {
    for (let i = 0; i < opts.count; i++) {
      const east = ((i % cols) - (cols - 1) / 2) * spacing;
      const north = ((rows - 1) / 2 - Math.floor(i / cols)) * spacing;
      const centre = frame.toGeo(east, north);
      const drone = await startSimDrone({
        link: opts.link(i),
        sysid: opts.sameSysid ? first : first + i,
        clock: opts.clock,
        home: { ...centre, altMsl: opts.altMsl ?? 0 },
        patrol: opts.patrol ? { center: centre, radius, altitude: opts.altitude ?? 60, shape: opts.shape ?? (i % 2 === 0 ? 'circle' : 'racetrack') } : undefined,
        streamOnStart: opts.streamOnStart,
        speedup: opts.speedup,
        gpsAcquisitionMs: opts.gpsAcquisitionMs,
        seed: (baseSeed + i * 0x9e3779b9) >>> 0,
      });
      drones.push(opts.adsb ? withTraffic(drone, (baseSeed + i) >>> 0, opts.speedup) : drone);
    }
  } catch (err) {
    await Promise.allSettled(drones.map((d) => d.stop()));
    throw err;
  }
  return { drones, stop: async () => void (await Promise.allSettled(drones.map((d) => d.stop()))) };
}

/** The drone with synthetic ADS-B traffic around it, stopped with it. */
function withTraffic(handle: SimHandle, seed: number, speedup: number | undefined): SimHandle {
  const d = handle.drone;
  const traffic = new SimAdsbTraffic({
    clock: d.clock,
    send: (msg) => d.send(msg),
    drone: () => {
      const s = handle.state();
      return { lat: s.lat, lon: s.lon, groundMsl: d.vehicle.home.altMsl };
    },
    speedup,
    seed,
  });
  traffic.start();
  return {
    ...handle,
    stop: () => {
      traffic.stop();
      return handle.stop();
    },
  };
}
