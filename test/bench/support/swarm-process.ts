/** Starts the bench drones (drone-swarm.ts) in their own process and talks to them over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { SwarmCommand, SwarmReport, SwarmStats } from './drone-swarm.js';
import { killOnExit, niceCommand, stopChild, tailOf } from './child-process.js';

export interface SwarmProcess {
  pid: number;
  stats(): Promise<SwarmStats>;
  /** Stops sending (sockets stay open) and returns the final counters. */
  pause(): Promise<SwarmStats>;
  stop(): Promise<void>;
}

const SCRIPT = join(import.meta.dirname, 'drone-swarm.ts');
const REPLY_TIMEOUT_MS = 20_000;

/** Forks the swarm (at niceness `nice`, if given) and resolves once every drone's socket is open; kills it on failure. */
export async function startSwarm(opts: { target: string; count: number; hz: number; cwd: string; nice?: number }): Promise<SwarmProcess> {
  const [execPath, niceArgs] = niceCommand(opts.nice);
  const child: ChildProcess = fork(SCRIPT, ['--target', opts.target, '--count', String(opts.count), '--hz', String(opts.hz)], {
    cwd: opts.cwd,
    execPath,
    execArgv: [...niceArgs, '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const forget = killOnExit(child);
  const stderr = tailOf(child.stderr);
  const stop = async (): Promise<void> => {
    if (child.connected) child.send({ kind: 'stop' } satisfies SwarmCommand);
    await stopChild(child, 5_000);
    forget();
  };

  const next = (what: string): Promise<SwarmReport> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`drone swarm did not answer ${what} within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
      const onMessage = (r: SwarmReport): void => done(null, r);
      const onExit = (code: number | null): void => done(new Error(`drone swarm exited (${code}) during ${what}: ${stderr()}`));
      function done(err: Error | null, r?: SwarmReport): void {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (err) reject(err);
        else if (r?.kind === 'failed') reject(new Error(`drone swarm failed: ${r.error}`));
        else resolve(r!);
      }
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ask = async (cmd: SwarmCommand): Promise<SwarmStats> => {
    const reply = next(cmd.kind);
    child.send(cmd);
    const r = await reply;
    if (r.kind !== 'stats') throw new Error(`drone swarm answered ${cmd.kind} with ${r.kind}`);
    return r.stats;
  };

  try {
    const first = await next('start');
    if (first.kind !== 'ready') throw new Error(`drone swarm sent ${first.kind} before ready`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid: child.pid!, stats: () => ask({ kind: 'stats' }), pause: () => ask({ kind: 'pause' }), stop };
}
