/** The fleet server as `npm start` runs it, in its own process, with the bench's view of its REST API. */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { LinkInfoDTO, VehicleDTO } from '../../../server/protocol.js';
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

/**
 * Starts `server/cli/start.ts` on 127.0.0.1 (HTTP on a free port, MAVLink on a free UDP port) with
 * the bench's probe preloaded; `nodeArgs` go to node (e.g. `--cpu-prof`), `env` to the server, and
 * `nice` (if given) is its scheduling niceness, every thread included.
 */
export async function startServerProcess(opts: { cwd: string; nodeArgs?: string[]; env?: Record<string, string>; nice?: number }): Promise<ServerProcess> {
  const udpPort = await freeUdpPort();
  // tsx first, so preloads written in TypeScript can follow it.
  const args = ['--import', 'tsx', '--import', PROBE, ...(opts.nodeArgs ?? []), 'server/cli/start.ts', '--link', `udp://127.0.0.1:${udpPort}`, '--port', '0', '--host', '127.0.0.1', '--quiet'];
  const [command, niceArgs] = niceCommand(opts.nice);
  // stdin is a pipe the server never reads but the probe watches: it closes when the bench dies.
  const env = { ...process.env, ...opts.env, BENCH_EXIT_WITH_PARENT: '1' };
  const child = spawn(command, [...niceArgs, ...args], { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], env });
  const forget = killOnExit(child);
  const probes: ProbeSample[] = [];
  const stderr = probeLines(child.stderr, probes);
  const stop = async (): Promise<void> => {
    await stopChild(child, 10_000, { term: true });
    forget();
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

  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    pid: child.pid!,
    url,
    udpPort,
    health: () => get<Health>('/api/health'),
    vehicles: () => get<VehicleDTO[]>('/api/vehicles'),
    links: () => get<LinkInfoDTO[]>('/api/links'),
    probes,
    stop,
  };
}
