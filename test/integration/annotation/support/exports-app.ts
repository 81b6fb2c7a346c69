/**
 * A real HTTP server with the annotation and export routes behind the real authorisation hook, a
 * SQLite store and photo files in a temp data directory, one account per role, and Socket.IO with
 * a room per session for `exports:progress`. Photos are real JPEGs kept where the ingest keeps them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import jpeg from 'jpeg-js';
import { Server } from 'socket.io';
import { RealClock } from '../../../../hardware/clock.js';
import { createTaskForImage } from '../../../../server/annotation/task-intake.js';
import { registerAnnotationRoutes } from '../../../../server/api/annotation-routes.js';
import { registerExportRoutes } from '../../../../server/api/export-routes.js';
import { AuditLog } from '../../../../server/auth/audit-log.js';
import { AuthService } from '../../../../server/auth/auth-service.js';
import { installHttpAuth } from '../../../../server/auth/http-auth.js';
import { sessionRoom } from '../../../../server/gateway/socket-auth.js';
import { ContentStore, sha256Hex } from '../../../../server/imagery/content-store.js';
import type { ExportProgressDTO } from '../../../../server/protocol-annotation.js';
import { ROLES, type Role } from '../../../../server/protocol-auth.js';
import { openStore, type Store } from '../../../../server/store/database.js';
import { createRepositories } from '../../../../server/store/repositories.js';
import { T0 } from './fixtures.js';

/** Events this server sends. */
export interface ExportEvents {
  'exports:progress': (p: ExportProgressDTO) => void;
}

export interface ExportsApp {
  url: string;
  dataDir: string;
  store: Store;
  originals: ContentStore;
  users: Record<Role, { id: string }>;
  tokens: Record<Role, string>;
  /** JSON (or text) answer. */
  api<T = unknown>(who: Role | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The raw answer, for zips; `body` as given (a string is sent as is). */
  raw(who: Role | null, method: string, path: string, body?: string, type?: string): Promise<Response>;
  /** A stored photo of `width` × `height` (a JPEG made here, or `bytes`) with its task in `queue`; the image and task ids. */
  photo(queue: string, o: { width: number; height: number; fileName?: string | null; capturedAt?: number; bytes?: Buffer }): Promise<{ imageId: string; taskId: string; sha256: string }>;
  stop(): Promise<void>;
}

const encoded = new Map<string, Buffer>();

/**
 * A JPEG of the size with `seed` in a comment segment, so no two photos share bytes; each size is
 * encoded once (encoding is slow in plain JavaScript).
 */
export function jpegOf(width: number, height: number, seed: number): Buffer {
  const key = `${width}x${height}`;
  let base = encoded.get(key);
  if (!base) {
    const data = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) data.set([i % 256, (i / width) % 256, 128, 255], i * 4);
    base = Buffer.from(jpeg.encode({ width, height, data }, 80).data);
    encoded.set(key, base);
  }
  const note = Buffer.from(`photo ${seed}`);
  const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, note.length + 2]), note]);
  return Buffer.concat([base.subarray(0, 2), comment, base.subarray(2)]);
}

export async function startExportsApp(opts: { maxExportBytes?: number } = {}): Promise<ExportsApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fleet-exports-'));
  const store = await openStore({ file: join(dataDir, 'fleet.sqlite') });
  const repos = createRepositories(store.db);
  const now = () => Date.now();
  const audit = new AuditLog(repos.audit, now);
  const auth = new AuthService({ repos, audit, now, disconnectSessions: () => {} });
  // As the real server: an export still streaming must not hold shutdown open.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  installHttpAuth(app, { auth, audit });
  let io: Server<Record<string, never>, ExportEvents> | null = null;
  const ctx = { store, repos, audit, clock: new RealClock(), now, io: () => null, dataDir };
  registerAnnotationRoutes(app, ctx, { broadcastDelayMs: 20 });
  await registerExportRoutes(app, ctx, {
    ...opts,
    emitProgress: (p, sessionId) => io?.to(sessionRoom(sessionId)).emit('exports:progress', p),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  io = new Server(app.server, { serveClient: false });
  io.use((socket, next) => {
    const token = socket.handshake.auth?.token;
    void auth.authenticate(String(token), 'bearer').then((who) => {
      if (!who) return next(new Error('unauthenticated'));
      void socket.join(sessionRoom(who.sessionId));
      next();
    });
  });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const users = {} as Record<Role, { id: string }>;
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const user = await repos.users.create({ username: role, passwordHash: 'unused', roles: [role] }, now());
    users[role] = { id: user.id };
    tokens[role] = (await auth.openSession(user, 'test')).token;
  }

  const raw = (who: Role | null, method: string, path: string, body?: string, type = 'application/json'): Promise<Response> => {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${tokens[who]}`;
    if (body !== undefined) headers['content-type'] = type;
    return fetch(`${url}${path}`, { method, headers, body });
  };
  const api = async <T>(who: Role | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await raw(who, method, path, body === undefined ? undefined : JSON.stringify(body));
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json');
    return { status: res.status, body: (text === '' ? null : json ? JSON.parse(text) : text) as T };
  };

  const originals = new ContentStore(join(dataDir, 'images'));
  let seed = 0;
  const photo: ExportsApp['photo'] = async (queue, o) => {
    seed++;
    const bytes = o.bytes ?? jpegOf(o.width, o.height, seed);
    const sha256 = sha256Hex(bytes);
    await originals.put(sha256, bytes);
    const id = randomUUID();
    const capturedAt = o.capturedAt ?? T0 + seed * 1000;
    await store.db.insertInto('images').values({
      id, sha256, bytes: bytes.byteLength, width: o.width, height: o.height, mime: 'image/jpeg',
      vehicle_id: null, vehicle_name: 'test', plan_id: null, patrol: queue, source: 'upload', status: 'stored', url: null,
      attempts: 0, last_error: null, image_index: null, capture_ms: null, captured_at: capturedAt,
      lat: 26.6, lon: 106.64, alt_msl: 1160, rel_alt: 60, yaw: 0, pitch: -90, roll: 0, camera: null, footprint: null,
      file_name: o.fileName === undefined ? `photo-${seed}.jpg` : o.fileName, created_at: capturedAt, updated_at: capturedAt,
    }).execute();
    const task = await createTaskForImage(store.db, { id, patrol: queue, capturedAt });
    return { imageId: id, taskId: task!.task.id, sha256 };
  };

  return {
    url, dataDir, store, originals, users, tokens, api, raw, photo,
    stop: async () => {
      await new Promise<void>((resolve) => (io ? io.close(() => resolve()) : resolve()));
      await app.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
