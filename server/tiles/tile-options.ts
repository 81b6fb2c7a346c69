/** The tile options of `npm start`: where served tile files live, and the online sources. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OnlineTileSourceDTO } from '../protocol-tiles.js';
import { legacySource, parseOnlineSources, parseSourceFlag, unique } from './online-sources.js';

export interface TileOptions {
  /** Directory of `*.mbtiles`, `*.pmtiles` and tile directories served at /api/tiles; default `<data>/tiles`. */
  tilesDir: string;
  /** Online base maps offered beside the served ones. */
  tileSources: OnlineTileSourceDTO[];
}

export interface TileOptionsInput {
  /** `--tiles-dir` or `TILES_DIR`. */
  dir: string | undefined;
  dataDir: string;
  /** `--tile-source NAME=URL` values. */
  flags: readonly string[];
  /** `--tile-sources FILE` or `TILE_SOURCES`: a JSON file of sources. */
  file: string | undefined;
  /** The older `--tiles URL` and its attribution. */
  legacyUrl: string | null;
  legacyAttribution: string | null;
}

/** Resolves the tile options; throws `fail(message)` for a bad flag, file or source. */
export function tileOptions(input: TileOptionsInput, fail: (message: string) => Error): TileOptions {
  try {
    const fromFile = input.file ? parseOnlineSources(readSourcesFile(input.file), input.file) : [];
    const fromFlags = input.flags.map(parseSourceFlag);
    const legacy = input.legacyUrl ? [legacySource(input.legacyUrl, input.legacyAttribution)] : [];
    return {
      tilesDir: input.dir || join(input.dataDir, 'tiles'),
      tileSources: unique([...fromFile, ...fromFlags, ...legacy], 'tile sources'),
    };
  } catch (err) {
    throw fail((err as Error).message);
  }
}

function readSourcesFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`--tile-sources ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { cause: err });
  }
}
