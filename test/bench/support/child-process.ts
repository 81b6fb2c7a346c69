/** Child-process chores the benchmark shares: bounded stops, no orphans, the tail of an output stream. */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

const running = new Set<ChildProcess>();
let hooked = false;

/** Kills `child` if the bench process exits first (even on an uncaught error); returns the function that forgets it. */
export function killOnExit(child: ChildProcess): () => void {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
  running.add(child);
  return () => running.delete(child);
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Gives `child` `graceMs` to exit on its own (it may have been asked already), then SIGTERM for as
 * long again, then SIGKILL.
 */
export async function stopChild(child: ChildProcess, graceMs: number, opts: { term?: boolean } = {}): Promise<void> {
  if (opts.term) child.kill('SIGTERM');
  if (await waitExit(child, graceMs)) return;
  child.kill('SIGTERM');
  if (await waitExit(child, graceMs)) return;
  child.kill('SIGKILL');
  await waitExit(child, 5_000);
}

/** Reads `stream` to the end (so the child never blocks on a full pipe) and keeps its last `keep` characters. */
export function tailOf(stream: Readable | null, keep = 2_000): () => string {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-keep);
  });
  return () => text.trim();
}

/**
 * The command and leading arguments that start node at niceness `nice` (`nice -n N node …`, so
 * every thread of the child gets it), or plain node when `nice` is undefined.
 */
export function niceCommand(nice: number | undefined): [string, string[]] {
  return nice === undefined ? [process.execPath, []] : ['nice', ['-n', String(nice), process.execPath]];
}
