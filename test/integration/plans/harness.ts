/**
 * A real server (test/support/test-server.ts) with the plans, sites and vehicle-admin routes. Until
 * the composition root registers those routes, they run on a second Fastify app sharing the server's
 * context, store, sessions and Socket.IO, behind the same authorisation hooks; once it does, the
 * server itself is used.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createLink } from '../../../hardware/link/create-link.js';
import { startSimDrone, type SimHandle } from '../../../hardware/sim/sim-drone.js';
import { registerPlansRoutes } from '../../../server/api/plans-routes.js';
import { registerSitesRoutes } from '../../../server/api/sites-routes.js';
import { registerVehicleAdminRoutes } from '../../../server/api/vehicle-admin-routes.js';
import { installHttpAuth } from '../../../server/auth/http-auth.js';
import { VehicleRecords } from '../../../server/fleet/vehicle-records.js';
import type { Role } from '../../../server/protocol-auth.js';
import { startTestServer, type ApiAnswer, type TestServer } from '../../support/test-server.js';
import { waitFor } from '../../support/wait.js';

export const HOME = { lat: 26.6, lon: 106.64, altMsl: 1070 };

export interface PlansHarness {
  ts: TestServer;
  /** Where the plans routes answer. */
  url: string;
  api<T = unknown>(role: Role | null, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  /** Starts a simulated drone on the server's UDP link; resolves with its vehicle id once it is heard. */
  addDrone(sysid: number): Promise<{ sim: SimHandle; vehicleId: string }>;
  stop(): Promise<void>;
}

export async function startPlansHarness(): Promise<PlansHarness> {
  const ts = await startTestServer();
  const wired = ts.server.routes.some((r) => r.url === '/api/plans');
  let side: FastifyInstance | null = null;
  let records: VehicleRecords | null = null;
  let url = ts.url;
  if (!wired) {
    const app = Fastify({ logger: false });
    installHttpAuth(app, { auth: ts.server.auth, audit: ts.server.ctx.audit });
    await registerPlansRoutes(app, ts.server.ctx);
    await registerSitesRoutes(app, ts.server.ctx);
    records = new VehicleRecords({ fleet: ts.server.fleet, repo: ts.repos.vehicles, now: ts.server.ctx.now });
    records.start();
    await registerVehicleAdminRoutes(app, ts.server.ctx, records);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    side = app;
  }
  const sims: SimHandle[] = [];

  const api = async <T>(role: Role | null, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> => {
    const headers: Record<string, string> = {};
    if (role) headers.authorization = `Bearer ${ts.tokens[role]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json');
    return { status: res.status, body: (text === '' ? null : json ? JSON.parse(text) : text) as T, headers: res.headers };
  };

  return {
    ts, url, api,
    async addDrone(sysid) {
      const port = ts.server.links[0].localPort!();
      const sim = await startSimDrone({ link: createLink(`udpout://127.0.0.1:${port}`), sysid, home: HOME, gpsAcquisitionMs: 500, seed: sysid });
      sims.push(sim);
      const vehicle = await waitFor(`drone ${sysid} to appear`, () => ts.server.fleet.vehicles().find((v) => v.telemetry.sysid === sysid && v.telemetry.uid !== null));
      return { sim, vehicleId: vehicle.id };
    },
    async stop() {
      for (const sim of sims) await sim.stop();
      records?.stop();
      await side?.close();
      await ts.stop();
    },
  };
}
