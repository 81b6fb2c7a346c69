import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../server/auth/passwords.js';
import { runUserCli } from '../../../server/cli/user-cli.js';
import { openStore } from '../../../server/store/database.js';
import { createRepositories, type Repositories } from '../../../server/store/repositories.js';

const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'user-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run user -- …` in a process of its own, as the script does, with `input` piped to stdin. */
function userProcess(args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/user.ts', ...args], {
      cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** The same command line in this process (a process start costs seconds on a busy machine). */
async function user(args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const collect = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString()));
    return { stream, text: () => text };
  };
  const [stdout, stderr] = [collect(), collect()];
  const code = await runUserCli({ argv: args, env: { DATABASE_URL: '', DATA_DIR: '', ...env }, stdin: Readable.from(input ? [input] : []), stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function withRepos<T>(data: string, fn: (repos: Repositories) => Promise<T>): Promise<T> {
  const store = await openStore({ file: join(data, 'fleet.sqlite') });
  try {
    return await fn(createRepositories(store.db));
  } finally {
    await store.close();
  }
}

describe('npm run user', () => {
  it('adds the first admin with a piped password, lists it, and audits the change as from the CLI', async () => {
    const data = join(dir, 'first');
    const add = await userProcess(['add', 'Dana', '--role', 'admin', '--role', 'operator', '--data', data], 'correct horse battery\n');
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('created dana (admin, operator)\n');
    const list = await userProcess(['list', '--data', data]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^USERNAME\s+ROLES\s+STATUS\s+CREATED\ndana\s+admin,operator\s+enabled\s+\d{4}-\d\d-\d\d\n$/);
    await withRepos(data, async (repos) => {
      const dana = (await repos.users.getByUsername('dana'))!;
      expect(dana.roles).toEqual(['admin', 'operator']);
      expect(await verifyPassword('correct horse battery', dana.passwordHash)).toBe(true);
      const entry = (await repos.audit.query({ action: 'user.create' })).rows[0];
      expect(entry).toMatchObject({ userId: null, target: dana.id, outcome: 'ok', detail: { via: 'cli', username: 'dana', roles: ['admin', 'operator'] } });
    });
  });

  it('changes a password (ending sessions), roles, and disables and enables, never the last admin', async () => {
    const data = join(dir, 'changes');
    expect((await user(['add', 'ana', '--role', 'admin', '--data', data], 'first password\n')).code).toBe(0);
    const ana = await withRepos(data, async (repos) => {
      const u = (await repos.users.getByUsername('ana'))!;
      await repos.sessions.create({ id: 'session-1', userId: u.id, expiresAt: Date.now() + 60_000 }, Date.now());
      return u;
    });

    const passwd = await user(['passwd', 'ana', '--data', data], 'second password\r\n');
    expect(passwd.code).toBe(0);
    const lastAdmin = await user(['disable', 'ana', '--data', data]);
    expect(lastAdmin.code).toBe(2);
    expect(lastAdmin.stderr).toBe('user: ana is the last enabled admin; add or enable another admin first\n');
    expect((await user(['roles', 'ana', '--role', 'operator', '--data', data])).code).toBe(2);

    expect((await user(['add', 'ben', '--role', 'admin', '--data', data], 'ben password\n')).code).toBe(0);
    const roles = await user(['roles', 'ana', '--role', 'operator', '--role', 'viewer', '--data', data]);
    expect(roles.stdout).toBe('ana now has operator, viewer\n');
    expect((await user(['disable', 'ana', '--data', data])).stdout).toBe('ana disabled; its sessions have ended\n');
    expect((await user(['enable', 'ana', '--data', data])).stdout).toBe('ana enabled\n');

    await withRepos(data, async (repos) => {
      const now = (await repos.users.get(ana.id))!;
      expect(now).toMatchObject({ roles: ['operator', 'viewer'], disabled: false });
      expect(await verifyPassword('second password', now.passwordHash)).toBe(true);
      expect(await repos.sessions.findValid('session-1', Date.now())).toBeUndefined();
      const changes = (await repos.audit.query({ action: 'user.update' })).rows.filter((r) => r.target === ana.id).map((r) => r.detail);
      expect(changes.reverse()).toEqual([
        expect.objectContaining({ via: 'cli', passwordReset: true, sessionsEnded: 1 }),
        expect.objectContaining({ via: 'cli', roles: ['operator', 'viewer'] }),
        expect.objectContaining({ via: 'cli', disabled: true }),
        expect.objectContaining({ via: 'cli', disabled: false }),
      ]);
    });
  });

  it('answers bad input with one line and exit code 2', async () => {
    const data = join(dir, 'bad');
    expect((await user(['add', 'cat', '--role', 'viewer', '--data', data], 'cat password\n')).code).toBe(0);
    const cases: [string[], string, RegExp, NodeJS.ProcessEnv?][] = [
      [['add', 'dan', '--role', 'viewer'], 'short\n', /^user: password must be at least 8 characters\n$/],
      [['add', 'dan', '--role', 'pilot'], 'long enough\n', /^user: unknown role 'pilot'; roles are admin, operator/],
      [['add', 'dan'], 'long enough\n', /^user: give at least one --role/],
      [['add', 'cat', '--role', 'viewer'], 'long enough\n', /^user: username "cat" is already taken\n$/],
      [['add', 'no/slash', '--role', 'viewer'], 'long enough\n', /^user: username 'no\/slash': letters, digits/],
      [['add', 'dan', '--role', 'viewer'], '', /^user: no password on stdin/],
      [['passwd'], '', /^user: passwd needs a user NAME\n$/],
      [['disable', 'nobody'], '', /^user: no user named 'nobody'/],
      [['frobnicate'], '', /^user: unknown command 'frobnicate'/],
      [['list', '--colour'], '', /^user: Unknown option '--colour'/],
      [['list'], '', /^user: unsupported database URL/, { DATABASE_URL: 'mysql://root@db/fleet' }],
    ];
    for (const [args, input, message, env] of cases) {
      const r = await user([...args, '--data', data], input, env);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });

  it('takes the data directory from DATA_DIR like the server, and a refusal exits the process with code 2', async () => {
    const data = join(dir, 'from-env');
    expect((await user(['add', 'eve', '--role', 'viewer'], 'eve password\n', { DATA_DIR: data })).code).toBe(0);
    const refused = await userProcess(['disable', 'nobody'], '', { DATA_DIR: data });
    expect(refused).toEqual({ code: 2, stdout: '', stderr: "user: no user named 'nobody' (npm run user -- list)\n" });
    expect(await withRepos(data, (repos) => repos.users.getByUsername('eve'))).toBeDefined();
  });
});
