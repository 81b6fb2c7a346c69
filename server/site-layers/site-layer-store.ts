/**
 * A site's imported GeoJSON layers, one file each under `<data>/site-layers/<site id>/<name>.geojson`,
 * written whole (temporary file, then rename) so a reader never sees half a layer.
 */
import type { FeatureCollection } from 'geojson';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGeoJson } from '../../missions/formats/geojson-import.js';
import type { SiteLayerDTO } from '../protocol-site-layers.js';

/** Layer names: a safe file name and URL segment. */
export const LAYER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Site ids as the store makes them (UUIDs); anything else never reaches the file system. */
const SITE_ID = /^[A-Za-z0-9-]{1,64}$/;
/** Most layers one site may hold. */
export const MAX_LAYERS = 50;

/** A refused layer: 400 with a message naming the field. */
export class LayerError extends Error {}

export class SiteLayerStore {
  constructor(private readonly root: string) {}

  /** Every layer of a site, by name; none when it has none. */
  async list(siteId: string): Promise<SiteLayerDTO[]> {
    const dir = this.dir(siteId);
    let files: string[];
    try {
      files = (await readdir(dir)).filter((f) => f.endsWith('.geojson')).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return Promise.all(files.map(async (f) => ({ name: f.slice(0, -'.geojson'.length), data: JSON.parse(await readFile(join(dir, f), 'utf8')) as FeatureCollection })));
  }

  /** Stores `body` (a FeatureCollection, one Feature or a geometry) as layer `name`, replacing any of that name. */
  async put(siteId: string, name: string, body: unknown): Promise<SiteLayerDTO> {
    checkName(name);
    const parsed = parseGeoJson(body);
    if (!parsed.ok) throw new LayerError(`body.${parsed.error.where}: ${parsed.error.message}`);
    const data = asCollection(body);
    const dir = this.dir(siteId);
    await mkdir(dir, { recursive: true });
    const existing = (await readdir(dir)).filter((f) => f.endsWith('.geojson'));
    if (existing.length >= MAX_LAYERS && !existing.includes(`${name}.geojson`)) throw new LayerError(`a site holds at most ${MAX_LAYERS} layers`);
    const file = join(dir, `${name}.geojson`);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(data));
    await rename(tmp, file);
    return { name, data };
  }

  /** Deletes layer `name`; false when there was none. */
  async remove(siteId: string, name: string): Promise<boolean> {
    checkName(name);
    const file = join(this.dir(siteId), `${name}.geojson`);
    try {
      await rm(file);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  private dir(siteId: string): string {
    if (!SITE_ID.test(siteId)) throw new LayerError(`site id must be letters, digits and -, got '${siteId.slice(0, 80)}'`);
    return join(this.root, siteId);
  }
}

function checkName(name: string): void {
  if (!LAYER_NAME.test(name)) throw new LayerError(`name must be letters, digits, - and _ (at most 64), got '${name.slice(0, 80)}'`);
}

/** Checked GeoJSON as a FeatureCollection. */
function asCollection(body: unknown): FeatureCollection {
  const o = body as { type: string };
  if (o.type === 'FeatureCollection') return body as FeatureCollection;
  if (o.type === 'Feature') return { type: 'FeatureCollection', features: [body as FeatureCollection['features'][number]] };
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: body as FeatureCollection['features'][number]['geometry'] }] };
}
