import { join } from 'node:path';
import { ConfigError, parseServerArgs } from '../config.js';
import { ensureDemoUsers } from '../demo/demo-users.js';
import { StartupError, startServer } from '../main.js';

/** Shared body of `npm start` and `npm run demo`: parse, start, print one line on failure (exit 2), stop on signals. */
export async function runServerCli(argv: string[], opts: { demo: boolean; before?: () => Promise<void> }): Promise<void> {
  let options;
  try {
    options = parseServerArgs(argv, process.env, opts);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  await opts.before?.();
  options.webRoot = join(import.meta.dirname, '../../dist/web');
  let server;
  try {
    // The demo makes its own accounts; a real deployment must have an admin before it serves anyone.
    server = await startServer({ ...options, requireAdmin: !opts.demo });
  } catch (err) {
    const known = err instanceof StartupError || err instanceof ConfigError || err instanceof RangeError;
    process.stderr.write(`error: ${known ? (err as Error).message : (err as Error).stack}\n`);
    process.exit(known ? 2 : 1);
  }
  if (opts.demo) {
    const running = server;
    const log = (line: string): void => void process.stdout.write(`${line}\n`);
    await ensureDemoUsers(running.repos, { password: process.env.DEMO_PASSWORD || undefined, now: Date.now(), log }).catch(async (err: Error) => {
      await running.stop();
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(err instanceof RangeError ? 2 : 1);
    });
  }
  process.stdout.write(`Fleet server on ${server.url}  (MAVLink: ${options.links.join(', ')})\n`);
  if (opts.demo) process.stdout.write(`Dashboard: ${server.url}  with ${options.sims} simulated drone(s)\n`);
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
