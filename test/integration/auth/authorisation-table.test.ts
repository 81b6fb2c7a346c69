import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_PERMISSIONS } from '../../../server/gateway/event-permissions.js';
import { can, ROLES, type Permission, type Role } from '../../../server/protocol-auth.js';
import type { ClientToServerEvents } from '../../../server/protocol.js';
import { connectFleetClient, type FleetClient } from '../../support/fleet-client.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * What every route requires. A route the server registers without a row here fails the test, so a
 * new route cannot ship without someone deciding who may call it. HEAD routes follow their GET.
 */
const ROUTES: [method: string, url: string, rule: Permission | 'public'][] = [
  ['GET', '/api/health', 'public'],
  ['GET', '/api/openapi.json', 'public'],
  ['POST', '/api/auth/login', 'public'],
  ['POST', '/api/auth/logout', 'account:self'],
  ['GET', '/api/auth/me', 'account:self'],
  ['POST', '/api/auth/password', 'account:self'],
  ['GET', '/api/auth/sessions', 'account:self'],
  ['DELETE', '/api/auth/sessions/:id', 'account:self'],
  ['GET', '/api/users', 'users:manage'],
  ['POST', '/api/users', 'users:manage'],
  ['PATCH', '/api/users/:id', 'users:manage'],
  ['GET', '/api/audit', 'audit:read'],
  ['GET', '/api/audit.csv', 'audit:read'],
  ['GET', '/api/config', 'fleet:view'],
  ['GET', '/api/vehicles', 'fleet:view'],
  ['GET', '/api/vehicles/:id', 'fleet:view'],
  ['GET', '/api/links', 'fleet:view'],
  ['POST', '/api/vehicles/:id/commands', 'vehicle:command'],
  ['GET', '/api/vehicles/:id/commands', 'mission:read'],
  ...(['mission', 'fence', 'rally'] as const).flatMap((t): [string, string, Permission][] => [
    ['PUT', `/api/vehicles/:id/${t}`, 'mission:write'],
    ['GET', `/api/vehicles/:id/${t}`, 'mission:read'],
    ['DELETE', `/api/vehicles/:id/${t}`, 'mission:write'],
  ]),
  ['POST', '/api/vehicles/:id/transfer/cancel', 'mission:write'],
  ['GET', '/api/vehicles/:id/params', 'mission:read'],
  ['PUT', '/api/vehicles/:id/params/:name', 'vehicle:command'],
  ['GET', '/api/plans', 'plans:read'],
  ['GET', '/api/plans/:id', 'plans:read'],
  ['POST', '/api/plans', 'plans:write'],
  ['PUT', '/api/plans/:id', 'plans:write'],
  ['DELETE', '/api/plans/:id', 'plans:write'],
  ['GET', '/api/plans/:id/export', 'plans:read'],
  ['POST', '/api/plans/:id/upload', 'mission:write'],
  ['GET', '/api/sites', 'sites:read'],
  ['GET', '/api/sites/:id', 'sites:read'],
  ['POST', '/api/sites', 'sites:write'],
  ['PUT', '/api/sites/:id', 'sites:write'],
  ['DELETE', '/api/sites/:id', 'sites:write'],
  ['PATCH', '/api/vehicles/:id', 'vehicles:manage'],
  ['POST', '/api/vehicles/:id/signing', 'vehicles:manage'],
  ['GET', '/api/sites/:id/layers', 'sites:read'],
  ['PUT', '/api/sites/:id/layers/:name', 'sites:write'],
  ['DELETE', '/api/sites/:id/layers/:name', 'sites:write'],
  ['PUT', '/api/sites/:id/layers/:name', 'sites:write'],
  ['DELETE', '/api/sites/:id/layers/:name', 'sites:write'],
  ['GET', '/api/world', 'fleet:view'],
  ['GET', '/api/tiles', 'fleet:view'],
  ['GET', '/api/tiles/:name/:z/:x/:y', 'fleet:view'],
  ['GET', '/api/images', 'images:read'],
  ['GET', '/api/images/coverage', 'images:read'],
  ['GET', '/api/images/jobs/:id', 'images:upload'],
  ['GET', '/api/images/:id', 'images:read'],
  ['GET', '/api/images/:id/file', 'images:read'],
  ['GET', '/api/images/:id/thumbnail', 'images:read'],
  ['POST', '/api/images/:id/retry', 'images:upload'],
  ['POST', '/api/images/upload', 'images:upload'],
  ['GET', '/api/queues', 'queues:read'],
  ['GET', '/api/queues/:id', 'queues:read'],
  ['PUT', '/api/queues/:id', 'queues:manage'],
  ['POST', '/api/queues/:id/claim', 'tasks:label'],
  ['GET', '/api/tasks', 'queues:read'],
  ['GET', '/api/tasks/:id', 'queues:read'],
  ['PATCH', '/api/tasks/:id', 'queues:manage'],
  ['POST', '/api/tasks/:id/heartbeat', 'tasks:label'],
  ['POST', '/api/tasks/:id/submit', 'tasks:label'],
  ['POST', '/api/tasks/:id/skip', 'tasks:label'],
  ['POST', '/api/tasks/:id/review', 'tasks:review'],
  ['POST', '/api/tasks/:id/honeypot', 'queues:manage'],
  ['PUT', '/api/annotators/:id', 'queues:manage'],
  ['GET', '/api/findings', 'findings:read'],
  ['GET', '/api/findings/:id', 'findings:read'],
  ['POST', '/api/findings/:id/reinspect', 'plans:write'],
  ['GET', '/api/stats/annotators', 'queues:manage'],
  ['GET', '/api/stats/queues', 'queues:read'],
  ['GET', '/api/exports', 'exports:read'],
  ['POST', '/api/exports', 'exports:read'],
  ['GET', '/api/exports/:id', 'exports:read'],
  ['GET', '/api/exports/:id/download', 'exports:read'],
  ['POST', '/api/imports/labelstudio', 'queues:manage'],
  ['GET', '/api/vehicles/:id/checklist', 'fleet:view'],
  ['PUT', '/api/vehicles/:id/checklist', 'checklist:complete'],
  ['POST', '/api/vehicles/:id/checklist/override', 'checklist:override'],
  ['POST', '/api/vehicles/:id/checklist/geofence', 'checklist:complete'],
  ['GET', '/api/sites/:id/checklist', 'sites:read'],
  ['PUT', '/api/sites/:id/checklist', 'sites:write'],
  // The dashboard's files.
  ['GET', '/*', 'public'],
];
/** The OpenAPI viewer registers its own routes under this prefix; all public. */
const DOCS_PREFIX = '/api/docs';

/** Every client event and what it requires, with arguments that reach the handler. */
const EVENTS: Record<keyof ClientToServerEvents, { permission: Permission; args: unknown[] }> = {
  'vehicle:watch': { permission: 'fleet:view', args: ['v-none'] },
  'vehicle:unwatch': { permission: 'fleet:view', args: ['v-none'] },
  'fleet:snapshot': { permission: 'fleet:view', args: [] },
  'vehicle:command': { permission: 'vehicle:command', args: ['v-none', { type: 'arm' }] },
  'vehicle:mission:upload': { permission: 'mission:write', args: ['v-none', { type: 'mission', items: [] }] },
  'vehicle:mission:download': { permission: 'mission:read', args: ['v-none', 'mission'] },
  'vehicle:mission:clear': { permission: 'mission:write', args: ['v-none', 'fence'] },
};

/** A concrete path for a route pattern: ids nobody has, so allowed calls change nothing. */
const concrete = (url: string): string => url.replace(':id', 'no-such-id').replace(':name', 'RTL_ALT').replace('*', 'index.html');

describe('authorisation of every route and event by role', () => {
  let t: TestServer;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'fleet-web-'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>fleet</title>');
    t = await startTestServer({ webRoot });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(webRoot, { recursive: true, force: true });
  });

  it('has a row for every registered route, with the permission the route declares', () => {
    const rules = new Map(ROUTES.map(([m, u, r]) => [`${m} ${u}`, r]));
    for (const route of t.server.routes) {
      const key = `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`;
      const declared = route.permission ?? 'public';
      if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
        expect(declared, key).toBe('public');
        continue;
      }
      expect(rules.has(key), `no row for ${route.method} ${route.url}`).toBe(true);
      expect(declared, key).toBe(rules.get(key));
    }
    // And no row names a route that does not exist.
    const registered = new Set(t.server.routes.map((r) => `${r.method} ${r.url}`));
    for (const [m, u] of ROUTES) expect(registered.has(`${m} ${u}`), `row ${m} ${u} matches no route`).toBe(true);
  });

  const callers: (Role | null)[] = [null, ...ROLES];
  describe.each(ROUTES)('%s %s', (method, url, rule) => {
    it.each(callers.map((role) => [role ?? 'anonymous', role] as const))('as %s', async (_name, role) => {
      // A fresh session per call: logout or a password change must not spoil the next row.
      const token = role ? (await t.server.auth.openSession((await t.repos.users.get(t.users[role].id))!, 'table')).token : null;
      const res = await fetch(`${t.url}${concrete(url)}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
        body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
      });
      const allowed = rule === 'public' || (role !== null && can([role], rule));
      if (allowed) expect(res.status, `${method} ${url} as ${role}`).not.toBeOneOf([401, 403]);
      else expect(res.status, `${method} ${url} as ${role}`).toBe(role === null ? 401 : 403);
      if (!allowed && role !== null) expect(await res.json()).toEqual({ error: 'forbidden', message: `requires ${rule}` });
    });
  });

  it('keeps the docs viewer open without sign-in', async () => {
    for (const path of ['/api/docs', '/api/docs/', '/api/docs/json']) expect((await fetch(`${t.url}${path}`)).status, path).toBe(200);
  });

  it('has a row for every client event, with the permission the server enforces', () => {
    expect(Object.keys(EVENTS).sort()).toEqual(Object.keys(EVENT_PERMISSIONS).sort());
    for (const [event, row] of Object.entries(EVENTS)) expect(EVENT_PERMISSIONS[event as keyof ClientToServerEvents], event).toBe(row.permission);
  });

  describe.each(ROLES)('socket events as %s', (role) => {
    let client: FleetClient;
    beforeAll(async () => {
      client = await connectFleetClient(t.url, { token: t.tokens[role] });
    });
    afterAll(() => client?.close());

    it.each(Object.entries(EVENTS))('%s', async (event, { permission, args }) => {
      const answers: { ok: boolean; error?: string }[] = [];
      const emit = client.socket.emit as (event: string, ...rest: unknown[]) => void;
      emit.call(client.socket, event, ...args, (r: { ok: boolean; error?: string }) => answers.push(r));
      // Events are handled in order: once this answers, the first has been refused or handled.
      await client.socket.emitWithAck('fleet:snapshot');
      const refusal = `forbidden: requires ${permission}`;
      if (can([role], permission)) {
        expect(answers.some((a) => a.error === refusal)).toBe(false);
        if (event !== 'vehicle:unwatch') expect(answers).toHaveLength(1);
      } else {
        expect(answers).toEqual([{ ok: false, error: refusal }]);
      }
    });
  });
});
