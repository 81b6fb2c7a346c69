/** Composition root: links → fleet → HTTP + Socket.IO → fan-out → (demo) simulated drones. */
import { hostname } from 'node:os';
import { RealClock, type Clock } from '../hardware/clock.js';
import { createLink } from '../hardware/link/create-link.js';
import type { Link } from '../hardware/link/link.js';
import { buildApp } from './api/app.js';
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

export type StartOptions = Partial<ServerOptions> & {
  port: number;
  links: string[];
  /** Default the wall clock; tests pass a faster one to run protocols and simulators accelerated. */
  clock?: Clock;
};

export interface RunningServer {
  url: string;
  port: number;
  fleet: FleetRegistry;
  control: FleetControl;
  /** The MAVLink links, started (socket links expose their bound ports). */
  links: Link[];
  stop(): Promise<void>;
}

/** A failure to start that the CLI prints as one line with exit code 2. */
export class StartupError extends Error {}

/** Starts the platform; on any failure, what already started is stopped in reverse order. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const clock = opts.clock ?? new RealClock();
  const startedAt = Date.now();
  const undo: (() => Promise<void> | void)[] = [];
  const unwind = async (): Promise<void> => {
    for (const step of undo.reverse()) await step();
    undo.length = 0;
  };

  try {
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
    });
    await fleet.start().catch((err: Error) => {
      throw new StartupError(err.message);
    });
    undo.push(() => fleet.stop());

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
    };
    app = await buildApp({
      fleet: view,
      config,
      clientCount: () => io?.engine.clientsCount ?? 0,
      startedAt,
      webRoot: opts.webRoot ?? null,
      logLevel: opts.quiet ? 'warn' : 'info',
      control,
    });
    const http = app;
    undo.push(() => http.close());
    const host = opts.host ?? '0.0.0.0';
    await http.listen({ port: opts.port, host }).catch((err: NodeJS.ErrnoException) => {
      throw new StartupError(err.code === 'EADDRINUSE' ? `HTTP port ${opts.port} is already in use` : `cannot listen on ${host}:${opts.port}: ${err.message}`);
    });
    const address = http.server.address();
    const port = address && typeof address === 'object' ? address.port : opts.port;

    const gateway = attachGateway(http.server, view, control);
    io = gateway;
    undo.push(() => new Promise<void>((resolve) => void gateway.close(() => resolve())));
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
      const flights = new DemoFlights({ fleet, control, clock, drones: demo.byPeer, log: (m) => http.log.warn(m) });
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
      stop: unwind,
    };
    return server;
  } catch (err) {
    await unwind();
    throw err;
  }
}
