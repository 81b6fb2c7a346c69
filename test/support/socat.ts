/** A linked pair of pseudo-terminals from socat, standing in for two ends of a serial cable in tests. */
import { spawn } from 'node:child_process';

export interface PtyPair {
  /** First pty path, e.g. `/dev/pts/3`. */
  a: string;
  /** Second pty path. */
  b: string;
  /** Kills socat (which removes both ptys) and resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

export interface PtyPairOptions {
  /** Stable symlinks to create for the two ptys (socat's `link=`), so a restarted pair keeps its names. */
  links?: [string, string];
  socatPath?: string;
  timeoutMs?: number;
}

/**
 * Spawns `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and resolves once data flows, with the two pty
 * paths parsed from socat's log (or the symlinks, when asked for).
 */
export function startPtyPair(opts: PtyPairOptions = {}): Promise<PtyPair> {
  const { links, socatPath = '/usr/bin/socat', timeoutMs = 10_000 } = opts;
  const end = (i: 0 | 1): string => `pty,raw,echo=0${links ? `,link=${links[i]}` : ''}`;
  const child = spawn(socatPath, ['-d', '-d', end(0), end(1)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let log = '';
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      reject(new Error(`socat pty pair: ${reason}\n${log}`));
    };
    const timer = setTimeout(() => fail(`no ptys after ${timeoutMs} ms`), timeoutMs);
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code) => fail(`socat exited early with code ${code}`));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      log += text;
      const paths = [...log.matchAll(/PTY is (\/dev\/\S+)/g)].map((m) => m[1]);
      // socat opens the ptys, then logs the start of its transfer loop: only then are both ends served.
      if (!settled && paths.length === 2 && log.includes('starting data transfer loop')) {
        settled = true;
        clearTimeout(timer);
        resolve({ a: links ? links[0] : paths[0], b: links ? links[1] : paths[1], stop });
      }
    });
  });
}
