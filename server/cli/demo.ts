import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runServerCli } from './run.js';

const root = join(import.meta.dirname, '../..');

/** Builds the dashboard on first run so a fresh clone needs only `npm ci && npm run demo`. */
async function buildWebIfNeeded(): Promise<void> {
  if (existsSync(join(root, 'dist/web/index.html'))) return;
  process.stdout.write('Building the dashboard (first run only)…\n');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('error: building the dashboard failed (see above)\n');
    process.exit(1);
  }
}

await runServerCli(process.argv.slice(2), { demo: true, before: buildWebIfNeeded });
