import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TileCatalog } from '../../../../server/tiles/tile-catalog.js';
import { parseTileAddress } from '../../../../server/tiles/tile-address.js';
import { registerTileRoutes } from '../../../../server/tiles/tile-routes.js';
import { PMTILES_TYPE, solidPng, writeMbtiles, writePmtiles } from '../../../support/tile-fixtures.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
const PBF = gzipSync(Buffer.from([0x1a, 0x00]));

describe('tile routes', () => {
  let dir: string;
  let app: FastifyInstance;
  let catalog: TileCatalog;
  const warnings: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiles-routes-'));
    writeMbtiles(join(dir, 'png.mbtiles'), { format: 'png' }, [{ z: 1, x: 1, y: 0, data: solidPng([1, 2, 3], 4) }]);
    writeMbtiles(join(dir, 'jpg.mbtiles'), { format: 'jpg' }, [{ z: 0, x: 0, y: 0, data: JPEG }]);
    writeMbtiles(join(dir, 'vector.mbtiles'), { format: 'pbf' }, [{ z: 0, x: 0, y: 0, data: PBF }]);
    writePmtiles(join(dir, 'webp.pmtiles'), { tileType: PMTILES_TYPE.webp, tiles: [{ z: 0, x: 0, y: 0, data: WEBP }] });
    writePmtiles(join(dir, 'png.pmtiles'), { tileType: PMTILES_TYPE.png, tiles: [{ z: 0, x: 0, y: 0, data: solidPng([0, 0, 0], 4) }] });
    await writeFile(join(dir, 'broken.mbtiles'), 'not a database');
    await writeFile(join(dir, 'bad name.pmtiles'), 'x');
    await writeFile(join(dir, 'notes.txt'), 'ignored');
    catalog = await TileCatalog.open({ dir, warn: (m) => warnings.push(m), online: [{ name: 'osm', title: 'OSM', type: 'raster', url: 'https://tile.example/{z}/{x}/{y}.png', attribution: '© OSM', tileSize: 256, maxzoom: 19 }] });
    app = Fastify();
    await registerTileRoutes(app, catalog);
  });

  afterAll(async () => {
    await app?.close();
    await catalog?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists served tilesets with versioned tile URLs, and the online sources', async () => {
    const res = await app.inject('/api/tiles');
    const body = res.json();
    expect(body.tilesets.map((t: { name: string }) => t.name)).toEqual(['jpg', 'png', 'vector', 'webp']);
    const png = body.tilesets.find((t: { name: string }) => t.name === 'png');
    expect(png).toMatchObject({ kind: 'mbtiles', format: 'png', minzoom: 1, maxzoom: 1 });
    expect(png.tiles).toMatch(/^\/api\/tiles\/png\/\{z\}\/\{x\}\/\{y\}\?v=.+/);
    expect(body.online).toEqual([expect.objectContaining({ name: 'osm', type: 'raster' })]);
  });

  it('leaves out unreadable, misnamed and duplicate files, saying why', () => {
    expect(warnings.some((w) => w.includes('broken.mbtiles'))).toBe(true);
    expect(warnings.some((w) => w.includes('bad name.pmtiles') && w.includes('letters, digits'))).toBe(true);
    expect(warnings.some((w) => w.includes('png.pmtiles') && w.includes("already named 'png'"))).toBe(true);
  });

  it.each([
    ['png', '1/1/0', 'image/png', undefined],
    ['jpg', '0/0/0', 'image/jpeg', undefined],
    ['webp', '0/0/0', 'image/webp', undefined],
    ['vector', '0/0/0.pbf', 'application/x-protobuf', 'gzip'],
  ])('serves %s tiles with their content type and encoding, cached for good', async (name, zxy, type, encoding) => {
    const res = await app.inject(`/api/tiles/${name}/${zxy}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.rawPayload.length).toBeGreaterThan(0);
  });

  it('answers 204 with no body where the tileset has no tile', async () => {
    const res = await app.inject('/api/tiles/png/1/0/0');
    expect(res.statusCode).toBe(204);
    expect(res.rawPayload.length).toBe(0);
  });

  it.each([
    ['png/x/0/0', /^z must be a whole number from 0 to 30, got 'x'/],
    ['png/31/0/0', /^z must be/],
    ['png/1/2/0', /^x must be a whole number from 0 to 1 at zoom 1, got '2'/],
    ['png/1/0/-1', /^y must be a whole number from 0 to 1 at zoom 1/],
    ['png/1/0/1.5', /^y must be/],
  ])('refuses bad address %s with 400 naming the part', async (path, message) => {
    const res = await app.inject(`/api/tiles/${path}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid', message: expect.stringMatching(message) });
  });

  it('answers 404 for an unknown tileset', async () => {
    const res = await app.inject('/api/tiles/nowhere/0/0/0');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: "no tileset named 'nowhere'" });
  });

  it('never reaches a file through a literal .. (the URL is normalised first)', async () => {
    const res = await app.inject('/api/tiles/../../package.json/0/0/0');
    expect(res.statusCode).toBe(404);
  });

  it.each(['.hidden', 'a.b', '%2e%2e%2fetc', 'a%5Cb'])('refuses tileset name %s as a path', async (name) => {
    const res = await app.inject(`/api/tiles/${name}/0/0/0`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^name must be letters, digits/);
  });

  it('parses addresses at the edges of a zoom level', () => {
    expect(parseTileAddress('2', '3', '3.png')).toEqual({ z: 2, x: 3, y: 3 });
    expect(parseTileAddress('0', '0', '0')).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTileAddress('2', '4', '0')).toMatch(/^x must/);
  });
});
