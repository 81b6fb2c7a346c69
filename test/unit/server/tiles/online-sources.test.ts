import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseServerArgs } from '../../../../server/config.js';
import { parseOnlineSources, sourceOrigins } from '../../../../server/tiles/online-sources.js';

const start = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseServerArgs(argv, env, { demo: false });

describe('online tile sources and tile options', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tile-sources-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves tiles from <data>/tiles unless --tiles-dir or TILES_DIR says otherwise', () => {
    expect(start([]).tilesDir).toBe(join('data', 'tiles'));
    expect(start(['--data', '/srv/fleet']).tilesDir).toBe(join('/srv/fleet', 'tiles'));
    expect(start([], { TILES_DIR: '/maps' }).tilesDir).toBe('/maps');
    expect(start(['--tiles-dir', '/usb/maps'], { TILES_DIR: '/maps' }).tilesDir).toBe('/usb/maps');
  });

  it('keeps --tiles working as the raster source "online", beside --tile-source flags', () => {
    const o = start(['--tiles', 'https://a.example/{z}/{x}/{y}.png', '--tiles-attribution', '© A', '--tile-source', 'sat=https://b.example/{z}/{y}/{x}.jpg', '--tile-source', 'vector=https://c.example/style.json']);
    expect(o.tileUrl).toBe('https://a.example/{z}/{x}/{y}.png');
    expect(o.tileSources.map((s) => [s.name, s.type, s.attribution])).toEqual([['sat', 'raster', null], ['vector', 'style', null], ['online', 'raster', '© A']]);
  });

  it('reads sources from a JSON file (--tile-sources or TILE_SOURCES)', async () => {
    const file = join(dir, 'sources.json');
    await writeFile(file, JSON.stringify([{ name: 'osm', url: 'https://tile.example/{z}/{x}/{y}.png', attribution: '© OpenStreetMap', maxzoom: 18 }, { name: 'liberty', type: 'style', url: 'https://styles.example/liberty' }]));
    const o = start([], { TILE_SOURCES: file });
    expect(o.tileSources).toEqual([
      { name: 'osm', title: 'osm', type: 'raster', url: 'https://tile.example/{z}/{x}/{y}.png', attribution: '© OpenStreetMap', tileSize: 256, maxzoom: 18 },
      { name: 'liberty', title: 'liberty', type: 'style', url: 'https://styles.example/liberty', attribution: null, tileSize: 256, maxzoom: 19 },
    ]);
    expect(sourceOrigins(o.tileSources)).toEqual(['https://tile.example', 'https://styles.example']);
  });

  it.each([
    ['[{"name":"a b","url":"https://x.example/{z}/{x}/{y}.png"}]', /src\.json: \[0\]\.name: letters, digits/],
    ['[{"name":"a","url":"ftp://x.example/{z}"}]', /\[0\]\.url: must be an http\(s\) URL/],
    ['[{"name":"a","type":"raster","url":"https://x.example/tiles"}]', /'a': a raster url needs \{z\}, \{x\} and \{y\}/],
    ['[{"name":"a","url":"https://x.example/s"},{"name":"a","url":"https://y.example/s"}]', /'a' is named twice/],
    ['{"name":"a"}', /src\.json: document: /],
    ['not json', /src\.json: not JSON/],
  ])('refuses source file %s naming the problem', (json, message) => {
    expect(() => parseOnlineSources(json, 'src.json')).toThrow(message);
  });

  it('refuses a bad --tile-source or a missing sources file as a configuration error', () => {
    expect(() => start(['--tile-source', 'nourl'])).toThrow(ConfigError);
    expect(() => start(['--tile-source', 'nourl'])).toThrow(/--tile-source must be NAME=URL, got 'nourl'/);
    expect(() => start(['--tile-sources', join(dir, 'missing.json')])).toThrow(/missing\.json: no such file/);
    expect(() => start(['--tiles', 'https://a.example/{z}/{x}/{y}.png', '--tile-source', 'online=https://b.example/s'])).toThrow(/'online' is named twice/);
  });
});
