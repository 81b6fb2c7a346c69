/**
 * `npm run bench`: the decode, mission upload and fleet benchmarks, printing every line.
 * Options: `--only decode|mission|planning|fleet|imagery|annotation|browser` (browser runs only when asked for),
 * `--minutes 10` (browser: the long memory run at the largest size; 0 skips it), `--tries 20` (mission), `--sizes 50,200,1000`, `--seconds 10`, `--clients 5`,
 * `--frames 200000` (decode), `--profile DIR` (a server CPU profile per fleet size, summarised),
 * `--server-rcvbuf BYTES` (A/B: the server's UDP socket gets this kernel receive buffer),
 * `--nice=N` (the bench's processes at this niceness, e.g. `--nice=-10` on a machine shared with
 * other work; the `=` keeps -10 from reading as a flag).
 */
import { parseArgs } from 'node:util';
import { benchBrowser } from './browser.js';
import { benchDecode } from './decode.js';
import { benchFleet } from './fleet.js';
import { benchAnnotation } from './annotation.js';
import { benchImagery } from './imagery.js';
import { benchMission } from './mission.js';
import { benchPlanning } from './planning.js';
import { runAtNiceness } from './support/priority.js';

function usage(problem: string): never {
  process.stderr.write(`error: ${problem}\nusage: npm run bench -- [--only decode|mission|planning|fleet|imagery|annotation|browser] [--minutes 10] [--tries 20] [--sizes 50,200,1000] [--seconds 10] [--clients 5] [--frames N] [--profile DIR] [--server-rcvbuf BYTES] [--nice=N]\n`);
  process.exit(2);
}

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) usage(`--${name} must be a positive whole number, got '${raw}'`);
  return n;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      only: { type: 'string' },
      sizes: { type: 'string' },
      seconds: { type: 'string' },
      clients: { type: 'string' },
      frames: { type: 'string' },
      profile: { type: 'string' },
      'server-rcvbuf': { type: 'string' },
      nice: { type: 'string' },
      tries: { type: 'string' },
      minutes: { type: 'string' },
    },
  }));
} catch (err) {
  usage((err as Error).message.split('\n')[0]);
}
const only = values.only;
if (only !== undefined && !['decode', 'mission', 'planning', 'fleet', 'imagery', 'annotation', 'browser'].includes(only)) usage(`--only must be decode, mission, planning, fleet, imagery, annotation or browser, got '${only}'`);
const minutes = values.minutes === undefined ? undefined : Number(values.minutes);
if (minutes !== undefined && !(Number.isFinite(minutes) && minutes >= 0)) usage(`--minutes must be a number of minutes, 0 or more, got '${values.minutes}'`);
const nice = values.nice === undefined ? undefined : Number(values.nice);
if (nice !== undefined && !(Number.isInteger(nice) && nice >= -20 && nice <= 19)) usage(`--nice must be a whole number from -20 to 19, got '${values.nice}'`);
if (nice !== undefined) {
  try {
    process.stderr.write(`bench: running at ${runAtNiceness(nice)}\n`);
  } catch (err) {
    usage(`cannot set niceness ${nice} (${(err as Error).message}); below 0 needs root`);
  }
}
const sizes = values.sizes?.split(',').map((s) => positive('sizes', s.trim())!);

// Children are killed by the bench's exit hook; a signal must reach that hook too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

if (only === undefined || only === 'decode') {
  const { lines } = await benchDecode({ frames: positive('frames', values.frames) });
  for (const line of lines) console.log(line);
  console.log('');
}
if (only === undefined || only === 'mission') {
  const { lines } = await benchMission({ tries: positive('tries', values.tries) });
  for (const line of lines) console.log(line);
  console.log('');
}
if (only === undefined || only === 'planning') {
  const { lines } = await benchPlanning();
  for (const line of lines) console.log(line);
  console.log('');
}
if (only === undefined || only === 'imagery') {
  const { lines } = await benchImagery();
  for (const line of lines) console.log(line);
  console.log('');
}
if (only === undefined || only === 'annotation') {
  const { lines } = await benchAnnotation();
  for (const line of lines) console.log(line);
  console.log('');
}
if (only === undefined || only === 'fleet') {
  const { lines } = await benchFleet({
    sizes,
    seconds: positive('seconds', values.seconds),
    clients: positive('clients', values.clients),
    profileDir: values.profile ?? null,
    serverRcvbuf: positive('server-rcvbuf', values['server-rcvbuf']) ?? null,
    nice,
    progress: (note) => process.stderr.write(`${note}\n`),
  });
  for (const line of lines) console.log(line);
}
if (only === 'browser') {
  // Not in the default run: it needs the built dashboard and Chromium, and takes over ten minutes.
  const { lines } = await benchBrowser({ sizes, seconds: positive('seconds', values.seconds), minutes, progress: (note) => process.stderr.write(`${note}\n`) });
  for (const line of lines) console.log(line);
}
// Sockets closed and children stopped: nothing should keep the process alive, but never hang on a straggler.
process.exit(0);
