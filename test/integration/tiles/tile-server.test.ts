/** The server with a tiles directory serves its files' tiles over HTTP, and a site's imported layers. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TileCatalogDTO } from '../../../server/protocol-tiles.js';
import type { SiteLayersDTO } from '../../../server/protocol-site-layers.js';
import { PMTILES_TYPE, solidPng, writeMbtiles, writePmtiles } from '../../support/tile-fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

const BLUE = solidPng([0, 0, 255], 16);
const ORANGE = solidPng([255, 128, 0], 16);

describe('served tiles and site layers', () => {
  let t: TestServer;
  let dir: string;
  let siteId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiles-int-'));
    await mkdir(join(dir, 'maps'));
    writeMbtiles(join(dir, 'maps', 'valley.mbtiles'), { name: 'Valley orthophoto', format: 'png', attribution: '© Survey bureau' }, [{ z: 3, x: 6, y: 3, data: BLUE }]);
    writePmtiles(join(dir, 'maps', 'ridge.pmtiles'), { tileType: PMTILES_TYPE.png, tiles: [{ z: 2, x: 3, y: 1, data: ORANGE }] });
    t = await startTestServer({ tilesDir: join(dir, 'maps'), tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png' });
    siteId = (await t.repos.sites.create({ name: 'Valley', area: { type: 'Polygon', coordinates: [[[106.6, 26.5], [106.7, 26.5], [106.7, 26.6], [106.6, 26.5]]] }, altitudeLimitM: 120 }, Date.now())).id;
  });

  afterAll(async () => {
    await t?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the files it serves and the online source to a viewer', async () => {
    const r = await t.api<TileCatalogDTO>('viewer', 'GET', '/api/tiles');
    expect(r.status).toBe(200);
    expect(r.body.tilesets.map((s) => [s.name, s.kind, s.format, s.title])).toEqual([
      ['ridge', 'pmtiles', 'png', 'ridge'],
      ['valley', 'mbtiles', 'png', 'Valley orthophoto'],
    ]);
    expect(r.body.online).toEqual([expect.objectContaining({ name: 'online', type: 'raster', url: 'https://tiles.example.org/{z}/{x}/{y}.png' })]);
  });

  it('serves each file\'s tiles over HTTP at the listed URL', async () => {
    const { body } = await t.api<TileCatalogDTO>('viewer', 'GET', '/api/tiles');
    for (const [name, [z, x, y], bytes] of [['valley', [3, 6, 3], BLUE], ['ridge', [2, 3, 1], ORANGE]] as const) {
      const template = body.tilesets.find((s) => s.name === name)!.tiles;
      const res = await fetch(`${t.url}${template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y))}`, { headers: { authorization: `Bearer ${t.tokens.viewer}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
    expect((await t.api('viewer', 'GET', '/api/tiles/valley/3/6/4')).status).toBe(204);
  });

  it('asks for a sign-in before serving tiles', async () => {
    expect((await t.api(null, 'GET', '/api/tiles')).status).toBe(401);
    expect((await t.api(null, 'GET', '/api/tiles/valley/3/6/3')).status).toBe(401);
  });

  it('imports a GeoJSON layer for a site (admin) that every viewer can read', async () => {
    const line = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '110 kV line', stroke: '#d9480f' }, geometry: { type: 'LineString', coordinates: [[106.61, 26.51], [106.69, 26.58]] } }] };
    expect((await t.api('viewer', 'PUT', `/api/sites/${siteId}/layers/power-lines`, line)).status).toBe(403);
    const put = await t.api('admin', 'PUT', `/api/sites/${siteId}/layers/power-lines`, line);
    expect(put).toMatchObject({ status: 200, body: { name: 'power-lines', features: 1 } });
    const got = await t.api<SiteLayersDTO>('viewer', 'GET', `/api/sites/${siteId}/layers`);
    expect(got.body).toEqual({ siteId, layers: [{ name: 'power-lines', data: line }] });
  });

  it('refuses bad layers with the field named, and unknown sites', async () => {
    const bad = await t.api<{ message: string }>('admin', 'PUT', `/api/sites/${siteId}/layers/bad`, { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [200, 26] } }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^body\.features\[0\]\.geometry\.coordinates/);
    const badName = await t.api<{ message: string }>('admin', 'PUT', `/api/sites/${siteId}/layers/a.b`, { type: 'Point', coordinates: [106.6, 26.5] });
    expect(badName.status).toBe(400);
    expect(badName.body.message).toMatch(/^name must be/);
    expect((await t.api('viewer', 'GET', '/api/sites/no-such-site/layers')).status).toBe(404);
    expect((await t.api('admin', 'DELETE', `/api/sites/${siteId}/layers/nothing`)).status).toBe(404);
    expect((await t.api('admin', 'DELETE', `/api/sites/${siteId}/layers/power-lines`)).status).toBe(204);
    expect((await t.api<SiteLayersDTO>('viewer', 'GET', `/api/sites/${siteId}/layers`)).body.layers).toEqual([]);
  });
});
