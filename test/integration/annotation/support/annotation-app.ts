/**
 * A real HTTP server with the annotation routes behind the real authorisation hook, a SQLite store
 * in a temp directory, one account per role, and Socket.IO for the `queues:changed` broadcast.
 * `advance(ms)` moves the server's wall clock, for lease expiry.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Server } from 'socket.io';
import { RealClock } from '../../../../hardware/clock.js';
import type { AnnotationService } from '../../../../server/annotation/annotation-service.js';
import { registerAnnotationRoutes } from '../../../../server/api/annotation-routes.js';
import { AuditLog } from '../../../../server/auth/audit-log.js';
import { AuthService } from '../../../../server/auth/auth-service.js';
import { installHttpAuth, type RouteRule } from '../../../../server/auth/http-auth.js';
import { FLEET_ROOM, type ClientToServerEvents, type ServerToClientEvents } from '../../../../server/protocol.js';
import { ROLES, type Role } from '../../../../server/protocol-auth.js';
import { openStore, type Store } from '../../../../server/store/database.js';
import { createRepositories, type Repositories } from '../../../../server/store/repositories.js';

/** A role's user, or a second annotator. */
export type Who = Role | 'annotator2';

export interface Answer<T> {
  status: number;
  body: T;
}

export interface AnnotationApp {
  url: string;
  store: Store;
  repos: Repositories;
  service: AnnotationService;
  /** Every route registered, with its permission. */
  routes: RouteRule[];
  users: Record<Who, { id: string }>;
  api<T = unknown>(who: Who | null, method: string, path: string, body?: unknown): Promise<Answer<T>>;
  /** Moves the server's wall clock forward. */
  advance(ms: number): void;
  stop(): Promise<void>;
}

export async function startAnnotationApp(): Promise<AnnotationApp> {
  const dir = await mkdtemp(join(tmpdir(), 'fleet-annotation-api-'));
  const store = await openStore({ file: join(dir, 'fleet.sqlite') });
  const repos = createRepositories(store.db);
  let offset = 0;
  const now = () => Date.now() + offset;
  const audit = new AuditLog(repos.audit, now);
  const auth = new AuthService({ repos, audit, now, disconnectSessions: () => {} });
  const app = Fastify({ logger: false });
  const routes = installHttpAuth(app, { auth, audit });
  let io: Server<ClientToServerEvents, ServerToClientEvents> | null = null;
  const service = registerAnnotationRoutes(app, { store, repos, audit, clock: new RealClock(), now, io: () => io }, { broadcastDelayMs: 20 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  io = new Server(app.server, { serveClient: false });
  io.on('connection', (socket) => void socket.join(FLEET_ROOM));
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const users = {} as Record<Who, { id: string }>;
  const tokens = {} as Record<Who, string>;
  for (const who of [...ROLES, 'annotator2'] as const) {
    const user = await repos.users.create({ username: who, passwordHash: 'unused', roles: [who === 'annotator2' ? 'annotator' : who] }, now());
    users[who] = { id: user.id };
    tokens[who] = (await auth.openSession(user, 'test')).token;
  }

  const api = async <T>(who: Who | null, method: string, path: string, body?: unknown): Promise<Answer<T>> => {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${tokens[who]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
  };

  return {
    url, store, repos, service, routes, users, api,
    advance: (ms) => void (offset += ms),
    stop: async () => {
      await new Promise<void>((resolve) => (io ? io.close(() => resolve()) : resolve()));
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
