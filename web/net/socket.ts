/**
 * The live fleet connection: Socket.IO with automatic reconnection, authenticated by the session
 * cookie. Every (re)connect asks for a fresh snapshot, which replaces the dashboard's state, and
 * joins again the vehicle rooms that are watched. A refusal as unauthenticated (the session ended)
 * stops retrying until `reconnect()` after the next sign-in.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, FleetUpdate, LinkState, ServerToClientEvents, StatusTextDTO, VehicleDTO } from '../../server/protocol.js';
import { nextConnectionState, type ConnectionEvent, type ConnectionState } from './connection-state.js';
import { UpdateSequence } from './update-sequence.js';

export type FleetSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the connection delivers. */
export interface FleetHandlers {
  snapshot(vehicles: VehicleDTO[]): void;
  update(update: FleetUpdate): void;
  removed(id: string): void;
  statusText(text: StatusTextDTO): void;
  link(vehicleId: string, state: LinkState): void;
  connection(state: ConnectionState): void;
  /** The server refused the connection: nobody is signed in any more. */
  unauthenticated(): void;
}

export interface FleetConnection {
  readonly socket: FleetSocket;
  /**
   * Joins a vehicle's room; resolves with its current state, or null when the server refuses.
   * Watches are counted: the room is left when every watcher has unwatched.
   */
  watch(id: string): Promise<VehicleDTO | null>;
  unwatch(id: string): void;
  /** Connects again after a sign-in, unless connected. */
  reconnect(): void;
  close(): void;
}

/** The reason Socket.IO gives when the server's auth middleware refuses a connection. */
export const UNAUTHENTICATED = 'unauthenticated';

const ACK_TIMEOUT_MS = 5000;

/** Connects to the page's own origin (`/socket.io`). */
export function connectFleet(handlers: FleetHandlers): FleetConnection {
  // WebSocket only: no long-polling requests left in flight when the server ends a session (they
  // fail with 400), and no sticky sessions needed behind a load balancer.
  const socket: FleetSocket = io({ path: '/socket.io', transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 4000 });
  let state: ConnectionState = 'connecting';
  const move = (event: ConnectionEvent): void => {
    const next = nextConnectionState(state, event);
    if (next === state) return;
    state = next;
    handlers.connection(state);
  };
  handlers.connection(state);

  const requestSnapshot = async (): Promise<void> => {
    try {
      const result = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('fleet:snapshot');
      if (result.ok) handlers.snapshot(result.data);
    } catch {
      // Timed out or disconnected: the next connect asks again.
    }
  };

  const watchers = new Map<string, number>();
  const join = async (id: string): Promise<VehicleDTO | null> => {
    try {
      const result = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('vehicle:watch', id);
      return result.ok ? result.data : null;
    } catch {
      return null;
    }
  };

  const sequence = new UpdateSequence();
  let resyncing = false;
  socket.on('connect', () => {
    move({ kind: 'connect' });
    sequence.reset();
    void requestSnapshot();
    // Rooms do not survive a reconnect.
    for (const id of watchers.keys()) void join(id);
  });
  socket.on('connect_error', (err) => {
    if (err.message === UNAUTHENTICATED) handlers.unauthenticated();
  });
  socket.on('disconnect', (reason) => {
    move({ kind: 'disconnect' });
    // Socket.IO does not retry after a server-side disconnect on its own.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.io.on('reconnect_attempt', (attempt) => move({ kind: 'reconnect-attempt', attempt }));
  socket.io.on('reconnect_failed', () => move({ kind: 'reconnect-failed' }));
  socket.on('fleet:snapshot', (vehicles) => handlers.snapshot(vehicles));
  socket.on('fleet:update', (update) => {
    handlers.update(update);
    if (sequence.observe(update.src, update.seq) && !resyncing) {
      resyncing = true;
      void requestSnapshot().finally(() => (resyncing = false));
    }
  });
  socket.on('vehicle:removed', (id) => handlers.removed(id));
  socket.on('vehicle:statustext', (text) => handlers.statusText(text));
  socket.on('vehicle:link', (event) => handlers.link(event.vehicleId, event.state));

  const onOffline = (): void => move({ kind: 'browser-offline' });
  const onOnline = (): void => move({ kind: 'browser-online' });
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);

  return {
    socket,
    watch(id) {
      watchers.set(id, (watchers.get(id) ?? 0) + 1);
      return join(id);
    },
    unwatch(id) {
      const left = (watchers.get(id) ?? 0) - 1;
      if (left > 0) return void watchers.set(id, left);
      watchers.delete(id);
      if (socket.connected) socket.emit('vehicle:unwatch', id);
    },
    reconnect() {
      if (!socket.connected) socket.connect();
    },
    close() {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      socket.close();
    },
  };
}
