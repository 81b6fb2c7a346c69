/**
 * The demo's simulated drones: real MAVLink peers on their own UDP sockets, flying the demo site's
 * patrols, each with a camera photographing the demo world; one photo server on a free local port
 * serves them all (drone i's photos under `/d<i+1>/photos/<n>.jpg`).
 */
import type { Clock } from '../../hardware/clock.js';
import { createLink } from '../../hardware/link/create-link.js';
import type { Link } from '../../hardware/link/link.js';
import { startSimCameras, type SimCameras } from '../../hardware/sim/camera/sim-cameras.js';
import { startSimDrone, type SimHandle } from '../../hardware/sim/sim-drone.js';
import { LocalFrame } from '../../hardware/sim/world.js';
import type { World } from '../../hardware/sim/world/build-world.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import { StartupError } from '../main.js';
import { DEMO_CENTER, DEMO_DRONES, DEMO_GROUND_MSL, demoWorld, extraDemoDrone, type DemoDrone } from './demo-site.js';

export interface DemoDrones {
  drones: SimHandle[];
  /** Each demo drone, by the address it speaks from. */
  byPeer: Map<string, DemoDrone>;
  /** The drones' cameras and their photo server (null with no drones). */
  cameras: SimCameras | null;
  /** What the cameras photograph. */
  world: World;
  stop(): Promise<void>;
}

/** Where simulated drones send: the first UDP listener, reached on loopback. */
function targetUri(links: Link[]): string {
  const udp = links.find((l) => l.kind === 'udp');
  if (!udp) throw new StartupError('simulated drones need a udp:// link to connect to; add --link udp://0.0.0.0:14550 or use --sims 0');
  return `udpout://127.0.0.1:${udp.localPort?.() ?? 14550}`;
}

/** The i-th demo drone: the three patrol types first, then orbits laid out on rings about the site. */
function demoDrone(i: number): DemoDrone {
  if (i < DEMO_DRONES.length) return DEMO_DRONES[i];
  const frame = new LocalFrame(DEMO_CENTER);
  const ring = Math.floor((i - DEMO_DRONES.length) / 12) + 1;
  const angle = ((i - DEMO_DRONES.length) % 12) * (Math.PI / 6);
  return extraDemoDrone(i, frame.toGeo(Math.cos(angle) * 1500 * ring, Math.sin(angle) * 1500 * ring));
}

/**
 * Starts `count` drones, all with system id 1 as real fleets are, each on its own UDP socket, so the
 * server tells them apart by address. Names are registered by the address each drone speaks from.
 */
export async function startDemoDrones(opts: {
  count: number;
  links: Link[];
  clock: Clock;
  names: Map<string, string>;
  fleet: FleetRegistry;
}): Promise<DemoDrones> {
  const uri = targetUri(opts.links);
  const drones: SimHandle[] = [];
  const byPeer = new Map<string, DemoDrone>();
  let cameras: SimCameras | null = null;
  const stop = async (): Promise<void> => {
    await Promise.allSettled([...drones.map((d) => d.stop()), cameras?.stop()]);
  };
  try {
    for (let i = 0; i < opts.count; i++) {
      const demo = demoDrone(i);
      const link = createLink(uri, { clock: opts.clock });
      // On the ground at its home; the demo's flights launch it as an operator would.
      const drone = await startSimDrone({ link, sysid: 1, clock: opts.clock, home: { ...demo.home, altMsl: DEMO_GROUND_MSL }, seed: i + 1 });
      drones.push(drone);
      const peer = `127.0.0.1:${link.localPort?.() ?? 0}`;
      opts.names.set(peer, demo.name);
      byPeer.set(peer, demo);
      // The first heartbeat may already have been heard under a default name.
      for (const v of opts.fleet.vehicles()) if (v.peer === peer) opts.fleet.rename(v.id, demo.name);
    }
    if (drones.length > 0) cameras = await startSimCameras(drones, { world: demoWorld(), clock: opts.clock, prefix: (i) => `d${i + 1}` });
  } catch (err) {
    await stop();
    throw err;
  }
  return { drones, byPeer, cameras, world: demoWorld(), stop };
}
