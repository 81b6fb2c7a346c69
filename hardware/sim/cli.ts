/**
 * Command line for the simulator:
 *   npm run sim -- --link udpout://127.0.0.1:14550 --sysid 7 [--count N] [--lat 26.6 --lon 106.64]
 *                  [--alt 0] [--radius 150] [--altitude 60] [--shape circle|racetrack]
 *                  [--speedup 1] [--no-stream] [--same-sysid] [--patrol] [--adsb]
 * Drones boot on the ground, disarmed, waiting for a ground station (arm, take off, fly a mission);
 * with --patrol they boot airborne flying loops of --radius at --altitude instead.
 * With --adsb each drone forwards synthetic ADS-B traffic (ADSB_VEHICLE): a helicopter passing close
 * enough for a proximity warning and a light aircraft well clear.
 * With --count N each drone gets its own link of the same kind: `udpout`/`tcp` to the same target
 * (one socket each), listening kinds (`tcpin`, `udp`) on port, port+10, port+20, … as SITL instances do.
 * With --camera each drone carries a camera photographing a simulated world round --lat/--lon; the
 * photos are served over HTTP on --camera-port (default any free port; `--photo-fail-rate` and
 * `--photo-delay` make that server flaky and slow for ingest tests).
 * Bad arguments: one line on stderr, exit code 2. Ctrl-C stops cleanly. SIGUSR2 prints the drones'
 * counters (armed, mode, signing accepted/refused) as one JSON line `{"stats":[…]}` on stdout.
 */
import { parseArgs } from 'node:util';
import { createLink } from '../link/create-link.js';
import { createFaultLink } from '../link/fault-link.js';
import { parseFaultSpec, type FaultSpec } from '../link/fault-profile.js';
import { formatHostPort, parseLinkUri, type LinkUri } from '../link/parse-uri.js';
import { startSimCameras, type SimCameras } from './camera/sim-cameras.js';
import { startSimFleet } from './sim-fleet.js';
import { simStatsLine } from './sim-stats.js';
import { buildWorld } from './world/build-world.js';

const USAGE =
  'usage: sim --link <uri> [--sysid 1] [--count 1] [--lat deg] [--lon deg] [--alt m] [--radius m] [--altitude m] ' +
  '[--shape circle|racetrack] [--speedup 1] [--no-stream] [--same-sysid] [--patrol] [--adsb] [--faults loss=0.2,latency=100,...] ' +
  '[--camera] [--camera-port 0] [--photo-fail-rate 0] [--photo-delay ms]';

/** Port step between instances on listening links, as ArduPilot SITL numbers its instances. */
const PORT_STEP = 10;

/** A second Ctrl-C this long after the first exits at once. */
const FORCE_AFTER_MS = 1000;

class UsageError extends Error {}

interface CliConfig {
  uris: LinkUri[];
  sysid: number;
  sameSysid: boolean;
  lat: number;
  lon: number;
  alt: number;
  radius: number;
  altitude: number;
  shape: 'circle' | 'racetrack' | undefined;
  speedup: number;
  stream: boolean;
  patrol: boolean;
  /** Synthetic ADS-B traffic around each drone. */
  adsb: boolean;
  /** Faults on the drone's own link, e.g. a poor radio: `loss=0.2,latency=100`. */
  faults: FaultSpec | null;
  /** Cameras and their photo server, when asked for. */
  camera: { port: number; failRate: number; delayMs: number } | null;
}

function parse(argv: string[]): CliConfig | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        link: { type: 'string', default: 'udpout://127.0.0.1:14550' },
        sysid: { type: 'string', default: '1' },
        count: { type: 'string', default: '1' },
        lat: { type: 'string', default: '26.6' },
        lon: { type: 'string', default: '106.64' },
        alt: { type: 'string', default: '0' },
        radius: { type: 'string', default: '150' },
        altitude: { type: 'string', default: '60' },
        shape: { type: 'string' },
        speedup: { type: 'string', default: '1' },
        'no-stream': { type: 'boolean', default: false },
        'same-sysid': { type: 'boolean', default: false },
        patrol: { type: 'boolean', default: false },
        adsb: { type: 'boolean', default: false },
        faults: { type: 'string' },
        camera: { type: 'boolean', default: false },
        'camera-port': { type: 'string' },
        'photo-fail-rate': { type: 'string' },
        'photo-delay': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  if (values.help) return 'help';
  const num = (name: string, text: string, ok: (x: number) => boolean, what: string): number => {
    const x = Number(text);
    if (text.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new UsageError(`--${name} must be ${what}, got '${text}'`);
    return x;
  };
  const sysid = num('sysid', values.sysid, (x) => Number.isInteger(x) && x >= 1 && x <= 255, 'an integer 1-255');
  const count = num('count', values.count, (x) => Number.isInteger(x) && x >= 1 && x <= 10000, 'an integer 1-10000');
  const sameSysid = values['same-sysid'];
  if (!sameSysid && sysid + count - 1 > 255) throw new UsageError(`--count ${count} from --sysid ${sysid} passes 255; lower them or add --same-sysid`);
  const shape = values.shape;
  if (shape !== undefined && shape !== 'circle' && shape !== 'racetrack') throw new UsageError(`--shape must be circle or racetrack, got '${shape}'`);
  let base: LinkUri;
  try {
    base = parseLinkUri(values.link);
  } catch (err) {
    throw new UsageError(`--link: ${(err as Error).message}`);
  }
  return {
    uris: Array.from({ length: count }, (_, i) => instanceUri(base, i)),
    sysid,
    sameSysid,
    lat: num('lat', values.lat, (x) => Math.abs(x) <= 90, 'a latitude in degrees'),
    lon: num('lon', values.lon, (x) => Math.abs(x) <= 180, 'a longitude in degrees'),
    alt: num('alt', values.alt, () => true, 'metres'),
    radius: num('radius', values.radius, (x) => x > 0, 'a positive number of metres'),
    altitude: num('altitude', values.altitude, (x) => x > 0, 'a positive number of metres'),
    shape,
    speedup: num('speedup', values.speedup, (x) => x > 0 && x <= 1000, 'a number above 0 and at most 1000'),
    stream: !values['no-stream'],
    patrol: values.patrol,
    adsb: values.adsb,
    faults: faultsOption(values.faults),
    camera: cameraOption(values, num),
  };
}

function cameraOption(
  v: { camera: boolean; 'camera-port'?: string; 'photo-fail-rate'?: string; 'photo-delay'?: string },
  num: (name: string, text: string, ok: (x: number) => boolean, what: string) => number,
): CliConfig['camera'] {
  if (!v.camera) {
    const stray = (['camera-port', 'photo-fail-rate', 'photo-delay'] as const).find((k) => v[k] !== undefined);
    if (stray) throw new UsageError(`--${stray} needs --camera`);
    return null;
  }
  return {
    port: num('camera-port', v['camera-port'] ?? '0', (x) => Number.isInteger(x) && x >= 0 && x <= 65535, 'a port 0-65535'),
    failRate: num('photo-fail-rate', v['photo-fail-rate'] ?? '0', (x) => x >= 0 && x <= 1, 'a share from 0 to 1'),
    delayMs: num('photo-delay', v['photo-delay'] ?? '0', (x) => x >= 0 && x <= 600_000, 'milliseconds from 0 to 600000'),
  };
}

function faultsOption(text: string | undefined): FaultSpec | null {
  if (text === undefined) return null;
  try {
    return parseFaultSpec(text);
  } catch (err) {
    throw new UsageError(`--faults: ${(err as Error).message}`);
  }
}

/** The link for instance `i`: listening links move up by PORT_STEP, the others share the target. */
function instanceUri(base: LinkUri, i: number): LinkUri {
  if (i === 0) return base;
  if (base.kind === 'serial') throw new UsageError('a serial link carries one drone; use --count 1');
  if ((base.kind !== 'tcpin' && base.kind !== 'udp') || base.port === 0) return base;
  const port = base.port + PORT_STEP * i;
  if (port > 65535) throw new UsageError(`--count too large: instance ${i} would listen on port ${port}`);
  return { ...base, port, id: `${base.kind}://${formatHostPort(base.host, port)}` };
}

async function main(): Promise<void> {
  let cfg: CliConfig | 'help';
  try {
    cfg = parse(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`sim: ${err.message}\n`);
    process.exit(2);
  }
  if (cfg === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const c = cfg;
  let fleet;
  try {
    fleet = await startSimFleet({
      count: c.uris.length,
      link: (i) => (c.faults ? createFaultLink(c.uris[i], c.faults) : createLink(c.uris[i])),
      firstSysid: c.sysid,
      sameSysid: c.sameSysid,
      center: { lat: c.lat, lon: c.lon },
      altMsl: c.alt,
      radius: c.radius,
      altitude: c.altitude,
      shape: c.shape,
      speedup: c.speedup,
      streamOnStart: c.stream,
      patrol: c.patrol,
      adsb: c.adsb,
    });
  } catch (err) {
    process.stderr.write(`sim: ${(err as Error).message}\n`);
    process.exit(1);
  }
  for (const d of fleet.drones.slice(0, 10)) {
    // Listening links opened on port 0 say which port they got.
    const port = (d.link as { localPort?: () => number }).localPort?.();
    const where = d.link.kind === 'tcpin' || d.link.kind === 'udp' ? ` (port ${port ?? '?'})` : '';
    process.stdout.write(`sim: sysid ${d.sysid} on ${d.link.id}${where}\n`);
  }
  if (fleet.drones.length > 10) process.stdout.write(`sim: … and ${fleet.drones.length - 10} more\n`);
  let cameras: SimCameras | null = null;
  if (c.camera) {
    try {
      const world = buildWorld({ seed: 1, center: { lat: c.lat, lon: c.lon } });
      cameras = await startSimCameras(fleet.drones, { world, port: c.camera.port, failRate: c.camera.failRate, delayMs: c.camera.delayMs });
    } catch (err) {
      process.stderr.write(`sim: camera: ${(err as Error).message}\n`);
      await fleet.stop();
      process.exit(2);
    }
    const one = fleet.drones.length === 1 ? '' : '/d<N>';
    process.stdout.write(`sim: photos at ${cameras.server.url}${one}/photos/<index>.jpg, truth at ${cameras.server.url}${one}/truth/<index>.json\n`);
  }
  const doing = c.patrol ? 'flying patrols' : 'on the ground, disarmed';
  process.stdout.write(`sim: ${fleet.drones.length} drone(s) ${doing}${c.speedup !== 1 ? ` at ${c.speedup}x` : ''}; Ctrl-C to stop\n`);

  // Sim timers do not hold the process open on their own; this does, until a signal.
  const keepAlive = setInterval(() => {}, 1 << 30);
  let stoppingSince = 0;
  const shutdown = (signal: string): void => {
    // A wrapper (npm, tsx) may relay the same Ctrl-C a moment later; only a later second one forces exit.
    if (stoppingSince > 0) {
      if (performance.now() - stoppingSince > FORCE_AFTER_MS) process.exit(130);
      return;
    }
    stoppingSince = performance.now();
    process.stdout.write(`sim: ${signal}, stopping\n`);
    void Promise.allSettled([fleet.stop(), cameras?.stop()]).finally(() => {
      clearInterval(keepAlive);
      process.exit(0);
    });
  };
  process.on('SIGUSR2', () => process.stdout.write(simStatsLine(fleet.drones)));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
