import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMERA_PRESETS } from '../../../missions/camera.js';
import { parseQgcPlan } from '../../../missions/formats/qgc-plan.js';
import { parseWaypoints } from '../../../missions/formats/waypoints.js';
import type { MissionItem } from '../../../missions/mission-item.js';
import type { Plan } from '../../../missions/plan.js';
import { orbitPlan } from '../../../missions/patterns/orbit.js';
import type { PlanDTO, PlanSummaryDTO, PlansChangedDTO } from '../../../server/protocol-plans.js';
import type { TransferProgressDTO } from '../../../server/protocol.js';
import { connectFleetClient, type FleetClient } from '../../support/fleet-client.js';
import { waitFor } from '../../support/wait.js';
import { HOME, startPlansHarness, type PlansHarness } from './harness.js';

const orbit = (altitude = 40): Plan =>
  orbitPlan({ center: { lat: 26.6012, lon: 106.6412 }, radiusM: 30, altitude, photos: 6, home: HOME, camera: CAMERA_PRESETS['visible-1in-20mp'] });

/** File bodies come back parsed when their type is JSON-like, as text otherwise. */
const json = (body: unknown): unknown => (typeof body === 'string' ? JSON.parse(body) : body);

type Refusal = { error: string; message: string; findings?: { code: string; severity: string; step: number | null }[]; currentVersion?: number };

describe('plans REST API', () => {
  let h: PlansHarness;
  let watcher: FleetClient;
  const changes: PlansChangedDTO[] = [];

  beforeAll(async () => {
    h = await startPlansHarness();
    watcher = await connectFleetClient(h.ts.url, { token: h.ts.tokens.viewer });
    watcher.socket.on('plans:changed', (c) => changes.push(c));
  });
  afterAll(async () => {
    watcher?.close();
    await h?.stop();
  });

  const create = (name: string, plan: Plan, siteId?: string) => h.api<PlanDTO & Refusal>('operator', 'POST', '/api/plans', { name, plan, ...(siteId && { siteId }) });

  it('saves, lists, reopens, renames and deletes a plan, with optimistic versions, audit and live change events', async () => {
    const created = await create('Tower 7 orbit', orbit());
    expect(created.status).toBe(201);
    const plan = created.body;
    expect(plan).toMatchObject({ name: 'Tower 7 orbit', pattern: 'orbit', version: 1, siteId: null, createdBy: h.ts.users.operator.id });
    expect(plan.items).toHaveLength(plan.plan.steps.length + 1);
    expect(plan.findings.filter((f) => f.severity === 'error')).toEqual([]);

    const list = await h.api<PlanSummaryDTO[]>('viewer', 'GET', '/api/plans');
    expect(list.status).toBe(200);
    expect(list.body.find((p) => p.id === plan.id)).toMatchObject({ name: 'Tower 7 orbit', itemCount: plan.items.length, version: 1 });
    const reopened = await h.api<PlanDTO>('viewer', 'GET', `/api/plans/${plan.id}`);
    expect(reopened.body.plan).toEqual(plan.plan);
    expect(reopened.body.items).toHaveLength(plan.items.length);

    const renamed = await h.api<PlanDTO>('operator', 'PUT', `/api/plans/${plan.id}`, { version: 1, name: 'Tower 7 orbit (low)', plan: orbit(30) });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ version: 2, name: 'Tower 7 orbit (low)' });
    expect(renamed.body.items.find((i) => i.command === 16 && i.seq > 0)?.z).toBe(30);

    const stale = await h.api<Refusal>('operator', 'PUT', `/api/plans/${plan.id}`, { version: 1, name: 'lost update' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'conflict', currentVersion: 2 });
    expect((await h.api<Refusal>('operator', 'DELETE', `/api/plans/${plan.id}?version=1`)).status).toBe(409);
    expect((await h.api<Refusal>('operator', 'DELETE', `/api/plans/${plan.id}`)).body.message).toMatch(/^version:/);
    expect((await h.api('operator', 'DELETE', `/api/plans/${plan.id}?version=2`)).status).toBe(204);
    expect((await h.api('viewer', 'GET', `/api/plans/${plan.id}`)).status).toBe(404);

    await waitFor('the three change events', () => changes.filter((c) => c.id === plan.id).length >= 3);
    expect(changes.filter((c) => c.id === plan.id)).toEqual([{ id: plan.id, version: 1 }, { id: plan.id, version: 2 }, { id: plan.id, version: 2, deleted: true }]);
    const audit = (await h.ts.repos.audit.query({ userId: h.ts.users.operator.id })).rows.filter((r) => r.target === plan.id);
    expect(audit.map((r) => r.action).reverse()).toEqual(['plan.create', 'plan.update', 'plan.delete']);
  });

  it('refuses a plan with errors, listing them, and keeps its warnings when it only has those', async () => {
    const high = await create('too high', orbit(150));
    expect(high.status).toBe(400);
    expect(high.body.error).toBe('invalid_plan');
    expect(high.body.message).toMatch(/over the site limit of 120 m/);
    expect(high.body.findings!.length).toBeGreaterThan(1);
    expect(high.body.findings!.every((f) => f.code === 'altitude-over-limit' && f.severity === 'error')).toBe(true);

    const fast = orbit();
    fast.steps.splice(1, 0, { kind: 'speed', speed: 25 });
    const warned = await create('fast orbit', fast);
    expect(warned.status).toBe(201);
    expect(warned.body.findings).toEqual([expect.objectContaining({ severity: 'warning', code: 'speed-over-max', step: 1 })]);
  });

  it('answers a malformed body with 400 naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: '', plan: orbit() }, /^name: /],
      [{ name: 'x' }, /^plan: /],
      [{ name: 'x', plan: { ...orbit(), steps: [{ kind: 'waypoint', at: { lat: 26.6, lon: 106.6 }, altitude: 'high' }] } }, /^plan\.steps\.0\.altitude: /],
      [{ name: 'x', plan: { ...orbit(), home: { lat: 95, lon: 106 } } }, /^plan\.home\.lat: /],
      [{ name: 'x', plan: orbit(), colour: 'red' }, /colour/],
      [{ name: 'x', plan: orbit(), siteId: 'no-such-site' }, /^siteId: no site with id 'no-such-site'/],
    ];
    for (const [body, message] of cases) {
      const r = await h.api<Refusal>('operator', 'POST', '/api/plans', body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.body.message).toMatch(message);
    }
  });

  it('lets every role read, only operators change, and nobody unauthenticated', async () => {
    const plan = (await create('roles', orbit())).body;
    for (const role of ['admin', 'annotator', 'reviewer', 'viewer'] as const) {
      expect((await h.api(role, 'GET', `/api/plans/${plan.id}`)).status).toBe(200);
      expect((await h.api(role, 'POST', '/api/plans', { name: 'x', plan: orbit() })).status).toBe(403);
      expect((await h.api(role, 'PUT', `/api/plans/${plan.id}`, { version: 1, name: 'x' })).status).toBe(403);
      expect((await h.api(role, 'POST', `/api/plans/${plan.id}/upload`, { vehicleId: 'v1' })).status).toBe(403);
    }
    expect((await h.api(null, 'GET', '/api/plans')).status).toBe(401);
  });

  it('exports .plan, .waypoints and GeoJSON files as attachments that read back to the same items', async () => {
    const plan = (await create('森林 orbit', orbit())).body;
    const qgc = await h.api<string>('viewer', 'GET', `/api/plans/${plan.id}/export?format=plan`);
    expect(qgc.status).toBe(200);
    expect(qgc.headers.get('content-disposition')).toBe(`attachment; filename="orbit.plan"; filename*=UTF-8''${encodeURIComponent('森林 orbit.plan')}`);
    const parsed = parseQgcPlan(json(qgc.body));
    expect(parsed.ok && parsed.value.mission.map((i) => i.command)).toEqual(plan.items.map((i) => i.command));

    const wpl = await h.api<string>('viewer', 'GET', `/api/plans/${plan.id}/export?format=waypoints`);
    expect(wpl.headers.get('content-type')).toMatch(/^text\/plain/);
    const items = parseWaypoints(wpl.body);
    expect(items.ok && items.value.map((i) => [i.command, i.x, i.y])).toEqual(plan.items.map((i) => [i.command, i.x, i.y]));

    const geo = await h.api<string>('viewer', 'GET', `/api/plans/${plan.id}/export?format=geojson`);
    expect(geo.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const kinds = (json(geo.body) as { features: { properties: { kind: string } }[] }).features.map((f) => f.properties.kind);
    expect(kinds.filter((k) => k === 'photo')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'footprint')).toHaveLength(6);

    const bad = await h.api<Refusal>('viewer', 'GET', `/api/plans/${plan.id}/export?format=kml`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^format: /);
  });

  it('uploads a saved plan to a simulated drone with progress events, and the drone holds exactly its items', async () => {
    const { vehicleId } = await h.addDrone(3);
    const plan = (await create('upload me', orbit())).body;
    const operator = await connectFleetClient(h.ts.url, { token: h.ts.tokens.operator });
    const progress: TransferProgressDTO[] = [];
    operator.socket.on('vehicle:transfer', (p) => progress.push(p));
    await new Promise<void>((resolve, reject) => operator.socket.emit('vehicle:watch', vehicleId, (r) => (r.ok ? resolve() : reject(new Error(r.error)))));
    try {
      const up = await h.api<{ count: number }>('operator', 'POST', `/api/plans/${plan.id}/upload`, { vehicleId });
      expect(up.status).toBe(200);
      expect(up.body).toEqual({ count: plan.items.length });
      await waitFor('the last progress event', () => progress.find((p) => p.done === p.total));
      expect(progress.every((p) => p.vehicleId === vehicleId && p.operation === 'upload' && p.total === plan.items.length)).toBe(true);

      const held = await h.ts.api<{ items: MissionItem[] }>('operator', 'GET', `/api/vehicles/${vehicleId}/mission`);
      expect(held.body.items.slice(1).map((i) => [i.command, i.x, i.y, i.z])).toEqual(plan.items.slice(1).map((i) => [i.command, i.x, i.y, i.z]));
      const audit = (await h.ts.repos.audit.query({ action: 'mission.upload' })).rows.find((r) => r.target === vehicleId);
      expect(audit).toMatchObject({ outcome: 'ok', userId: h.ts.users.operator.id, detail: expect.objectContaining({ planId: plan.id }) });

      const nowhere = await h.api<Refusal>('operator', 'POST', `/api/plans/${plan.id}/upload`, { vehicleId: 'v999' });
      expect(nowhere.status).toBe(404);
      expect(nowhere.body.message).toMatch(/v999/);
    } finally {
      operator.close();
    }
  });
});
