import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { openStore } from '../../../server/store/database.js';
import { createRepositories } from '../../../server/store/repositories.js';

const root = join(import.meta.dirname, '../../..');

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/start.ts', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DATABASE_URL: '', ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** One line on stderr, exit code 2. */
function expectOneLineExit2(r: { code: number | null; stderr: string }, message: string | RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

describe('npm start on bad input', () => {
  let dataDir: string;
  let emptyDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fleet-cli-'));
    emptyDir = await mkdtemp(join(tmpdir(), 'fleet-cli-empty-'));
    const store = await openStore({ file: join(dataDir, 'fleet.sqlite') });
    await createRepositories(store.db).users.create({ username: 'admin', passwordHash: await hashPassword('long enough'), roles: ['admin'] }, Date.now());
    await store.close();
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(emptyDir, { recursive: true, force: true });
  });

  it('exits 2 with one line for a wrong connection string', async () => {
    expectOneLineExit2(await run(['--link', 'bogus://somewhere', '--port', '0']), /^error: unsupported scheme 'bogus'/);
  });

  it('exits 2 with one line when the MAVLink UDP port is taken', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    const port = sock.address().port;
    try {
      expectOneLineExit2(await run(['--link', `udp://127.0.0.1:${port}`, '--port', '0', '--quiet', '--data', dataDir]), `UDP port ${port} is already in use`);
    } finally {
      sock.close();
    }
  });

  it('exits 2 with one line while no admin account exists', async () => {
    expectOneLineExit2(await run(['--link', 'udp://127.0.0.1:0', '--port', '0', '--quiet', '--data', emptyDir]), /^error: no admin account yet: create one with `npm run user -- add NAME --role admin`\n$/);
  });

  it('exits 2 with one line for a DATABASE_URL that is not PostgreSQL', async () => {
    expectOneLineExit2(await run(['--port', '0'], { DATABASE_URL: 'mysql://db/fleet' }), /^error: DATABASE_URL must be a postgres:\/\/ URL/);
  });

  it('exits 2 with one line when PostgreSQL cannot be reached, without printing the password', async () => {
    const r = await run(['--link', 'udp://127.0.0.1:0', '--port', '0', '--quiet'], { DATABASE_URL: 'postgres://fleet:s3cret@127.0.0.1:1/fleet' });
    expectOneLineExit2(r, /^error: cannot connect to PostgreSQL at 127\.0\.0\.1:1/);
    expect(r.stderr).not.toContain('s3cret');
  });
});
