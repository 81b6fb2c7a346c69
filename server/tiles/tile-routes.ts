/**
 * `GET /api/tiles` (the base maps on offer) and `GET /api/tiles/:name/:z/:x/:y` (one tile: its
 * content type, gzip encoding for stored-gzipped vector tiles, 204 where the tileset has none).
 * Tile URLs carry the file's version, so answers may be cached for good.
 */
import type { FastifyInstance } from 'fastify';
import { CONTENT_TYPES } from './tile-format.js';
import { nameProblem, parseTileAddress } from './tile-address.js';
import type { TileCatalog } from './tile-catalog.js';

const FOREVER = 'private, max-age=31536000, immutable';
const tags = ['tiles'];

type TileParams = { Params: { name: string; z: string; x: string; y: string } };

export async function registerTileRoutes(app: FastifyInstance, catalog: TileCatalog): Promise<void> {
  app.get('/api/tiles', {
    config: { permission: 'fleet:view' },
    schema: { summary: 'Base maps: tile files this server serves, and the online sources configured', tags },
  }, async () => catalog.describe());

  app.get<TileParams>('/api/tiles/:name/:z/:x/:y', {
    config: { permission: 'fleet:view' },
    schema: { summary: 'One tile (XYZ); 204 where the tileset has none', tags },
  }, async (req, reply) => {
    const { name, z, x, y } = req.params;
    const badName = nameProblem(name);
    if (badName) return reply.code(400).send({ error: 'invalid', message: badName });
    const address = parseTileAddress(z, x, y);
    if (typeof address === 'string') return reply.code(400).send({ error: 'invalid', message: address });
    const source = catalog.get(name);
    if (!source) return reply.code(404).send({ error: 'not_found', message: `no tileset named '${name}'` });
    const tile = await source.getTile(address.z, address.x, address.y);
    reply.header('cache-control', FOREVER);
    if (!tile) return reply.code(204).send();
    reply.header('content-type', CONTENT_TYPES[source.info.format]);
    if (tile.encoding) reply.header('content-encoding', tile.encoding);
    return reply.send(tile.data);
  });
}
