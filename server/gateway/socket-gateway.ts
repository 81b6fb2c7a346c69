import { Server } from 'socket.io';
import type { Server as HttpServer } from 'node:http';
import {
  FLEET_ROOM,
  vehicleRoom,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../protocol.js';
import type { FleetView } from '../api/fleet-view.js';
import type { FleetControl } from '../control/fleet-control.js';
import { registerControlEvents } from './control-events.js';

export type FleetIo = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * Socket.IO on the HTTP server: every client joins the fleet room and gets a snapshot at once;
 * it may also watch single vehicles. Fan-out only broadcasts to rooms, so a Redis adapter drops in.
 */
export function attachGateway(http: HttpServer, fleet: FleetView, control: FleetControl): FleetIo {
  const io: FleetIo = new Server(http, {
    serveClient: false,
    // Browsers on flaky field networks: detect dead peers quickly, but tolerate a slow tick.
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  io.on('connection', (socket) => {
    void socket.join(FLEET_ROOM);
    socket.emit('fleet:snapshot', fleet.list());

    socket.on('fleet:snapshot', (ack) => {
      if (typeof ack !== 'function') return;
      ack({ ok: true, data: fleet.list() });
    });
    socket.on('vehicle:watch', (id, ack) => {
      if (typeof ack !== 'function') return;
      const v = typeof id === 'string' ? fleet.get(id) : undefined;
      if (!v) return ack({ ok: false, error: `no vehicle with id '${String(id)}'` });
      void socket.join(vehicleRoom(v.id));
      ack({ ok: true, data: v });
    });
    socket.on('vehicle:unwatch', (id) => {
      if (typeof id === 'string') void socket.leave(vehicleRoom(id));
    });
    registerControlEvents(socket, control);
  });
  return io;
}
