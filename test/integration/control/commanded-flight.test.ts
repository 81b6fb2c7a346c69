import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MissionItem } from '../../../missions/mission-item.js';
import { connectFleetClient, type FleetClient } from '../../support/fleet-client.js';
import { waitFor } from '../../support/wait.js';
import { HOME, homeItem, startRig, waypoint, type Rig } from './support.js';

describe('a simulated drone flown through the REST API', () => {
  let rig: Rig;
  let client: FleetClient;
  const reached: number[] = [];

  beforeAll(async () => {
    rig = await startRig({ speedup: 10 });
    client = await connectFleetClient(rig.server.url, { token: rig.test.tokens.operator });
    client.socket.on('fleet:update', (u) => {
      for (const v of u.vehicles) {
        const r = v.mission.lastReached;
        if (v.id === rig.vehicleId && r !== null && r !== reached[reached.length - 1]) reached.push(r);
      }
    });
  });
  afterAll(async () => {
    client?.close();
    await rig?.stop();
  });

  const command = (body: unknown) => rig.api<{ result?: string; error?: string; message?: string }>('POST', `/api/vehicles/${rig.vehicleId}/commands`, body);

  it('arms, takes off, flies a 10-waypoint mission in order, returns, lands and disarms itself', async () => {
    const items: MissionItem[] = [homeItem()];
    for (let i = 1; i <= 10; i++) items.push(waypoint(i, HOME.lat + (i % 2) * 4e-4, HOME.lon + i * 3e-4, 30));
    items.push({ ...waypoint(11, 0, 0, 0, 20), frame: 2, x: 0, y: 0 });
    expect((await rig.api('PUT', `/api/vehicles/${rig.vehicleId}/mission`, { items })).status).toBe(200);

    await waitFor('a 3D fix', async () => (await rig.vehicle()).gps.fixType >= 3);
    expect((await command({ type: 'arm' })).body.result).toBe('accepted');
    expect((await command({ type: 'takeoff', altitude: 30 })).body.result).toBe('accepted');
    await waitFor('take-off altitude', async () => ((await rig.vehicle()).position?.altRel ?? 0) > 27, 30_000);
    expect((await command({ type: 'mission_start' })).body.result).toBe('accepted');
    await waitFor('AUTO mode', async () => (await rig.vehicle()).mode === 'AUTO');

    await waitFor('landed and disarmed back home', async () => {
      const v = await rig.vehicle();
      return reached.includes(10) && !v.armed && (v.position?.altRel ?? 99) < 1;
    }, 90_000);
    expect(reached.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const v = await rig.vehicle();
    const metresFromHome = Math.hypot((v.position!.lat - HOME.lat) * 111_000, (v.position!.lon - HOME.lon) * 99_500);
    expect(metresFromHome).toBeLessThan(10);
  }, 120_000);

  it('answers a refused command with the vehicle\'s reason', async () => {
    // On the ground and disarmed: a take-off is refused by the vehicle, not by us.
    const r = await command({ type: 'takeoff', altitude: 20 });
    expect(r.status).toBe(409);
    expect(r.body.message).toMatch(/refused|failed|denied/i);
  });

  it('refuses a malformed action before sending anything, naming the field', async () => {
    const r = await command({ type: 'takeoff', altitude: -5 });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/altitude/);
    const unknown = await rig.api<{ message: string }>('POST', '/api/vehicles/v999/commands', { type: 'arm' });
    expect(unknown.status).toBe(404);
  });
});

describe('a command to a silent vehicle', () => {
  let rig: Rig;
  beforeAll(async () => {
    // The drone still talks, but hears nothing we send.
    rig = await startRig({ speedup: 10, faults: { inbound: { loss: 1 } } });
  });
  afterAll(async () => rig?.stop());

  it('fails with a clear error naming the command and the vehicle', async () => {
    const r = await rig.api<{ error: string; message: string }>('POST', `/api/vehicles/${rig.vehicleId}/commands`, { type: 'arm' });
    expect(r.status).toBe(504);
    expect(r.body.error).toBe('timeout');
    expect(r.body.message).toMatch(/no answer from .+ to COMPONENT_ARM_DISARM after \d+ tries/);
  });
});
