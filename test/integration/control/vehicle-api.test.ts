import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MissionItem } from '../../../missions/mission-item.js';
import { startRig, type Rig } from './support.js';

const plan = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/plans', name), 'utf8'));

describe('parameters, fence and rally through the REST API', () => {
  let rig: Rig;
  beforeAll(async () => {
    // A radio's latency (20 ms each way) keeps a long upload running long enough to cancel it.
    const radio = { latencyMs: 20 };
    rig = await startRig({ speedup: 10, faults: { inbound: radio, outbound: radio } });
  });
  afterAll(async () => rig?.stop());
  const path = (p: string) => `/api/vehicles/${rig.vehicleId}${p}`;

  it('lists every parameter and sets one, answering with the value the vehicle confirmed', async () => {
    const all = await rig.api<{ params: { name: string; value: number }[] }>('GET', path('/params'));
    expect(all.status).toBe(200);
    expect(all.body.params.length).toBeGreaterThan(20);
    expect(all.body.params.map((p) => p.name)).toContain('RTL_ALT');
    const set = await rig.api<{ name: string; value: number }>('PUT', path('/params/RTL_ALT'), { value: 2500 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ name: 'RTL_ALT', value: 2500 });
    const audit = await rig.test.repos.audit.query({ action: 'vehicle.param' });
    expect(audit.rows[0]).toMatchObject({ userId: rig.test.users.operator.id, target: rig.vehicleId, outcome: 'ok', detail: { name: 'RTL_ALT', value: 2500 } });
    const bad = await rig.api<{ message: string }>('PUT', path('/params/RTL_ALT'), { value: 'high' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^value:/);
  });

  it('uploads a geofence and rally points from a QGroundControl .plan, reads them back and clears them', async () => {
    const fence = await rig.api<{ count: number }>('PUT', path('/fence'), plan('simple-mission.plan'));
    expect(fence.body).toEqual({ count: 4 });
    expect((await rig.test.repos.audit.query({ action: 'mission.upload' })).rows[0]).toMatchObject({ outcome: 'ok', detail: { type: 'fence' } });
    const back = await rig.api<{ items: MissionItem[] }>('GET', path('/fence'));
    expect(back.body.items.map((i) => i.command)).toEqual([5001, 5001, 5001, 5001]);
    expect((await rig.api('PUT', path('/rally'), plan('simple-mission.plan'))).body).toEqual({ count: 1 });
    expect((await rig.api('DELETE', path('/fence'))).status).toBe(204);
    expect((await rig.api<{ items: MissionItem[] }>('GET', path('/fence'))).body.items).toEqual([]);
  });

  it('cancels a running upload, which then fails with "cancelled"', async () => {
    const items: MissionItem[] = Array.from({ length: 400 }, (_, i) => ({
      seq: i, frame: i ? 3 : 0, command: 16, current: false, autocontinue: true, param1: 0, param2: 2, param3: 0, param4: 0, x: 266000000 + i * 100, y: 1066400000, z: 30,
    }));
    const upload = rig.api<{ error: string }>('PUT', path('/mission'), { items });
    await new Promise((r) => setTimeout(r, 100));
    const cancel = await rig.api<{ cancelled: boolean }>('POST', path('/transfer/cancel'));
    expect(cancel.body).toEqual({ cancelled: true });
    const r = await upload;
    expect(r.status).toBe(409);
    expect(r.body.error).toBe('cancelled');
    expect((await rig.api<{ cancelled: boolean }>('POST', path('/transfer/cancel'))).body).toEqual({ cancelled: false });
  });

  it('refuses a malformed .plan, saying where the problem is, and leaves the vehicle as it was', async () => {
    const before = await rig.api<{ items: MissionItem[] }>('GET', path('/mission'));
    const r = await rig.api<{ error: string; message: string }>('PUT', path('/mission'), plan('bad-params-length.plan'));
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^\.plan mission\.items\[0\]\.params: /);
    expect((await rig.api<{ items: MissionItem[] }>('GET', path('/mission'))).body.items).toEqual(before.body.items);
  });
});
