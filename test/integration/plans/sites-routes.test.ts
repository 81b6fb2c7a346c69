import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { orbitPlan } from '../../../missions/patterns/orbit.js';
import type { PlanDTO, SiteDTO, SitesChangedDTO } from '../../../server/protocol-plans.js';
import { connectFleetClient, type FleetClient } from '../../support/fleet-client.js';
import { waitFor } from '../../support/wait.js';
import { HOME, startPlansHarness, type PlansHarness } from './harness.js';

const square = (lon: number, lat: number, d: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]],
});
const area = square(106.635, 26.595, 0.015);
const orbit = (altitude: number) => orbitPlan({ center: { lat: 26.6012, lon: 106.6412 }, radiusM: 30, altitude, photos: 6, home: HOME });

type Refusal = { error: string; message: string; findings?: { code: string }[] };

describe('sites REST API', () => {
  let h: PlansHarness;
  let watcher: FleetClient;
  const changes: SitesChangedDTO[] = [];

  beforeAll(async () => {
    h = await startPlansHarness();
    watcher = await connectFleetClient(h.ts.url, { token: h.ts.tokens.operator });
    watcher.socket.on('sites:changed', (c) => changes.push(c));
  });
  afterAll(async () => {
    watcher?.close();
    await h?.stop();
  });

  it('creates a site with the default 120 m limit, and plans there are held to its limit and geofences', async () => {
    const created = await h.api<SiteDTO>('admin', 'POST', '/api/sites', { name: 'Pylon line 3', area });
    expect(created.status).toBe(201);
    const site = created.body;
    expect(site).toMatchObject({ name: 'Pylon line 3', altitudeLimitM: 120, geofences: [], area });
    expect((await h.api<SiteDTO[]>('viewer', 'GET', '/api/sites')).body.map((s) => s.id)).toContain(site.id);

    const lowered = await h.api<SiteDTO>('admin', 'PUT', `/api/sites/${site.id}`, { altitudeLimitM: 60 });
    expect(lowered.body.altitudeLimitM).toBe(60);
    const high = await h.api<Refusal>('operator', 'POST', '/api/plans', { name: 'too high here', siteId: site.id, plan: orbit(80) });
    expect(high.status).toBe(400);
    expect(high.body.message).toMatch(/over the site limit of 60 m/);
    const elsewhere = await h.api<PlanDTO>('operator', 'POST', '/api/plans', { name: 'fine elsewhere', plan: orbit(80) });
    expect(elsewhere.status).toBe(201);

    // A no-fly square over the orbit's centre.
    const zone = { type: 'Feature', properties: { kind: 'exclusion', name: 'substation' }, geometry: square(106.6408, 26.6008, 0.0008) };
    expect((await h.api('admin', 'PUT', `/api/sites/${site.id}`, { geofences: [zone] })).status).toBe(200);
    const moved = await h.api<Refusal>('operator', 'PUT', `/api/plans/${elsewhere.body.id}`, { version: 1, siteId: site.id, plan: orbit(50) });
    expect(moved.status).toBe(400);
    expect(moved.body.findings!.map((f) => f.code)).toContain('crosses-exclusion-zone');

    const kept = await h.api<PlanDTO>('operator', 'POST', '/api/plans', { name: 'kept', siteId: site.id, plan: orbitPlan({ center: { lat: 26.603, lon: 106.645 }, radiusM: 20, altitude: 50, photos: 4, home: { lat: 26.603, lon: 106.6455 } }) });
    expect(kept.status).toBe(201);
    expect((await h.api('admin', 'DELETE', `/api/sites/${site.id}`)).status).toBe(204);
    expect((await h.api('viewer', 'GET', `/api/sites/${site.id}`)).status).toBe(404);
    expect((await h.api<PlanDTO>('viewer', 'GET', `/api/plans/${kept.body.id}`)).body.siteId).toBeNull();

    await waitFor('the site change events', () => changes.filter((c) => c.id === site.id).length >= 4);
    expect(changes.filter((c) => c.id === site.id).at(-1)).toEqual({ id: site.id, deleted: true });
    const actions = (await h.ts.repos.audit.query({ userId: h.ts.users.admin.id })).rows.filter((r) => r.target === site.id).map((r) => r.action);
    expect(actions.reverse()).toEqual(['site.create', 'site.update', 'site.update', 'site.delete']);
  });

  it('refuses bad geometry and limits with 400 naming the field', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[106.6, 26.6], [106.61, 26.61], [106.61, 26.6], [106.6, 26.61], [106.6, 26.6]]] };
    const open = { type: 'Polygon', coordinates: [[[106.6, 26.6], [106.61, 26.6], [106.6, 26.6]]] };
    const unclosed = { type: 'Polygon', coordinates: [[[106.6, 26.6], [106.61, 26.6], [106.61, 26.61], [106.6, 26.61], [106.6, 26.62]]] };
    const cases: [unknown, RegExp][] = [
      [{ name: 'x', area: bowtie }, /^area \(ring 0 edge 0\): self-intersecting/],
      [{ name: 'x', area: open }, /^area\.coordinates\.0: a ring needs at least 4 positions/],
      [{ name: 'x', area: unclosed }, /^area\.coordinates\.0: a ring must end where it starts/],
      [{ name: 'x', area: { type: 'Point', coordinates: [106.6, 26.6] } }, /^area\.type: /],
      [{ name: 'x', area, altitudeLimitM: -5 }, /^altitudeLimitM: /],
      [{ name: 'x', area, altitudeLimitM: 5000 }, /^altitudeLimitM: /],
      [{ name: 'x', area, geofences: [{ type: 'Feature', properties: { kind: 'maybe' }, geometry: area }] }, /^geofences\.0\.properties\.kind: /],
      [{ name: 'x', area, geofences: [{ type: 'Feature', properties: { kind: 'exclusion' }, geometry: bowtie }] }, /^geofences\.0\.geometry \(ring 0 edge 0\): /],
      [{ area }, /^name: /],
    ];
    for (const [body, message] of cases) {
      const r = await h.api<Refusal>('admin', 'POST', '/api/sites', body);
      expect(r.status, JSON.stringify(body).slice(0, 100)).toBe(400);
      expect(r.body.message).toMatch(message);
    }
    expect((await h.api<Refusal>('admin', 'PUT', '/api/sites/nope', { name: 'y' })).status).toBe(404);
  });

  it('lets every role read sites and only admins change them', async () => {
    for (const role of ['operator', 'annotator', 'reviewer', 'viewer'] as const) {
      expect((await h.api(role, 'GET', '/api/sites')).status).toBe(200);
      expect((await h.api(role, 'POST', '/api/sites', { name: 'x', area })).status).toBe(403);
    }
    expect((await h.api(null, 'GET', '/api/sites')).status).toBe(401);
  });
});
