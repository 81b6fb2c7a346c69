import { Server, type Socket } from 'socket.io';
import type { Server as HttpServer } from 'node:http';
import { zodMessage } from '../api/schemas.js';
import {
  FLEET_ROOM,
  vehicleRoom,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../protocol.js';
import { can } from '../protocol-auth.js';
import type { FleetView } from '../api/fleet-view.js';
import type { AuthService } from '../auth/auth-service.js';
import type { ControlAudit } from '../auth/control-audit.js';
import type { AuthContext } from '../auth/request-auth.js';
import type { FleetControl } from '../control/fleet-control.js';
import { registerControlEvents, VehicleIdSchema } from './control-events.js';
import { guardEvents, requireSocketAuth, sessionRoom } from './socket-auth.js';

/** What the server keeps on each socket. */
export interface SocketData {
  auth: AuthContext;
}

export type FleetIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type FleetSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface GatewayOptions {
  fleet: FleetView;
  control: FleetControl;
  actions: ControlAudit;
  auth: AuthService;
  /** Wall clock, for session expiry. */
  now: () => number;
}

/** Socket.IO messages are capped like HTTP bodies. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * Socket.IO on the HTTP server. Only signed-in clients connect; those who may watch the fleet join
 * the fleet room and get a snapshot at once, and may watch single vehicles. Fan-out only
 * broadcasts to rooms, so a Redis adapter drops in.
 */
export function attachGateway(http: HttpServer, o: GatewayOptions): FleetIo {
  const io: FleetIo = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Browsers on flaky field networks: detect dead peers quickly, but tolerate a slow tick.
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  requireSocketAuth(io, o.auth);
  io.on('connection', (socket) => {
    void socket.join(sessionRoom(socket.data.auth.sessionId));
    guardEvents(socket, o.now);
    if (can(socket.data.auth.roles, 'fleet:view')) {
      void socket.join(FLEET_ROOM);
      socket.emit('fleet:snapshot', o.fleet.list());
    }

    socket.on('fleet:snapshot', (ack) => {
      if (typeof ack !== 'function') return;
      ack({ ok: true, data: o.fleet.list() });
    });
    socket.on('vehicle:watch', (id, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = VehicleIdSchema.safeParse(id);
      if (!parsed.success) return ack({ ok: false, error: zodMessage(parsed.error, 'id') });
      const v = o.fleet.get(parsed.data);
      if (!v) return ack({ ok: false, error: `no vehicle with id '${parsed.data}'` });
      void socket.join(vehicleRoom(v.id));
      ack({ ok: true, data: v });
    });
    socket.on('vehicle:unwatch', (id) => {
      if (typeof id === 'string') void socket.leave(vehicleRoom(id));
    });
    registerControlEvents(socket, o.control, o.actions);
  });
  return io;
}
