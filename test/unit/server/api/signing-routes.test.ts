import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerSigningRoutes } from '../../../../server/api/signing-routes.js';
import type { AppContext } from '../../../../server/app-context.js';
import type { AuditEvent } from '../../../../server/auth/audit-log.js';
import type { AuthContext } from '../../../../server/auth/request-auth.js';
import { SigningError, type VehicleSigningService } from '../../../../server/fleet/vehicle-signing.js';

const ADMIN: AuthContext = { userId: 'u1', username: 'admin', roles: ['admin'], sessionId: 's1', expiresAt: Number.MAX_SAFE_INTEGER, via: 'bearer' };

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

/** The route alone, with the signing service answering `answer` and an audit log in memory. */
async function route(answer: (id: string, enabled: boolean) => Promise<{ enabled: boolean }>) {
  const audit: AuditEvent[] = [];
  const calls: [string, boolean][] = [];
  const app = Fastify();
  apps.push(app);
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req) => {
    req.auth = ADMIN;
  });
  const ctx = { audit: { record: async (e: AuditEvent) => void audit.push(e) } } as unknown as AppContext;
  const signing = {
    set: (id: string, enabled: boolean) => {
      calls.push([id, enabled]);
      return answer(id, enabled);
    },
  } as unknown as VehicleSigningService;
  await registerSigningRoutes(app, ctx, signing);
  const post = (body: unknown, id = 'v1') => app.inject({ method: 'POST', url: `/api/vehicles/${id}/signing`, payload: body as object });
  return { app, audit, calls, post };
}

describe('POST /api/vehicles/:id/signing', () => {
  it('declares the vehicles:manage permission', async () => {
    const { app } = await route(async (_id, enabled) => ({ enabled }));
    let permission: unknown;
    app.addHook('onRequest', async (req) => {
      permission = req.routeOptions.config.permission;
    });
    await app.ready();
    await app.inject({ method: 'POST', url: '/api/vehicles/v1/signing', payload: { enabled: true } });
    expect(permission).toBe('vehicles:manage');
  });

  it('turns signing on and audits who did it', async () => {
    const r = await route(async (_id, enabled) => ({ enabled }));
    const res = await r.post({ enabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ enabled: true });
    expect(r.calls).toEqual([['v1', true]]);
    expect(r.audit).toEqual([{ actor: ADMIN, action: 'vehicle.signing', target: 'v1', detail: { enabled: true }, outcome: 'ok' }]);
  });

  it.each([
    [{}, 'enabled: Invalid input: expected boolean, received undefined'],
    [{ enabled: 'yes' }, 'enabled: Invalid input: expected boolean, received string'],
    [{ enabled: true, key: 'x' }, 'body: Unrecognized key: "key"'],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const r = await route(async (_id, enabled) => ({ enabled }));
    const res = await r.post(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid', message });
    expect(r.calls).toHaveLength(0);
  });

  it.each([
    [new SigningError(404, 'not_found', 'no vehicle v1'), 404],
    [new SigningError(409, 'no_uid', 'vehicle v1 has not reported its hardware uid'), 409],
    [new SigningError(504, 'timeout', 'vehicle v1 did not start signing within 3000 ms'), 504],
  ])('answers %s with its status and audits the failure', async (err, status) => {
    const r = await route(async () => {
      throw err;
    });
    const res = await r.post({ enabled: true });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ error: err.code, message: err.message });
    expect(r.audit).toEqual([{ actor: ADMIN, action: 'vehicle.signing', target: 'v1', detail: { enabled: true, error: err.message }, outcome: 'error' }]);
  });
});
