/**
 * The pre-flight checklist against a real server and a simulated drone over UDP: its routes behind
 * the real authorisation hooks on their own HTTP listener, the store on SQLite, geofence checks as
 * real fence downloads, and the arm gate deciding on live telemetry.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MissionItem } from '../../../missions/mission-item.js';
import type { AuthContext } from '../../../server/auth/request-auth.js';
import { installHttpAuth } from '../../../server/auth/http-auth.js';
import { registerChecklistRoutes } from '../../../server/checklist/checklist-routes.js';
import { ChecklistService } from '../../../server/checklist/checklist-service.js';
import { ControlError } from '../../../server/control/control-errors.js';
import type { Role } from '../../../server/protocol-auth.js';
import type { ChecklistDTO, ChecklistTemplate } from '../../../server/protocol-checklist.js';
import type { VehicleDTO } from '../../../server/protocol.js';
import { HOME, startRig, type Rig } from '../control/support.js';
import { waitFor } from '../../support/wait.js';

/** Four corners of an inclusion fence around home (MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION). */
function fence(): MissionItem[] {
  const d = 0.01;
  const corners = [
    [HOME.lat - d, HOME.lon - d],
    [HOME.lat - d, HOME.lon + d],
    [HOME.lat + d, HOME.lon + d],
    [HOME.lat + d, HOME.lon - d],
  ];
  return corners.map(([lat, lon], seq) => ({
    seq, frame: 0, command: 5001, current: false, autocontinue: true, param1: 4, param2: 0, param3: 0, param4: 0,
    x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z: 0,
  }));
}

describe('pre-flight checklist', () => {
  let rig: Rig;
  let app: FastifyInstance;
  let checklist: ChecklistService;
  let base: string;
  let id: string;

  const call = async <T = ChecklistDTO & { error: string; message: string }>(role: Role, method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${rig.test.tokens[role]}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const actor = (role: Role): AuthContext => ({ userId: rig.test.users[role].id, username: role, roles: [role], sessionId: 's', expiresAt: Infinity, via: 'bearer' });
  const items = '/checklist';
  const vpath = (p: string) => `/api/vehicles/${id}${p}`;
  const tickAll = () =>
    call('operator', 'PUT', vpath(items), {
      items: [
        { id: 'weather', done: true, note: 'wind 3 m/s NE, visibility 10 km' },
        { id: 'airspace', done: true },
        { id: 'airframe', done: true },
      ],
    });

  beforeAll(async () => {
    rig = await startRig({ speedup: 5 });
    id = rig.vehicleId;
    app = Fastify();
    installHttpAuth(app, { auth: rig.server.auth, audit: rig.server.ctx.audit });
    checklist = new ChecklistService(rig.server.ctx);
    await registerChecklistRoutes(app, checklist);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    await waitFor('a 3D fix', async () => (await rig.vehicle()).gps.fixType >= 3);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await rig?.stop();
  });

  it('answers the checklist with automatic checks from live telemetry and the default manual items', async () => {
    const r = await call('viewer', 'GET', vpath(items));
    expect(r.status).toBe(200);
    expect(r.body.items.map((i) => [i.id, i.kind, i.state])).toEqual([
      ['battery', 'auto', 'pass'],
      ['gps', 'auto', 'pass'],
      ['link', 'auto', 'pass'],
      ['geofence', 'auto', 'unknown'],
      ['weather', 'manual', 'fail'],
      ['airspace', 'manual', 'fail'],
      ['airframe', 'manual', 'fail'],
    ]);
    expect(r.body).toMatchObject({ vehicleId: id, siteId: null, complete: false, canArm: false, override: null });
    expect(r.body.items[0].value).toBeGreaterThanOrEqual(80);
  });

  it('lets only operators tick, and names the field of a bad request', async () => {
    expect((await call('viewer', 'PUT', vpath(items), { items: [{ id: 'airspace', done: true }] })).status).toBe(403);
    const noNote = await call('operator', 'PUT', vpath(items), { items: [{ id: 'airspace', done: true }, { id: 'weather', done: true }] });
    expect(noNote).toMatchObject({ status: 400, body: { error: 'invalid', message: 'items.1.note: weather needs a note of what was checked' } });
    const auto = await call('operator', 'PUT', vpath(items), { items: [{ id: 'battery', done: true }] });
    expect(auto.status).toBe(400);
    expect(auto.body.message).toMatch(/^items\.0\.id: 'battery' is not a manual item of this checklist \(weather, airspace, airframe\)$/);
    const extra = await call('operator', 'PUT', vpath(items), { items: [], colour: 'red' });
    expect(extra).toMatchObject({ status: 400, body: { message: 'colour: unknown field; items: give items to tick or a siteId' } });
    // Nothing was stored by the refused requests.
    expect((await call('viewer', 'GET', vpath(items))).body.items.find((i) => i.id === 'airspace')!.state).toBe('fail');
    expect((await call('operator', 'GET', '/api/vehicles/nope/checklist')).status).toBe(404);
  });

  it('keeps a disarmed vehicle from arming until every item passes, then lets it arm', async () => {
    const refused = checklist.assertCanArm(id, actor('operator'));
    await expect(refused).rejects.toBeInstanceOf(ControlError);
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'checklist_incomplete' });
    await expect(refused).rejects.toThrow(/not complete: geofence: the vehicle holds no fence; weather: not done; airspace: not done; airframe: not done$/);

    const ticked = await tickAll();
    expect(ticked.status).toBe(200);
    expect(ticked.body.items.filter((i) => i.kind === 'manual').map((i) => [i.state, i.doneBy])).toEqual([
      ['pass', 'operator'], ['pass', 'operator'], ['pass', 'operator'],
    ]);
    // The vehicle still holds no fence.
    await expect(checklist.assertCanArm(id, actor('operator'))).rejects.toThrow(/geofence: the vehicle holds no fence$/);

    expect((await rig.api('PUT', vpath('/fence'), { items: fence() })).status).toBe(200);
    expect((await call('viewer', 'POST', vpath(`${items}/geofence`))).status).toBe(403);
    const checked = await call('operator', 'POST', vpath(`${items}/geofence`));
    expect(checked.body.items.find((i) => i.id === 'geofence')).toMatchObject({ state: 'pass', value: 4 });
    expect(checked.body).toMatchObject({ complete: true, canArm: true });

    await checklist.assertCanArm(id, actor('operator'));
    expect((await rig.api('POST', vpath('/commands'), { type: 'arm' })).status).toBe(200);
    await waitFor('the drone to arm', async () => (await rig.vehicle()).armed);
    // An armed vehicle passes whatever its checklist says.
    await call('operator', 'PUT', vpath(items), { items: [{ id: 'airspace', done: false }] });
    await checklist.assertCanArm(id, actor('operator'));
    expect((await rig.api('POST', vpath('/commands'), { type: 'disarm' })).status).toBe(200);
    await waitFor('the drone to disarm', async () => !(await rig.vehicle()).armed);
  });

  it('lets an admin override an incomplete checklist for a while, audited with the reason', async () => {
    expect((await call('viewer', 'GET', vpath(items))).body.complete).toBe(false);
    expect((await call('operator', 'POST', vpath(`${items}/override`), { reason: 'ferry flight to the depot' })).status).toBe(403);
    expect(await call('admin', 'POST', vpath(`${items}/override`), { reason: 'x' })).toMatchObject({
      status: 400,
      body: { message: 'reason: must say why (at least 3 characters)' },
    });
    const r = await call('admin', 'POST', vpath(`${items}/override`), { reason: 'ferry flight to the depot' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ complete: false, canArm: true, override: { by: 'admin', reason: 'ferry flight to the depot' } });
    expect(r.body.override!.until - r.body.override!.at).toBe(15 * 60_000);

    await checklist.assertCanArm(id, actor('operator'));
    const audit = await rig.test.repos.audit.query({ action: 'checklist.override' });
    expect(audit.rows[0]).toMatchObject({ userId: rig.test.users.admin.id, target: id, outcome: 'ok', detail: { username: 'admin', reason: 'ferry flight to the depot', incomplete: ['airspace'] } });
    const used = await rig.test.repos.audit.query({ action: 'checklist.override_used' });
    expect(used.rows[0]).toMatchObject({ userId: rig.test.users.operator.id, target: id, detail: { overrideBy: 'admin' } });
    expect((await rig.test.repos.audit.query({ action: 'checklist.tick' })).total).toBeGreaterThanOrEqual(2);
  });

  it('lets everything arm on a server run without the requirement, still answering what is open', async () => {
    const optional = new ChecklistService(rig.server.ctx, { required: false });
    await optional.assertCanArm(id, actor('operator'));
    expect(await optional.get(id)).toMatchObject({ required: false, canArm: true });
  });

  it('keeps ticks in the store: a new service on the same database sees them', async () => {
    const again = new ChecklistService(rig.server.ctx);
    const c = await again.get(id);
    expect(c.items.find((i) => i.id === 'weather')).toMatchObject({ state: 'pass', note: 'wind 3 m/s NE, visibility 10 km', doneBy: 'operator' });
    expect(c.override?.by).toBe('admin');
  });

  it('follows a site’s own template once the vehicle is put on that site', async () => {
    const site = await rig.test.repos.sites.create({ name: 'Ridge line', area: { type: 'Point', coordinates: [HOME.lon, HOME.lat] }, altitudeLimitM: 120 }, Date.now());
    const sitePath = `/api/sites/${site.id}/checklist`;
    expect((await call<ChecklistTemplate>('viewer', 'GET', sitePath)).body.manual.map((m) => m.id)).toEqual(['weather', 'airspace', 'airframe']);
    const template = { minBatteryPercent: 50, minSatellites: 6, requireGeofence: false, manual: [{ id: 'spotter', label: 'Spotter briefed', requiresNote: false }] };
    expect((await call('operator', 'PUT', sitePath, template)).status).toBe(403);
    const bad = await call('admin', 'PUT', sitePath, { ...template, minBatteryPercent: 120, manual: [{ id: 'link' }] });
    expect(bad).toMatchObject({ status: 400, body: { message: 'minBatteryPercent: Too big: expected number to be <=100; manual.0.id: link is an automatic item' } });
    expect((await call('admin', 'PUT', '/api/sites/nope/checklist', template)).status).toBe(404);
    expect(await call<ChecklistTemplate>('admin', 'PUT', sitePath, template)).toMatchObject({ status: 200, body: template });

    expect(await call('operator', 'PUT', vpath(items), { siteId: 'nope' })).toMatchObject({ status: 400, body: { message: "siteId: no site with id 'nope'" } });
    const onSite = await call('operator', 'PUT', vpath(items), { siteId: site.id, items: [{ id: 'spotter', done: true }] });
    expect(onSite.status).toBe(200);
    expect(onSite.body.siteId).toBe(site.id);
    expect(onSite.body.items.map((i) => [i.id, i.label, i.state])).toEqual([
      ['battery', null, 'pass'],
      ['gps', null, 'pass'],
      ['link', null, 'pass'],
      ['spotter', 'Spotter briefed', 'pass'],
    ]);
    expect(onSite.body.complete).toBe(true);
    const v = await rig.api<VehicleDTO>('GET', vpath(''));
    expect(v.body.armed).toBe(false);
  });
});
