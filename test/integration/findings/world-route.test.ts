import type { FeatureCollection } from 'geojson';
import { afterEach, describe, expect, it } from 'vitest';
import { demoWorld } from '../../../server/demo/demo-site.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

describe('GET /api/world', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('answers 404 naming why when the server runs no simulated drones', async () => {
    t = await startTestServer();
    const r = await t.api<{ error: string; message: string }>('viewer', 'GET', '/api/world');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('not_found');
    expect(r.body.message).toMatch(/no simulated drones/);
  });

  it('serves the world the demo drones photograph, as GeoJSON layers for the map', async () => {
    t = await startTestServer({ sims: 1 });
    const r = await t.api<FeatureCollection>('viewer', 'GET', '/api/world');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(demoWorld().toGeoJSON());
    const layers = new Set(r.body.features.map((f) => f.properties?.layer));
    expect([...layers].sort()).toEqual(['clearing', 'forest', 'object', 'power-line', 'rescue-area', 'river', 'tower']);
    const kinds = new Set(r.body.features.filter((f) => f.properties?.layer === 'object').map((f) => f.properties?.kind));
    for (const kind of ['fire', 'bird-nest', 'person']) expect(kinds.has(kind), kind).toBe(true);
  });
});
