/** A Socket.IO client that keeps the fleet as the dashboard would: snapshot, then batched updates. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, FleetUpdate, ServerToClientEvents, VehicleDTO } from '../../server/protocol.js';

export interface FleetClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  vehicles: Map<string, VehicleDTO>;
  updates: FleetUpdate[];
  linkEvents: { vehicleId: string; state: string }[];
  close(): void;
}

/** How the client signs in: a bearer token in the handshake, or a browser's session cookie header. */
export type FleetClientAuth = { token: string } | { cookie: string };

/** Opens a websocket client on the session and resolves once it has the fleet snapshot. */
export async function connectFleetClient(url: string, auth: FleetClientAuth): Promise<FleetClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ['websocket'],
    reconnection: false,
    ...('token' in auth ? { auth: { token: auth.token } } : { extraHeaders: { cookie: auth.cookie } }),
  });
  const client: FleetClient = { socket, vehicles: new Map(), updates: [], linkEvents: [], close: () => socket.close() };
  socket.on('fleet:update', (u) => {
    client.updates.push(u);
    for (const v of u.vehicles) client.vehicles.set(v.id, v);
  });
  socket.on('vehicle:link', (e) => client.linkEvents.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once('fleet:snapshot', (list) => {
      for (const v of list) client.vehicles.set(v.id, v);
      resolve();
    });
    socket.once('connect_error', reject);
  });
  return client;
}
