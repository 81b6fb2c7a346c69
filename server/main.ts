/** Composition root: store → links → fleet → HTTP + Socket.IO (authorised) → fan-out → (demo) simulated drones. */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { RealClock, type Clock } from '../hardware/clock.js';
import { createLink } from '../hardware/link/create-link.js';
import type { Link } from '../hardware/link/link.js';
import type { AppContext } from './app-context.js';
import { buildApp } from './api/app.js';
import { registerFeatureRoutes } from './api/feature-routes.js';
import { registerChecklistRoutes } from './checklist/checklist-routes.js';
import { ChecklistService } from './checklist/checklist-service.js';
import { registerWorldRoutes } from './api/world-routes.js';
import type { World } from '../hardware/sim/world/build-world.js';
import { RepoSigningKeyStore, signingKeyFinder } from './fleet/signing-key-store.js';
import { VehicleRecords } from './fleet/vehicle-records.js';
import { VehicleSigningService } from './fleet/vehicle-signing.js';
import { ImageIngest } from './imagery/image-ingest.js';
import type { FleetView } from './api/fleet-view.js';
import { startDemoDrones, type DemoDrones } from './demo/demo-drones.js';
import { DEMO_CENTER } from './demo/demo-site.js';
import { DemoFlights } from './demo/demo-flights.js';
import { defaultVehicleName, FleetRegistry } from './fleet/fleet-registry.js';
import { toVehicleDTO } from './fleet/vehicle-dto.js';
import { attachGateway, type FleetIo } from './gateway/socket-gateway.js';
import { attachRedisAdapter } from './gateway/redis-adapter.js';
import { vehicleRoom, type ServerConfigDTO } from './protocol.js';
import { FleetControl } from './control/fleet-control.js';
import type { FastifyInstance } from 'fastify';
import { TelemetryFanOut } from './telemetry/fan-out.js';
import type { ServerOptions } from './config.js';
import { AuditLog } from './auth/audit-log.js';
import { AuthService } from './auth/auth-service.js';
import { ControlAudit } from './auth/control-audit.js';
import type { RouteRule } from './auth/http-auth.js';
import { UserAdmin } from './auth/user-admin.js';
import { disconnectSessions, recheckSessions } from './gateway/socket-auth.js';
import { openStore, type Store } from './store/database.js';
import { registerSiteLayersRoutes } from './site-layers/site-layers-routes.js';
import { legacySource, sourceOrigins } from './tiles/online-sources.js';
import { TileCatalog } from './tiles/tile-catalog.js';
import { registerTileRoutes } from './tiles/tile-routes.js';
import { TrafficPicture } from './traffic/traffic-picture.js';
import { StoreOpenError } from './store/errors.js';
import { createRepositories, type Repositories } from './store/repositories.js';

export type StartOptions = Partial<ServerOptions> & {
  port: number;
  links: string[];
  /** Default the wall clock; tests pass a faster one to run protocols and simulators accelerated. */
  clock?: Clock;
  /** An open store to use (the caller closes it); otherwise one is opened from `databaseUrl` or `dataDir`. */
  store?: Store;
  /** Refuse to start while no enabled admin exists (default true; the demo creates its own users). */
  requireAdmin?: boolean;
  /** Hold arming back until the vehicle's pre-flight checklist is complete (default true). */
  requireChecklist?: boolean;
  /** Wall clock (ms) for sessions and the audit log; tests move it to expire sessions. */
  now?: () => number;
  sessionTtlMs?: number;
  /** How often sockets' sessions are re-checked against the store (expiry, revocation elsewhere). */
  sessionCheckMs?: number;
  /** Where logs go (default stdout). */
  logStream?: DestinationStream;
};

export interface RunningServer {
  url: string;
  port: number;
  fleet: FleetRegistry;
  control: FleetControl;
  /** The MAVLink links, started (socket links expose their bound ports). */
  links: Link[];
  store: Store;
  repos: Repositories;
  ctx: AppContext;
  auth: AuthService;
  io: FleetIo;
  /** Every HTTP route with the permission it requires (null: public). */
  routes: RouteRule[];
  stop(): Promise<void>;
}

/** A failure to start that the CLI prints as one line with exit code 2. */
export class StartupError extends Error {}

/** Sockets' sessions are re-checked this often by default. */
const SESSION_CHECK_MS = 15_000;

/** The given store, or one opened from the options; `owned` when this server must close it. */
async function storeFor(opts: StartOptions): Promise<{ store: Store; owned: boolean }> {
  if (opts.store) return { store: opts.store, owned: false };
  try {
    const store = await openStore(opts.databaseUrl ? { url: opts.databaseUrl } : { file: join(opts.dataDir ?? 'data', 'fleet.sqlite') });
    return { store, owned: true };
  } catch (err) {
    throw err instanceof StoreOpenError ? new StartupError(err.message) : err;
  }
}

/** Starts the platform; on any failure, what already started is stopped in reverse order. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const clock = opts.clock ?? new RealClock();
  const now = opts.now ?? Date.now;
  const startedAt = Date.now();
  const undo: (() => Promise<void> | void)[] = [];
  const unwind = async (): Promise<void> => {
    for (const step of undo.reverse()) await step();
    undo.length = 0;
  };

  try {
    const { store, owned } = await storeFor(opts);
    if (owned) undo.push(() => store.close());
    const repos = createRepositories(store.db);
    if (opts.requireAdmin !== false && !(await repos.users.anyEnabledWithRole('admin'))) {
      throw new StartupError('no admin account yet: create one with `npm run user -- add NAME --role admin`');
    }

    const signingKeys = new RepoSigningKeyStore(repos.vehicles, now);
    const links: Link[] = opts.links.map((uri) => createLink(uri, { clock }));
    const names = new Map<string, string>();
    const fleet = new FleetRegistry({
      links,
      clock,
      sysid: opts.sysid,
      compid: opts.compid,
      lostAfterMs: opts.lostAfterMs,
      nameFor: (v) => names.get(v.peer) ?? defaultVehicleName(v),
      // Instances sharing Redis fan-out must not both call a drone `v1`.
      idPrefix: opts.redisUrl ? `${opts.instance ?? `${hostname()}-${process.pid}`}-` : '',
      findSigningKey: signingKeyFinder(signingKeys),
    });
    await fleet.start().catch((err: Error) => {
      throw new StartupError(err.message);
    });
    undo.push(() => fleet.stop());
    const signing = new VehicleSigningService({ fleet, keys: signingKeys, clock });
    const records = new VehicleRecords({ fleet, repo: repos.vehicles, now, onError: (err) => app?.log.error(`vehicle record write failed: ${err.message}`) });
    records.start();
    undo.push(() => records.stop());

    // Set once HTTP and Socket.IO are up; control events before that have no one to tell.
    let io: FleetIo | null = null;
    let app: FastifyInstance | null = null;
    const control = new FleetControl({
      fleet,
      clock,
      us: { sysid: opts.sysid ?? 255, compid: opts.compid ?? 190 },
      onTransfer: (p) => io?.to(vehicleRoom(p.vehicleId)).emit('vehicle:transfer', p),
      onCommand: (e) => app?.log.info({ vehicle: e.vehicleId, action: e.action, outcome: e.outcome, ms: e.durationMs }, e.message ?? `command ${e.outcome}`),
    });
    control.start();
    undo.push(() => control.stop());

    const view: FleetView = {
      list: () => fleet.vehicles().map(toVehicleDTO),
      get: (id) => {
        const v = fleet.get(id);
        return v && toVehicleDTO(v);
      },
      links: () => fleet.linkStats(),
    };
    const config: ServerConfigDTO = {
      tileUrl: opts.tileUrl ?? null,
      tileAttribution: opts.tileAttribution ?? null,
      center: DEMO_CENTER,
      world: (opts.sims ?? 0) > 0,
    };
    const audit = new AuditLog(repos.audit, now, (err) => app?.log.error(`audit log write failed: ${err.message}`));
    const ctx: AppContext = { store, repos, audit, clock, now, io: () => io, fleet: view, control, dataDir: opts.dataDir ?? 'data' };
    const imagery = new ImageIngest({ ctx, fleet, log: (m) => app?.log.warn(m) });
    await imagery.start();
    undo.push(() => imagery.stop());
    const endSessions = (ids: string[]): void => {
      if (io) disconnectSessions(io, ids);
    };
    const auth = new AuthService({ repos, audit, now, sessionTtlMs: opts.sessionTtlMs, disconnectSessions: endSessions });
    const checklist = new ChecklistService(ctx, { required: opts.requireChecklist ?? true });
    const actions = new ControlAudit(control, audit, checklist);
    const onlineSources = opts.tileSources ?? (opts.tileUrl ? [legacySource(opts.tileUrl, opts.tileAttribution ?? null)] : []);
    const built = await buildApp({
      sourceOrigins: sourceOrigins(onlineSources),
      ctx,
      auth,
      users: new UserAdmin({ repos, audit, now, disconnectSessions: endSessions }),
      actions,
      fleet: view,
      config,
      clientCount: () => io?.engine.clientsCount ?? 0,
      startedAt,
      webRoot: opts.webRoot ?? null,
      logLevel: opts.quiet ? 'warn' : 'info',
      logStream: opts.logStream,
      trustProxy: opts.trustProxy,
    });
    app = built.app;
    const http = app;
    undo.push(() => http.close());
    const tiles = await TileCatalog.open({
      dir: opts.tilesDir ?? join(opts.dataDir ?? 'data', 'tiles'),
      online: onlineSources,
      warn: (m) => http.log.warn(m),
    });
    undo.push(() => tiles.close());
    await registerFeatureRoutes(http, ctx, { records, signing, imagery });
    await registerChecklistRoutes(http, checklist);
    await registerTileRoutes(http, tiles);
    await registerSiteLayersRoutes(http, ctx);
    // Set once the demo's drones are up; until then (and without them) the world is 404.
    let simWorld: World | null = null;
    registerWorldRoutes(http, () => simWorld);
    const host = opts.host ?? '0.0.0.0';
    await http.listen({ port: opts.port, host }).catch((err: NodeJS.ErrnoException) => {
      throw new StartupError(err.code === 'EADDRINUSE' ? `HTTP port ${opts.port} is already in use` : `cannot listen on ${host}:${opts.port}: ${err.message}`);
    });
    const address = http.server.address();
    const port = address && typeof address === 'object' ? address.port : opts.port;

    const gateway = attachGateway(http.server, { fleet: view, control, actions, auth, now });
    io = gateway;
    undo.push(() => new Promise<void>((resolve) => void gateway.close(() => resolve())));
    const sessionCheck = clock.setInterval(() => {
      void recheckSessions(gateway, auth)
        .then(() => repos.sessions.deleteExpired(now()))
        .catch((err: Error) => http.log.error(`session check failed: ${err.message}`));
    }, opts.sessionCheckMs ?? SESSION_CHECK_MS);
    undo.push(() => clock.clear(sessionCheck));
    if (opts.redisUrl) {
      const redisUrl = opts.redisUrl;
      const detach = await attachRedisAdapter(gateway, redisUrl, opts.redisKey ?? 'fleet').catch((err: Error) => {
        throw new StartupError(err.message);
      });
      undo.push(detach);
    }
    const fanOut = new TelemetryFanOut(fleet, gateway, clock);
    fanOut.start();
    undo.push(() => fanOut.stop());
    const traffic = new TrafficPicture({ fleet, io: () => io, clock, source: opts.redisUrl ? (opts.instance ?? `${hostname()}-${process.pid}`) : '' });
    traffic.start();
    undo.push(() => traffic.stop());

    fleet.subscribe((e) => {
      if (e.kind === 'added') http.log.info({ vehicle: e.vehicle.id, link: e.vehicle.linkId, peer: e.vehicle.peer }, `vehicle ${e.vehicle.name} connected`);
      else if (e.kind === 'lost') http.log.warn({ vehicle: e.vehicle.id }, `vehicle ${e.vehicle.name} link lost`);
      else if (e.kind === 'restored') http.log.info({ vehicle: e.vehicle.id }, `vehicle ${e.vehicle.name} link restored`);
      else if (e.kind === 'link-error') http.log.error({ link: e.linkId }, e.error.message);
    });

    let demo: DemoDrones | null = null;
    if (opts.sims && opts.sims > 0) {
      demo = await startDemoDrones({ count: opts.sims, links, clock, names, fleet });
      undo.push(() => demo?.stop());
      simWorld = demo.world;
      const flights = new DemoFlights({ fleet, control, clock, imagery, drones: demo.byPeer, log: (m) => http.log.warn(m) });
      flights.start();
      undo.push(() => flights.stop());
    }

    const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    const server: RunningServer = {
      url: `http://${shownHost}:${port}`,
      port,
      fleet,
      control,
      links,
      store,
      repos,
      ctx,
      auth,
      io: gateway,
      routes: built.routes,
      stop: unwind,
    };
    return server;
  } catch (err) {
    await unwind();
    throw err;
  }
}
