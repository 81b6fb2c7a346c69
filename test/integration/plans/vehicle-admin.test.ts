import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VehicleDTO } from '../../../server/protocol.js';
import { waitFor } from '../../support/wait.js';
import { startPlansHarness, type PlansHarness } from './harness.js';

type Refusal = { error: string; message: string };

describe('vehicle administration', () => {
  let h: PlansHarness;
  beforeAll(async () => {
    h = await startPlansHarness();
  });
  afterAll(async () => h?.stop());

  it('an admin renames a vehicle live and in the store, audited; others may not', async () => {
    const { vehicleId } = await h.addDrone(4);
    const uid = h.ts.server.fleet.get(vehicleId)!.telemetry.uid!;
    await waitFor('the vehicle to be stored', () => h.ts.repos.vehicles.getByUid(uid));

    const r = await h.api<VehicleDTO>('admin', 'PATCH', `/api/vehicles/${vehicleId}`, { name: '  Line patrol 4 ' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: vehicleId, name: 'Line patrol 4', uid });
    expect(h.ts.server.fleet.get(vehicleId)!.name).toBe('Line patrol 4');
    expect(await h.ts.repos.vehicles.getByUid(uid)).toMatchObject({ name: 'Line patrol 4', sysid: 4, profile: expect.objectContaining({ customName: true }) });
    const audit = (await h.ts.repos.audit.query({ action: 'vehicle.rename' })).rows[0];
    expect(audit).toMatchObject({ target: vehicleId, userId: h.ts.users.admin.id, detail: expect.objectContaining({ name: 'Line patrol 4', uid }) });

    expect((await h.api('operator', 'PATCH', `/api/vehicles/${vehicleId}`, { name: 'mine' })).status).toBe(403);
    expect((await h.api<Refusal>('admin', 'PATCH', '/api/vehicles/v999', { name: 'ghost' })).status).toBe(404);
    const blank = await h.api<Refusal>('admin', 'PATCH', `/api/vehicles/${vehicleId}`, { name: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toMatch(/^name: /);
  });
});
