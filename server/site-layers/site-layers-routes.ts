/**
 * A site's imported map layers: `GET /api/sites/:id/layers` (all of them, `sites:read`),
 * `PUT /api/sites/:id/layers/:name` (GeoJSON body) and `DELETE` (`sites:write`). Changes are
 * audited and announced to the fleet room as `sites:changed`, so dashboards reload them.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { join } from 'node:path';
import type { AppContext } from '../app-context.js';
import { FLEET_ROOM } from '../protocol.js';
import type { SiteLayersDTO } from '../protocol-site-layers.js';
import { LayerError, SiteLayerStore } from './site-layer-store.js';

/** GeoJSON of a large forest or a long line runs to megabytes. */
export const LAYER_BODY_LIMIT = 20 * 1024 * 1024;

const tags = ['sites'];
const params = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id'] } as const;

type SiteParams = { Params: { id: string } };
type LayerParams = { Params: { id: string; name: string } };

export type SiteLayersContext = Pick<AppContext, 'repos' | 'audit' | 'io' | 'dataDir'>;

export async function registerSiteLayersRoutes(app: FastifyInstance, ctx: SiteLayersContext): Promise<void> {
  const store = new SiteLayerStore(join(ctx.dataDir, 'site-layers'));
  const refuse = (reply: FastifyReply, err: unknown): FastifyReply => {
    if (err instanceof LayerError) return reply.code(400).send({ error: 'invalid', message: err.message });
    throw err;
  };
  const siteMissing = async (id: string, reply: FastifyReply): Promise<boolean> => {
    if (await ctx.repos.sites.get(id)) return false;
    await reply.code(404).send({ error: 'not_found', message: `no site with id '${id}'` });
    return true;
  };
  const announce = (id: string): void => {
    ctx.io()?.to(FLEET_ROOM).emit('sites:changed', { id });
  };

  app.get<SiteParams>('/api/sites/:id/layers', {
    config: { permission: 'sites:read' },
    schema: { summary: 'The site\'s imported map layers (GeoJSON FeatureCollections by name)', tags, params },
  }, async (req, reply) => {
    if (await siteMissing(req.params.id, reply)) return reply;
    try {
      const answer: SiteLayersDTO = { siteId: req.params.id, layers: await store.list(req.params.id) };
      return answer;
    } catch (err) {
      return refuse(reply, err);
    }
  });

  app.put<LayerParams>('/api/sites/:id/layers/:name', {
    config: { permission: 'sites:write' },
    bodyLimit: LAYER_BODY_LIMIT,
    schema: {
      summary: 'Import or replace a map layer: a GeoJSON FeatureCollection, Feature or geometry',
      description: 'Features may carry simplestyle properties (`stroke`, `fill`, `stroke-width`, `fill-opacity`) and a `name`.',
      tags,
      params,
      body: { type: 'object', additionalProperties: true },
    },
  }, async (req, reply) => {
    const { id, name } = req.params;
    if (await siteMissing(id, reply)) return reply;
    try {
      const layer = await store.put(id, name, req.body);
      await ctx.audit.record({ actor: req.auth, action: 'site.layer.put', target: id, detail: { name, features: layer.data.features.length }, outcome: 'ok' });
      announce(id);
      return { name: layer.name, features: layer.data.features.length };
    } catch (err) {
      return refuse(reply, err);
    }
  });

  app.delete<LayerParams>('/api/sites/:id/layers/:name', {
    config: { permission: 'sites:write' },
    schema: { summary: 'Delete a map layer', tags, params },
  }, async (req, reply) => {
    const { id, name } = req.params;
    if (await siteMissing(id, reply)) return reply;
    try {
      if (!(await store.remove(id, name))) return reply.code(404).send({ error: 'not_found', message: `site '${id}' has no layer '${name}'` });
      await ctx.audit.record({ actor: req.auth, action: 'site.layer.delete', target: id, detail: { name }, outcome: 'ok' });
      announce(id);
      return reply.code(204).send();
    } catch (err) {
      return refuse(reply, err);
    }
  });
}
