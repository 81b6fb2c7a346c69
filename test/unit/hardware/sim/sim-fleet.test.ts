import { describe, expect, it } from 'vitest';
import type { standard } from 'node-mavlink';
import { ManualClock } from '../../../../hardware/clock.js';
import { memoryPair } from '../../../../hardware/link/memory.js';
import { startSimFleet } from '../../../../hardware/sim/sim-fleet.js';
import { MSG } from '../../../../hardware/sim/streams.js';
import { GroundStation } from './ground-station.js';

const CENTER = { lat: 31.2304, lon: 121.4737 };

async function fleetWithStations(count: number, sameSysid: boolean) {
  const clock = new ManualClock();
  const stations: GroundStation[] = [];
  const fleet = await startSimFleet({
    count,
    link: () => {
      const [drone, gcs] = memoryPair();
      void gcs.start();
      stations.push(new GroundStation(gcs, clock));
      return drone;
    },
    firstSysid: 10,
    sameSysid,
    center: CENTER,
    clock,
    gpsAcquisitionMs: 0,
  });
  return { fleet, stations, clock };
}

describe('sim fleet', () => {
  it('runs drones with consecutive sysids on their own links, spread apart', async () => {
    const { fleet, stations } = await fleetWithStations(4, false);
    await stations[0].run(2000);
    expect(fleet.drones.map((d) => d.sysid)).toEqual([10, 11, 12, 13]);
    stations.forEach((gcs, i) => expect(new Set(gcs.of(MSG.HEARTBEAT).map((h) => h.sysid))).toEqual(new Set([10 + i])));
    const pos = fleet.drones.map((d) => d.state());
    for (let i = 0; i < pos.length; i++) {
      for (let j = i + 1; j < pos.length; j++) {
        const d = Math.hypot((pos[i].lat - pos[j].lat) * 111_000, (pos[i].lon - pos[j].lon) * 95_000);
        expect(d).toBeGreaterThan(50);
      }
    }
    await fleet.stop();
    expect(fleet.drones.every((d) => d.link.peers().length === 0)).toBe(true);
  });

  it('gives drones sharing sysid 1 distinct uids', async () => {
    const { fleet, stations } = await fleetWithStations(3, true);
    const uids = new Set<bigint>();
    for (const gcs of stations) {
      await gcs.command(10, 512, MSG.AUTOPILOT_VERSION);
      uids.add(gcs.of<standard.AutopilotVersion>(MSG.AUTOPILOT_VERSION)[0].data.uid);
    }
    expect(fleet.drones.map((d) => d.sysid)).toEqual([10, 10, 10]);
    expect(uids.size).toBe(3);
    await fleet.stop();
  });

  it('refuses sysids past 255 before starting anything', async () => {
    await expect(startSimFleet({ count: 3, link: () => memoryPair()[0], firstSysid: 254, center: CENTER })).rejects.toThrow('would pass 255');
  });

  it('stops the drones already started when one fails to start', async () => {
    const clock = new ManualClock();
    const started = memoryPair();
    await expect(
      startSimFleet({
        count: 2,
        clock,
        center: CENTER,
        link: (i) => {
          if (i === 1) throw new Error('no such link');
          return started[0];
        },
      }),
    ).rejects.toThrow('no such link');
    expect(clock.pending).toBe(0);
  });
});
