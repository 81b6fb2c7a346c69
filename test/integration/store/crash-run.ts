/** Runs the crash writer against a store, kills it with SIGKILL mid-loop, and checks what it acknowledged. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Store } from '../../../server/store/database.js';
import { createRepositories } from '../../../server/store/repositories.js';
import { waitFor } from '../../support/wait.js';

const root = join(import.meta.dirname, '../../..');

/** Every complete line the writer printed before it was killed after `atLeast` acknowledged writes. */
export async function killWriterMidLoop(target: string, atLeast: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/store/crash-writer.ts', target], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  try {
    await waitFor(`${atLeast} acknowledged writes`, () => {
      if (child.exitCode !== null) throw new Error(`writer exited early: ${stderr}`);
      return stdout.split('\n').length > atLeast + 2;
    }, 60_000, 10);
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  // The last line may be cut short by the kill; only whole lines were acknowledged.
  return stdout.split('\n').slice(0, -1).filter((l) => l !== 'ready');
}

/** Asserts every acknowledged write is in the store (plans at least at the acknowledged version). */
export async function expectAcknowledged(store: Store, lines: readonly string[]): Promise<void> {
  const repos = createRepositories(store.db);
  const users = new Set((await repos.users.list()).map((u) => u.id));
  const plans = new Map((await repos.plans.list()).map((p) => [p.id, p.version]));
  const audit = new Set((await store.db.selectFrom('audit_log').select('id').where('action', '=', 'crash.write').execute()).map((r) => String(r.id)));
  const missing = lines.filter((line) => {
    const [kind, id, version] = line.split(' ');
    if (kind === 'user') return !users.has(id);
    if (kind === 'plan') return !((plans.get(id) ?? 0) >= Number(version));
    if (kind === 'audit') return !audit.has(id);
    return true;
  });
  expect(missing).toEqual([]);
}
