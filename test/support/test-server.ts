/**
 * A real server for integration tests: a fresh data directory with its SQLite store (removed on
 * stop), one account per role named after it, a bearer token for each, and a small REST helper.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../server/auth/passwords.js';
import { startServer, type RunningServer, type StartOptions } from '../../server/main.js';
import { ROLES, type Role } from '../../server/protocol-auth.js';
import { openStore } from '../../server/store/database.js';
import { createRepositories, type Repositories } from '../../server/store/repositories.js';

/** Every test account's password. */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface ApiAnswer<T> {
  status: number;
  /** Parsed JSON, the text of any other body, or null when empty. */
  body: T;
  headers: Headers;
}

export interface TestServer {
  server: RunningServer;
  url: string;
  repos: Repositories;
  /** A bearer token per role, each of a user holding just that role. */
  tokens: Record<Role, string>;
  users: Record<Role, { id: string; username: string }>;
  /** Calls the REST API as the role's user (bearer), or unauthenticated with null. */
  api<T = unknown>(role: Role | null, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  stop(): Promise<void>;
}

/** Starts a server (port 0, one UDP link on 127.0.0.1, quiet) with `opts` on top. */
export async function startTestServer(opts: Partial<StartOptions> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fleet-test-'));
  // The accounts exist before the server starts, as an admin must.
  const store = opts.store ?? (await openStore(opts.databaseUrl ? { url: opts.databaseUrl } : { file: join(dataDir, 'fleet.sqlite') }));
  const cleanup = async (): Promise<void> => {
    if (!opts.store) await store.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  let server: RunningServer;
  const users = {} as Record<Role, { id: string; username: string }>;
  const tokens = {} as Record<Role, string>;
  try {
    const repos = createRepositories(store.db);
    const now = opts.now ?? Date.now;
    // One hash for all: scrypt is deliberately slow.
    const passwordHash = await hashPassword(TEST_PASSWORD);
    for (const role of ROLES) {
      const user = (await repos.users.getByUsername(role)) ?? (await repos.users.create({ username: role, passwordHash, roles: [role] }, now()));
      users[role] = { id: user.id, username: user.username };
    }
    server = await startServer({ port: 0, host: '127.0.0.1', links: ['udp://127.0.0.1:0'], quiet: true, dataDir, requireChecklist: false, ...opts, store });
    for (const role of ROLES) {
      const user = (await repos.users.get(users[role].id))!;
      tokens[role] = (await server.auth.openSession(user, 'test')).token;
    }
  } catch (err) {
    await cleanup();
    throw err;
  }

  const api = async <T>(role: Role | null, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> => {
    const headers: Record<string, string> = {};
    if (role) headers.authorization = `Bearer ${tokens[role]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json');
    return { status: res.status, body: (text === '' ? null : json ? JSON.parse(text) : text) as T, headers: res.headers };
  };

  return {
    server,
    url: server.url,
    repos: server.repos,
    tokens,
    users,
    api,
    stop: async () => {
      await server.stop();
      await cleanup();
    },
  };
}
