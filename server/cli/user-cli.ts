/**
 * The `npm run user` command line: parses the arguments, reads a password, opens the same store as
 * the server (`--database URL` or `DATABASE_URL` for PostgreSQL, else `fleet.sqlite` under
 * `--data DIR`, `DATA_DIR` or `data/`) and runs one account command. Exit 0 done, 2 bad input or refused.
 */
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { openStore } from '../store/database.js';
import { StoreOpenError } from '../store/errors.js';
import { createRepositories } from '../store/repositories.js';
import { PasswordInputError, PromptAborted, readNewPassword, type TtyInput } from './read-password.js';
import {
  addUser, formatUsers, listUsers, parseRoles, setDisabled, setPassword, setRoles, UserCliError, type UserCommandContext,
} from './user-commands.js';

const USAGE = `usage: npm run user -- <command> [--database URL | --data DIR]
  add NAME --role ROLE [--role ROLE …]   create an account (password asked, or read from stdin)
  list                                   every account with its roles
  passwd NAME                            set a new password (ends the account's sessions)
  roles NAME --role ROLE [--role ROLE …] replace the account's roles
  disable NAME | enable NAME             block or allow sign-in (the last admin cannot be disabled)
roles: admin, operator, annotator, reviewer, viewer`;

/** What one run reads and writes. */
export interface UserCliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdin: TtyInput;
  stdout: Writable;
  stderr: Writable;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        role: { type: 'string', multiple: true },
        database: { type: 'string' },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UserCliError((err as Error).message.split('\n')[0]);
  }
}

const named = (command: string, name: string | undefined): string => {
  if (!name) throw new UserCliError(`${command} needs a user NAME`);
  return name;
};

/** Runs one command; resolves to the exit code. */
async function run(io: UserCliIo): Promise<number> {
  const { values, positionals } = parse(io.argv);
  const [command, name, extra] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (extra !== undefined) throw new UserCliError(`unexpected argument '${extra}'`);
  const known = ['add', 'list', 'passwd', 'roles', 'disable', 'enable'];
  if (!known.includes(command)) throw new UserCliError(`unknown command '${command}'; expected ${known.join(', ')}`);
  const roles = command === 'add' || command === 'roles' ? parseRoles(values.role ?? []) : [];
  if (values.role && !roles.length) throw new UserCliError(`--role is only for add and roles`);
  const user = command === 'list' ? '' : named(command, name);
  // Ask for the password before opening the store, so a slow prompt holds no connection.
  const password = command === 'add' || command === 'passwd' ? await readNewPassword(io.stdin, io.stderr) : '';

  const url = values.database ?? io.env.DATABASE_URL;
  const store = await openStore(url?.trim() ? { url } : { file: join(values.data ?? io.env.DATA_DIR ?? 'data', 'fleet.sqlite') });
  const ctx: UserCommandContext = { repos: createRepositories(store.db), now: () => Date.now() };
  try {
    switch (command) {
      case 'add': {
        const u = await addUser(ctx, user, roles, password);
        io.stdout.write(`created ${u.username} (${u.roles.join(', ')})\n`);
        break;
      }
      case 'list':
        io.stdout.write(formatUsers(await listUsers(ctx)));
        break;
      case 'passwd':
        io.stdout.write(`password of ${(await setPassword(ctx, user, password)).username} changed; its sessions have ended\n`);
        break;
      case 'roles': {
        const u = await setRoles(ctx, user, roles);
        io.stdout.write(`${u.username} now has ${u.roles.join(', ')}\n`);
        break;
      }
      default: {
        const u = await setDisabled(ctx, user, command === 'disable');
        io.stdout.write(`${u.username} ${u.disabled ? 'disabled; its sessions have ended' : 'enabled'}\n`);
      }
    }
  } finally {
    await store.close();
  }
  return 0;
}

/** Runs one command; known failures become one line on stderr and exit code 2 (130 for Ctrl-C at the prompt). */
export async function runUserCli(io: UserCliIo): Promise<number> {
  try {
    return await run(io);
  } catch (err) {
    if (err instanceof PromptAborted) return 130;
    const known = err instanceof UserCliError || err instanceof StoreOpenError || err instanceof PasswordInputError;
    io.stderr.write(`user: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`);
    return known ? 2 : 1;
  }
}
