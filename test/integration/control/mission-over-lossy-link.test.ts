import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MissionItem } from '../../../missions/mission-item.js';
import { HOME, homeItem, startRig, waypoint, type Rig } from './support.js';

/** 20 % loss and 100 ms latency in each direction, on a clock 10× the wall clock. */
describe('mission transfer over a lossy radio link', () => {
  let rig: Rig;

  beforeAll(async () => {
    const faults = { loss: 0.2, latencyMs: 100 };
    rig = await startRig({ speedup: 10, faults: { inbound: faults, outbound: faults, seed: 2024 } });
  });
  afterAll(async () => rig?.stop());

  it('uploads a 500-item mission and downloads it back identical', async () => {
    const items: MissionItem[] = [homeItem()];
    for (let i = 1; i < 500; i++) items.push(waypoint(i, HOME.lat + (i % 25) * 1e-4, HOME.lon + Math.floor(i / 25) * 1e-4, 30 + (i % 7)));
    const up = await rig.api<{ count: number }>('PUT', `/api/vehicles/${rig.vehicleId}/mission`, { items });
    expect(up.body).toMatchObject({ count: 500 });
    expect(up.status).toBe(200);
    expect(up.body.count).toBe(500);

    const down = await rig.api<{ items: MissionItem[] }>('GET', `/api/vehicles/${rig.vehicleId}/mission`);
    expect(down.status).toBe(200);
    expect(down.body.items).toHaveLength(500);
    // Item 0 is home, which the vehicle keeps for itself; every other item comes back as sent.
    expect(down.body.items.slice(1)).toEqual(items.slice(1));
    expect(down.body.items.map((i) => i.seq)).toEqual(items.map((i) => i.seq));
  }, 240_000);
});
