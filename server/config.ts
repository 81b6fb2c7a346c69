import { parseArgs } from 'node:util';
import { parseLinkUri } from '../hardware/link/parse-uri.js';
import { tileOptions, type TileOptions } from './tiles/tile-options.js';

/** Everything `npm start` and `npm run demo` accept, from flags and environment. */
export interface ServerOptions extends TileOptions {
  port: number;
  host: string;
  /** Connection strings, e.g. `udp://0.0.0.0:14550`. */
  links: string[];
  /** Simulated drones started in-process (demo). */
  sims: number;
  /** Raster tile URL template for users with a tile source, e.g. an OSM mirror. */
  tileUrl: string | null;
  tileAttribution: string | null;
  /** Heartbeat silence after which a vehicle is link-lost. */
  lostAfterMs: number;
  /** Our MAVLink identity. */
  sysid: number;
  compid: number;
  /** Directory of the built dashboard; null serves no web app. */
  webRoot: string | null;
  /** Redis for Socket.IO fan-out across server instances; null runs alone. */
  redisUrl: string | null;
  /** Channel prefix shared by the instances of one deployment. */
  redisKey: string;
  /** This instance's name, prefixed to its vehicle ids when instances share a fan-out. */
  instance: string | null;
  /** PostgreSQL URL (`DATABASE_URL`); null keeps the embedded SQLite file under `dataDir`. */
  databaseUrl: string | null;
  /** Where the server keeps its files: the SQLite database, images, thumbnails. */
  dataDir: string;
  /** Behind a reverse proxy: trust X-Forwarded-For and X-Forwarded-Proto. */
  trustProxy: boolean;
  quiet: boolean;
}

/** A bad flag or value: printed as one line, exit code 2. */
export class ConfigError extends Error {}

export const DEFAULT_LINK = 'udp://0.0.0.0:14550';

const USAGE = `options: --link URI (repeatable; udp://, udpout://, tcp://, tcpin://, serial://) --port N --host H
         --tiles URL_TEMPLATE --tiles-attribution TEXT --lost-after MS --sysid N --compid N --redis URL --instance NAME
         --tiles-dir DIR --tile-source NAME=URL (repeatable) --tile-sources FILE.json
         --data DIR --trust-proxy --quiet   (DATABASE_URL=postgres://… selects PostgreSQL)`;

function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`--${name} must be a whole number, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** `DATABASE_URL` when set; anything but a postgres:// URL is a configuration error. */
function databaseUrl(raw: string | undefined): string | null {
  const url = raw?.trim();
  if (!url) return null;
  if (!/^postgres(ql)?:\/\/./i.test(url)) throw new ConfigError('DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite file)');
  return url;
}

/** Parses argv (without node and script) and the environment into options; throws ConfigError. */
export function parseServerArgs(argv: string[], env: NodeJS.ProcessEnv, opts: { demo: boolean }): ServerOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        link: { type: 'string', multiple: true },
        port: { type: 'string' },
        host: { type: 'string' },
        sims: { type: 'string' },
        tiles: { type: 'string' },
        'tiles-attribution': { type: 'string' },
        'lost-after': { type: 'string' },
        sysid: { type: 'string' },
        compid: { type: 'string' },
        quiet: { type: 'boolean' },
        redis: { type: 'string' },
        instance: { type: 'string' },
        data: { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        'tiles-dir': { type: 'string' },
        'tile-source': { type: 'string', multiple: true },
        'tile-sources': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new ConfigError(`${(err as Error).message.split('\n')[0]}\n${USAGE}`);
  }
  if (!opts.demo && values.sims !== undefined) throw new ConfigError('--sims is only for npm run demo');
  const links = values.link ?? (env.MAV_LINKS ? env.MAV_LINKS.split(',').map((s) => s.trim()).filter(Boolean) : [DEFAULT_LINK]);
  for (const uri of links) {
    try {
      parseLinkUri(uri);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
  }
  return {
    port: intOption('port', values.port ?? env.PORT, 8080, 0, 65535),
    host: values.host ?? env.HOST ?? '0.0.0.0',
    links,
    sims: opts.demo ? intOption('sims', values.sims, 3, 0, 5000) : 0,
    tileUrl: values.tiles ?? env.TILE_URL ?? null,
    tileAttribution: values['tiles-attribution'] ?? env.TILE_ATTRIBUTION ?? null,
    lostAfterMs: intOption('lost-after', values['lost-after'] ?? env.LINK_LOST_AFTER_MS, 3500, 100, 600_000),
    sysid: intOption('sysid', values.sysid, 255, 1, 255),
    compid: intOption('compid', values.compid, 190, 0, 255),
    webRoot: null,
    redisUrl: values.redis ?? env.REDIS_URL ?? null,
    redisKey: env.REDIS_KEY ?? 'fleet',
    instance: values.instance ?? env.INSTANCE_NAME ?? null,
    databaseUrl: databaseUrl(env.DATABASE_URL),
    dataDir: values.data ?? env.DATA_DIR ?? 'data',
    trustProxy: values['trust-proxy'] ?? env.TRUST_PROXY === '1',
    quiet: values.quiet ?? false,
    ...tileOptions({
      dir: values['tiles-dir'] ?? env.TILES_DIR,
      dataDir: values.data ?? env.DATA_DIR ?? 'data',
      flags: values['tile-source'] ?? [],
      file: values['tile-sources'] ?? env.TILE_SOURCES,
      legacyUrl: values.tiles ?? env.TILE_URL ?? null,
      legacyAttribution: values['tiles-attribution'] ?? env.TILE_ATTRIBUTION ?? null,
    }, (message) => new ConfigError(message)),
  };
}
