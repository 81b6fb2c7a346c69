/** A server and simulated drones on one accelerated clock, over real UDP, optionally through faults. */
import { RealClock } from '../../../hardware/clock.js';
import { createLink } from '../../../hardware/link/create-link.js';
import { FaultLink } from '../../../hardware/link/fault-link.js';
import type { FaultProfile } from '../../../hardware/link/fault-profile.js';
import { startSimDrone, type SimDroneOptions, type SimHandle } from '../../../hardware/sim/sim-drone.js';
import type { MissionItem } from '../../../missions/mission-item.js';
import type { RunningServer } from '../../../server/main.js';
import type { Role } from '../../../server/protocol-auth.js';
import type { VehicleDTO } from '../../../server/protocol.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { waitFor } from '../../support/wait.js';

export const HOME = { lat: 26.6, lon: 106.64, altMsl: 1070 };

export interface Rig {
  server: RunningServer;
  test: TestServer;
  sim: SimHandle;
  vehicleId: string;
  clock: RealClock;
  /** The REST API as the operator (who flies), or as another role. */
  api<T = unknown>(method: string, path: string, body?: unknown, as?: Role): Promise<{ status: number; body: T }>;
  vehicle(): Promise<VehicleDTO>;
  stop(): Promise<void>;
}

/**
 * Starts the server and one simulated drone on a clock `speedup` times faster than the wall clock:
 * protocol timeouts, link latency and flight all scale together, so the test keeps real proportions.
 */
export async function startRig(opts: { speedup: number; faults?: { inbound?: FaultProfile; outbound?: FaultProfile; seed?: number }; sim?: Partial<SimDroneOptions> }): Promise<Rig> {
  const clock = new RealClock(opts.speedup);
  const test = await startTestServer({ clock });
  const server = test.server;
  const udpPort = server.links[0].localPort!();
  const inner = createLink(`udpout://127.0.0.1:${udpPort}`, { clock });
  const link = opts.faults ? new FaultLink(inner, { clock, seed: opts.faults.seed ?? 7, inbound: opts.faults.inbound, outbound: opts.faults.outbound }) : inner;
  const sim = await startSimDrone({ link, sysid: 1, clock, home: HOME, gpsAcquisitionMs: 1000, seed: 5, ...opts.sim });
  const api = <T>(method: string, path: string, body?: unknown, as: Role = 'operator') => test.api<T>(as, method, path, body);
  const vehicleId = (await waitFor('the drone to appear', async () => (await api<VehicleDTO[]>('GET', '/api/vehicles')).body[0])).id;
  return {
    server, test, sim, vehicleId, clock, api,
    vehicle: async () => (await api<VehicleDTO>('GET', `/api/vehicles/${vehicleId}`)).body,
    stop: async () => {
      await sim.stop();
      await test.stop();
    },
  };
}

/** A waypoint in the frame above home (MAV_FRAME_GLOBAL_RELATIVE_ALT). */
export function waypoint(seq: number, lat: number, lon: number, alt: number, command = 16): MissionItem {
  return { seq, frame: 3, command, current: false, autocontinue: true, param1: 0, param2: 2, param3: 0, param4: 0, x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z: alt };
}

export const homeItem = (): MissionItem => ({ ...waypoint(0, HOME.lat, HOME.lon, 0), frame: 0, param2: 0 });
