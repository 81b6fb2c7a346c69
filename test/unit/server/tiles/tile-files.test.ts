import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMbtiles, tmsRow } from '../../../../server/tiles/mbtiles-source.js';
import { openPmtiles } from '../../../../server/tiles/pmtiles-source.js';
import { openTileDirectory } from '../../../../server/tiles/tile-dir-source.js';
import { PMTILES_TYPE, solidPng, writeMbtiles, writePmtiles } from '../../../support/tile-fixtures.js';

const RED = solidPng([255, 0, 0], 8);
const GREEN = solidPng([0, 255, 0], 8);

describe('tile files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiles-unit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('counts MBTiles rows from the south: XYZ row y is TMS row 2^z − 1 − y', () => {
    expect(tmsRow(0, 0)).toBe(0);
    expect(tmsRow(1, 0)).toBe(1);
    expect(tmsRow(3, 2)).toBe(5);
  });

  it('reads an MBTiles tile at its XYZ address and none at the unflipped row', async () => {
    const file = join(dir, 'flip.mbtiles');
    // Stored by the fixture at TMS row 2^2 − 1 − 1 = 2.
    writeMbtiles(file, { name: 'Flip test', format: 'png', bounds: '106.5,26.5,106.8,26.7', attribution: '© Survey' }, [{ z: 2, x: 3, y: 1, data: RED }]);
    const src = await openMbtiles(file, 'flip');
    try {
      expect((await src.getTile(2, 3, 1))?.data.equals(RED)).toBe(true);
      expect(await src.getTile(2, 3, 2)).toBeNull();
      expect(src.info).toMatchObject({ name: 'flip', title: 'Flip test', kind: 'mbtiles', format: 'png', minzoom: 2, maxzoom: 2, bounds: [106.5, 26.5, 106.8, 26.7], attribution: '© Survey' });
    } finally {
      await src.close();
    }
  });

  it('serves gzipped MBTiles vector tiles as stored, marked gzip, with their source layers', async () => {
    const file = join(dir, 'vector.mbtiles');
    const pbf = gzipSync(Buffer.from([0x1a, 0x00]));
    writeMbtiles(file, { format: 'pbf', json: JSON.stringify({ vector_layers: [{ id: 'water' }, { id: 'roads' }] }) }, [{ z: 0, x: 0, y: 0, data: pbf }]);
    const src = await openMbtiles(file, 'vector');
    try {
      expect(await src.getTile(0, 0, 0)).toEqual({ data: pbf, encoding: 'gzip' });
      expect(src.info.vectorLayers).toEqual(['water', 'roads']);
    } finally {
      await src.close();
    }
  });

  it('tells an MBTiles format from the first tile when the metadata has none', async () => {
    const file = join(dir, 'noformat.mbtiles');
    writeMbtiles(file, {}, [{ z: 1, x: 0, y: 0, data: RED }]);
    const src = await openMbtiles(file, 'noformat');
    expect(src.info.format).toBe('png');
    await src.close();
  });

  it.each([true, false])('reads a PMTiles v3 header, directory and metadata (internal gzip %s)', async (gzipInternal) => {
    const file = join(dir, `fixture-${gzipInternal}.pmtiles`);
    writePmtiles(file, {
      tileType: PMTILES_TYPE.png,
      gzipInternal,
      bounds: [106, 26, 107, 27],
      metadata: { name: 'Valley', attribution: '© Valley survey' },
      tiles: [
        { z: 0, x: 0, y: 0, data: RED },
        { z: 1, x: 1, y: 0, data: GREEN },
        { z: 1, x: 0, y: 1, data: RED },
      ],
    });
    const src = await openPmtiles(file, 'valley');
    try {
      expect(src.info).toMatchObject({ kind: 'pmtiles', format: 'png', minzoom: 0, maxzoom: 1, title: 'Valley', attribution: '© Valley survey', bounds: [106, 26, 107, 27] });
      expect((await src.getTile(1, 1, 0))?.data.equals(GREEN)).toBe(true);
      expect((await src.getTile(1, 0, 1))?.data.equals(RED)).toBe(true);
      expect(await src.getTile(1, 1, 1)).toBeNull();
      expect(await src.getTile(5, 0, 0)).toBeNull();
    } finally {
      await src.close();
    }
  });

  it('refuses a file that is not a PMTiles archive', async () => {
    const file = join(dir, 'bogus.pmtiles');
    await writeFile(file, Buffer.alloc(200, 7));
    await expect(openPmtiles(file, 'bogus')).rejects.toThrow();
  });

  it('reads a directory of tiles, XYZ by default and TMS when its metadata says', async () => {
    const xyz = join(dir, 'xyz');
    await mkdir(join(xyz, '3', '4'), { recursive: true });
    await writeFile(join(xyz, '3', '4', '2.png'), RED);
    const a = await openTileDirectory(xyz, 'xyz');
    expect(a.info).toMatchObject({ kind: 'directory', format: 'png', minzoom: 3, maxzoom: 3 });
    expect((await a.getTile(3, 4, 2))?.data.equals(RED)).toBe(true);
    expect(await a.getTile(3, 4, 5)).toBeNull();

    const tms = join(dir, 'tms');
    await mkdir(join(tms, '3', '4'), { recursive: true });
    await writeFile(join(tms, '3', '4', '5.png'), GREEN);
    await writeFile(join(tms, 'metadata.json'), JSON.stringify({ scheme: 'tms', name: 'Old dump' }));
    const b = await openTileDirectory(tms, 'tms');
    expect(b.info.title).toBe('Old dump');
    expect((await b.getTile(3, 4, 2))?.data.equals(GREEN)).toBe(true);
  });
});
