/** Scheduling priority for the bench on a machine shared with other work. */
import { readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';

const AUTOGROUP = '/proc/self/autogroup';

/**
 * Runs this process, and the children it starts afterwards, at niceness `nice`. With Linux
 * autogroup scheduling (sched_autogroup_enabled) CPU is shared between sessions first and nice
 * acts only inside a session, so the session's own autogroup nice is set too, and put back when
 * this process exits. Below 0 needs root; throws when it cannot be set.
 */
export function runAtNiceness(nice: number): string {
  setPriority(nice);
  let previous: string | undefined;
  try {
    previous = /nice (-?\d+)/.exec(readFileSync(AUTOGROUP, 'utf8'))?.[1];
  } catch {
    return `nice ${nice}`;
  }
  if (previous === undefined) return `nice ${nice}`;
  writeFileSync(AUTOGROUP, String(nice));
  process.on('exit', () => writeFileSync(AUTOGROUP, previous));
  return `nice ${nice}, session autogroup nice ${nice} (was ${previous})`;
}
