/**
 * Tile files made in tests: solid-colour PNG tiles, MBTiles (TMS rows) and PMTiles v3 archives
 * (a small writer of our own: header, one root directory, metadata, tile data).
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

export interface FixtureTile {
  /** XYZ address (y down from the north). */
  z: number;
  x: number;
  y: number;
  data: Buffer;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/** A `size`×`size` PNG of one RGB colour. */
export function solidPng(rgb: [number, number, number], size = 256): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.alloc(1 + size * 3);
  for (let i = 0; i < size; i++) row.set(rgb, 1 + i * 3);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

/** Writes an MBTiles file: `metadata` name/value rows and tiles stored with TMS rows. */
export function writeMbtiles(file: string, metadata: Record<string, string>, tiles: FixtureTile[]): void {
  const db = new Database(file);
  try {
    db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);');
    const meta = db.prepare('INSERT INTO metadata VALUES (?, ?)');
    for (const [k, v] of Object.entries(metadata)) meta.run(k, v);
    const put = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
    for (const t of tiles) put.run(t.z, t.x, 2 ** t.z - 1 - t.y, t.data);
  } finally {
    db.close();
  }
}

function varints(values: number[]): Buffer {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return Buffer.from(out);
}

/** PMTiles TileType values. */
export const PMTILES_TYPE = { mvt: 1, png: 2, jpg: 3, webp: 4, avif: 5 } as const;

export interface PmtilesFixture {
  tileType: number;
  tiles: FixtureTile[];
  metadata?: Record<string, unknown>;
  /** Gzip the root directory and metadata (as real archives do); default true. */
  gzipInternal?: boolean;
  bounds?: [number, number, number, number];
}

/** Writes a PMTiles v3 archive with one root directory (no leaves); tiles stored uncompressed. */
export function writePmtiles(file: string, f: PmtilesFixture): void {
  const gz = f.gzipInternal ?? true;
  const sorted = f.tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  let offset = 0;
  const entries = sorted.map((t) => {
    const e = { id: t.id, offset, length: t.data.length };
    offset += t.data.length;
    return e;
  });
  const ids = entries.map((e, i) => e.id - (i === 0 ? 0 : entries[i - 1].id));
  const offsets = entries.map((e, i) => (i > 0 && e.offset === entries[i - 1].offset + entries[i - 1].length ? 0 : e.offset + 1));
  const rawDir = Buffer.concat([varints([entries.length]), varints(ids), varints(entries.map(() => 1)), varints(entries.map((e) => e.length)), varints(offsets)]);
  const dir = gz ? gzipSync(rawDir) : rawDir;
  const rawMeta = Buffer.from(JSON.stringify(f.metadata ?? {}));
  const meta = gz ? gzipSync(rawMeta) : rawMeta;
  const data = Buffer.concat(sorted.map((t) => t.data));
  const zooms = f.tiles.map((t) => t.z);
  const [w, s, e, n] = f.bounds ?? [-180, -85, 180, 85];

  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h[7] = 3;
  const u64 = (at: number, v: number): void => void h.writeBigUInt64LE(BigInt(v), at);
  u64(8, 127);
  u64(16, dir.length);
  u64(24, 127 + dir.length);
  u64(32, meta.length);
  u64(40, 127 + dir.length + meta.length);
  u64(48, 0);
  u64(56, 127 + dir.length + meta.length);
  u64(64, data.length);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  h[96] = 1; // clustered
  h[97] = gz ? 2 : 1; // internal compression
  h[98] = 1; // tile compression: none
  h[99] = f.tileType;
  h[100] = Math.min(...zooms);
  h[101] = Math.max(...zooms);
  h.writeInt32LE(Math.round(w * 1e7), 102);
  h.writeInt32LE(Math.round(s * 1e7), 106);
  h.writeInt32LE(Math.round(e * 1e7), 110);
  h.writeInt32LE(Math.round(n * 1e7), 114);
  h[118] = Math.min(...zooms);
  h.writeInt32LE(Math.round(((w + e) / 2) * 1e7), 119);
  h.writeInt32LE(Math.round(((s + n) / 2) * 1e7), 123);
  writeFileSync(file, Buffer.concat([h, dir, meta, data]));
}
