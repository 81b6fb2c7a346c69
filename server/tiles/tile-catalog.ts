/**
 * The tilesets under the tiles directory: every `*.mbtiles`, `*.pmtiles` and tile directory, named
 * by file name without extension, opened once at start. A file that cannot be read is reported and
 * left out; a missing directory is an empty catalog.
 */
import { readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { extname, join } from 'node:path';
import type { OnlineTileSourceDTO, TileCatalogDTO, TilesetDTO } from '../protocol-tiles.js';
import { openMbtiles } from './mbtiles-source.js';
import { openPmtiles } from './pmtiles-source.js';
import { openTileDirectory } from './tile-dir-source.js';
import type { TileSource } from './tile-source.js';

/** Tileset names: a safe URL segment, never a path. */
export const TILESET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface TileCatalogOptions {
  dir: string;
  online?: readonly OnlineTileSourceDTO[];
  /** Told about each file left out, and why. */
  warn?: (message: string) => void;
}

const OPENERS: Readonly<Record<string, (path: string, name: string) => Promise<TileSource>>> = {
  '.mbtiles': openMbtiles,
  '.pmtiles': openPmtiles,
};

export class TileCatalog {
  private constructor(
    private readonly sources: ReadonlyMap<string, TileSource>,
    readonly online: readonly OnlineTileSourceDTO[],
  ) {}

  /** Scans `dir` and opens what it holds. */
  static async open(opts: TileCatalogOptions): Promise<TileCatalog> {
    const warn = opts.warn ?? (() => {});
    const sources = new Map<string, TileSource>();
    let entries: Dirent[];
    try {
      entries = await readdir(opts.dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`tiles directory ${opts.dir}: ${(err as Error).message}`);
      entries = [];
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const ext = entry.isDirectory() ? '' : extname(entry.name).toLowerCase();
      const opener = entry.isDirectory() ? openTileDirectory : OPENERS[ext];
      if (!opener) continue;
      const name = entry.name.slice(0, entry.name.length - ext.length);
      const path = join(opts.dir, entry.name);
      if (!TILESET_NAME.test(name)) {
        warn(`tiles: ${path} left out: its name must be letters, digits, - and _ (at most 64)`);
        continue;
      }
      if (sources.has(name)) {
        warn(`tiles: ${path} left out: another tileset is already named '${name}'`);
        continue;
      }
      try {
        sources.set(name, await opener(path, name));
      } catch (err) {
        warn(`tiles: ${path} left out: ${(err as Error).message}`);
      }
    }
    return new TileCatalog(sources, opts.online ?? []);
  }

  get(name: string): TileSource | undefined {
    return this.sources.get(name);
  }

  /** The list the dashboard's base-map switcher offers. */
  describe(): TileCatalogDTO {
    const tilesets: TilesetDTO[] = [...this.sources.values()].map((s) => ({
      ...s.info,
      tiles: `/api/tiles/${s.info.name}/{z}/{x}/{y}?v=${encodeURIComponent(s.version)}`,
    }));
    return { tilesets, online: [...this.online] };
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.sources.values()].map((s) => s.close()));
  }
}
