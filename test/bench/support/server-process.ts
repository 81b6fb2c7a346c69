/** The fleet server as `npm start` runs it, in its own process, with the bench's view of its REST API. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { hashPassword } from '../../../server/auth/passwords.js';
import type { LoginDTO } from '../../../server/protocol-auth.js';
import type { LinkInfoDTO, VehicleDTO } from '../../../server/protocol.js';
import { openStore } from '../../../server/store/database.js';
import { createRepositories } from '../../../server/store/repositories.js';
import { killOnExit, niceCommand, stopChild } from './child-process.js';
import { parseProbeLine, type ProbeSample } from './probe-line.js';

/** The fields of `GET /api/health` the bench reads. */
export interface Health {
  vehicles: number;
  vehiclesConnected: number;
  clients: number;
  memory: { rss: number; heapUsed: number };
  /** process.cpuUsage() of the server, µs. */
  cpu: { user: number; system: number };
}

export interface ServerProcess {
  pid: number;
  url: string;
  /** The UDP port drones send to. */
  udpPort: number;
  /** Bearer token of the bench's account (admin, to start; viewer, to watch). */
  token: string;
  health(): Promise<Health>;
  vehicles(): Promise<VehicleDTO[]>;
  links(): Promise<LinkInfoDTO[]>;
  /** The probe's samples so far, one a second (event-loop delay). */
  readonly probes: readonly ProbeSample[];
  /** SIGTERM (the server unwinds and exits, writing a CPU profile if asked for), then SIGKILL if it hangs. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const PROBE = join(import.meta.dirname, 'server-probe.ts');

/** Reads the server's stderr: probe lines go to `probes`; the last of the rest is kept for error messages. */
function probeLines(stream: Readable, probes: ProbeSample[]): () => string {
  let partial = '';
  let tail = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const sample = parseProbeLine(line);
      if (sample) probes.push(sample);
      else tail = `${tail}${line}\n`.slice(-2_000);
    }
  });
  return () => `${tail}${partial}`.trim();
}

/** A UDP port nobody on 127.0.0.1 is bound to right now. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A fresh data directory whose store holds one account that may start the server and watch the fleet. */
async function seedDataDir(): Promise<{ dir: string; username: string; password: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'fleet-bench-'));
  const username = 'bench';
  const password = randomBytes(18).toString('base64url');
  const store = await openStore({ file: join(dir, 'fleet.sqlite') });
  try {
    await createRepositories(store.db).users.create({ username, passwordHash: await hashPassword(password), roles: ['admin', 'viewer'] }, Date.now());
  } finally {
    await store.close();
  }
  return { dir, username, password };
}

/**
 * Starts `server/cli/start.ts` on 127.0.0.1 (HTTP on a free port, MAVLink on a free UDP port) with
 * the bench's probe preloaded; `nodeArgs` go to node (e.g. `--cpu-prof`), `env` to the server, and
 * `nice` (if given) is its scheduling niceness, every thread included.
 */
export async function startServerProcess(opts: { cwd: string; nodeArgs?: string[]; env?: Record<string, string>; nice?: number }): Promise<ServerProcess> {
  const udpPort = await freeUdpPort();
  const account = await seedDataDir();
  // tsx first, so preloads written in TypeScript can follow it.
  const args = ['--import', 'tsx', '--import', PROBE, ...(opts.nodeArgs ?? []), 'server/cli/start.ts', '--link', `udp://127.0.0.1:${udpPort}`, '--port', '0', '--host', '127.0.0.1', '--quiet', '--data', account.dir];
  const [command, niceArgs] = niceCommand(opts.nice);
  // stdin is a pipe the server never reads but the probe watches: it closes when the bench dies.
  const env = { ...process.env, DATABASE_URL: '', ...opts.env, BENCH_EXIT_WITH_PARENT: '1' };
  const child = spawn(command, [...niceArgs, ...args], { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], env });
  const forget = killOnExit(child);
  const probes: ProbeSample[] = [];
  const stderr = probeLines(child.stderr, probes);
  const stop = async (): Promise<void> => {
    await stopChild(child, 10_000, { term: true });
    forget();
    await rm(account.dir, { recursive: true, force: true });
  };

  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let started = false;
      const timer = setTimeout(() => reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms: ${stderr()}`)), START_TIMEOUT_MS);
      child.once('exit', (code) => reject(new Error(`server exited (${code}) while starting: ${stderr()}`)));
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        // Only the first line matters; later output (warnings) is read and dropped so the pipe never fills.
        if (started) return;
        out += chunk;
        const m = /Fleet server on (http:\/\/[^\s]+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          started = true;
          resolve(m[1]);
        }
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }

  let token: string;
  try {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: account.username, password: account.password }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`bench login: HTTP ${res.status}`);
    token = ((await res.json()) as LoginDTO).token;
  } catch (err) {
    await stop();
    throw err;
  }

  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    pid: child.pid!,
    url,
    udpPort,
    token,
    health: () => get<Health>('/api/health'),
    vehicles: () => get<VehicleDTO[]>('/api/vehicles'),
    links: () => get<LinkInfoDTO[]>('/api/links'),
    probes,
    stop,
  };
}
