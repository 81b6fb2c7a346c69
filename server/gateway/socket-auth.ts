/**
 * Socket authentication and authorisation: the handshake must carry a live session (auth token or
 * the session cookie), or the connection is refused with `unauthenticated` before anything is sent.
 * Every incoming event is checked against its permission and the session's expiry; sockets sit in a
 * room per session so that logout, revocation and disabling can disconnect them on any instance.
 */
import { can } from '../protocol-auth.js';
import type { AuthService } from '../auth/auth-service.js';
import { credentialsFrom, MAX_TOKEN_LENGTH } from '../auth/credentials.js';
import type { AuthContext } from '../auth/request-auth.js';
import { eventPermission } from './event-permissions.js';
import type { FleetIo, FleetSocket } from './socket-gateway.js';

/** The room of one session's sockets. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

/** Refuses handshakes without a live session; stores the principal in `socket.data.auth`. */
export function requireSocketAuth(io: FleetIo, auth: AuthService): void {
  io.use((socket, next) => {
    const given = socket.handshake.auth?.token;
    const creds = typeof given === 'string' && given
      ? (given.length <= MAX_TOKEN_LENGTH ? { token: given, via: 'bearer' as const } : null)
      : credentialsFrom({ cookie: socket.handshake.headers.cookie });
    if (!creds) return next(new Error('unauthenticated'));
    auth.authenticate(creds.token, creds.via).then(
      (ctx) => {
        if (!ctx) return next(new Error('unauthenticated'));
        socket.data.auth = ctx;
        next();
      },
      () => next(new Error('unauthenticated')),
    );
  });
}

/**
 * Checks each event before its handler: an ended session disconnects the socket; a missing
 * permission or an unknown event answers the acknowledgement (if any) and goes no further.
 */
export function guardEvents(socket: FleetSocket, now: () => number): void {
  socket.use((packet, next) => {
    const [event, ...args] = packet;
    const ack = args[args.length - 1];
    const refuse = (error: string): void => {
      if (typeof ack === 'function') (ack as (r: { ok: false; error: string }) => void)({ ok: false, error });
    };
    const auth = socket.data.auth;
    if (auth.expiresAt <= now()) {
      refuse('unauthenticated: session expired');
      socket.disconnect(true);
      return;
    }
    const permission = eventPermission(String(event));
    if (!permission) return refuse(`unknown event '${String(event)}'`);
    if (!can(auth.roles, permission)) return refuse(`forbidden: requires ${permission}`);
    next();
  });
}

/** Disconnects the sockets of these sessions, on every instance sharing the adapter. */
export function disconnectSessions(io: FleetIo, sessionIds: string[]): void {
  if (sessionIds.length > 0) io.in(sessionIds.map(sessionRoom)).disconnectSockets(true);
}

/**
 * Re-checks the sessions of this instance's sockets against the store: catches expiry, and
 * revocations made where no socket server could be told (the user CLI). Returns how many it dropped.
 */
export async function recheckSessions(io: FleetIo, auth: AuthService): Promise<number> {
  const bySession = new Map<string, FleetSocket[]>();
  for (const socket of io.of('/').sockets.values()) {
    const id = socket.data.auth.sessionId;
    bySession.set(id, [...(bySession.get(id) ?? []), socket]);
  }
  let dropped = 0;
  for (const [id, sockets] of bySession) {
    const live: AuthContext | null = await auth.resume(id, sockets[0].data.auth.via);
    for (const socket of sockets) {
      if (live) socket.data.auth = { ...live, via: socket.data.auth.via };
      else {
        socket.disconnect(true);
        dropped++;
      }
    }
  }
  return dropped;
}
