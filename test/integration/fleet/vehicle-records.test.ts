import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLink } from '../../../hardware/link/create-link.js';
import { startSimDrone, type SimHandle } from '../../../hardware/sim/sim-drone.js';
import { FleetRegistry } from '../../../server/fleet/fleet-registry.js';
import { VehicleRecords } from '../../../server/fleet/vehicle-records.js';
import { openStore, type Store } from '../../../server/store/database.js';
import { createRepositories, type Repositories } from '../../../server/store/repositories.js';
import { waitFor } from '../../support/wait.js';

const HOME = { lat: 26.6, lon: 106.64, altMsl: 1070 };
const dir = mkdtempSync(join(tmpdir(), 'vehicle-records-'));

/** A fleet on its own UDP port with vehicle records over the shared store. */
async function startFleet(repos: Repositories) {
  const link = createLink('udp://127.0.0.1:0');
  const fleet = new FleetRegistry({ links: [link] });
  await fleet.start();
  const errors: Error[] = [];
  const records = new VehicleRecords({ fleet, repo: repos.vehicles, now: Date.now, onError: (e) => errors.push(e) });
  records.start();
  const sims: SimHandle[] = [];
  return {
    fleet, records, errors,
    drone: async (sysid: number, uid: bigint) => {
      const sim = await startSimDrone({ link: createLink(`udpout://127.0.0.1:${link.localPort!()}`), sysid, home: HOME, uid });
      sims.push(sim);
      return sim;
    },
    stop: async () => {
      for (const s of sims) await s.stop();
      records.stop();
      await fleet.stop();
    },
  };
}

describe('vehicle records', () => {
  let store: Store;
  let repos: Repositories;
  const running: { stop(): Promise<void> }[] = [];
  beforeAll(async () => {
    store = await openStore({ file: join(dir, 'fleet.sqlite') });
    repos = createRepositories(store.db);
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a vehicle once its uid is known, and gives an admin\'s name back to it after a restart', async () => {
    const first = await startFleet(repos);
    running.push(first);
    await first.drone(7, 0x70000007n);
    const live = await waitFor('the drone to report its uid', () => first.fleet.vehicles().find((v) => v.telemetry.uid !== null));
    const uid = live.telemetry.uid!;
    const stored = await waitFor('the record', () => repos.vehicles.getByUid(uid));
    expect(stored).toMatchObject({ name: live.name, sysid: 7, profile: { firmware: live.telemetry.firmware, vehicleType: live.telemetry.vehicleType, compid: 1 } });
    expect(stored.profile.customName).toBeUndefined();

    await first.records.rename(live.id, 'Forest patrol 7');
    expect(live.name).toBe('Forest patrol 7');
    expect(await repos.vehicles.getByUid(uid)).toMatchObject({ id: stored.id, name: 'Forest patrol 7', profile: expect.objectContaining({ customName: true }) });
    await first.stop();
    running.length = 0;

    const second = await startFleet(repos);
    running.push(second);
    await second.drone(7, 0x70000007n);
    const back = await waitFor('the drone to come back with its name', () => second.fleet.vehicles().find((v) => v.name === 'Forest patrol 7'));
    expect(back.telemetry.uid).toBe(uid);
    await second.records.idle();
    expect((await repos.vehicles.list()).filter((v) => v.uid === uid)).toHaveLength(1);
    expect(second.errors).toEqual([]);
  });

  it('keeps a name given before the uid is known and stores it once the uid arrives', async () => {
    const fleet = await startFleet(repos);
    running.push(fleet);
    const renamed: string[] = [];
    fleet.fleet.subscribe((e) => {
      // The first heartbeat adds the vehicle; AUTOPILOT_VERSION comes only when asked for.
      if (e.kind === 'added' && e.vehicle.telemetry.uid === null) void fleet.records.rename(e.vehicle.id, 'Early name').then((r) => renamed.push(String(r?.stored)));
    });
    await fleet.drone(9, 0x90000009n);
    const v = await waitFor('the uid', () => fleet.fleet.vehicles().find((x) => x.telemetry.uid !== null));
    const stored = await waitFor('the record with the early name', async () => (await repos.vehicles.getByUid(v.telemetry.uid!))?.name === 'Early name' && repos.vehicles.getByUid(v.telemetry.uid!));
    expect(stored).toMatchObject({ sysid: 9, profile: expect.objectContaining({ customName: true }) });
    expect(renamed).toEqual(['null']);
    expect(v.name).toBe('Early name');
  });

  it('refuses a blank or overlong name and answers undefined for an unknown vehicle', async () => {
    const fleet = await startFleet(repos);
    running.push(fleet);
    await expect(fleet.records.rename('v1', ' ')).rejects.toThrow(/must not be empty/);
    await expect(fleet.records.rename('v1', 'x'.repeat(65))).rejects.toThrow(/at most 64/);
    expect(await fleet.records.rename('v404', 'ghost')).toBeUndefined();
  });
});
