/** Connection strings (`udp://0.0.0.0:14550`, `serial:///dev/ttyUSB0?baud=57600`, …) parsed into a typed union. */

/** Link kinds addressed by `host:port`. */
export type NetKind = 'udp' | 'udpout' | 'tcp' | 'tcpin';

/** A network endpoint: listen address for `udp`/`tcpin`, remote target for `udpout`/`tcp`. */
export interface NetUri<K extends NetKind = NetKind> {
  kind: K;
  /** Host name or IP address; IPv6 without brackets. */
  host: string;
  /** 0 (any free port) is allowed only for the listening kinds. */
  port: number;
  /** The normalised connection string, used as the link id. */
  id: string;
}

export interface SerialUri {
  kind: 'serial';
  /** Device path, e.g. `/dev/ttyUSB0` (or `COM3`). */
  path: string;
  baud: number;
  /** Pace writes to baud/10 bytes per second, as a radio would (ptys ignore baud). */
  throttle: boolean;
  id: string;
}

export type LinkUri = NetUri<'udp'> | NetUri<'udpout'> | NetUri<'tcp'> | NetUri<'tcpin'> | SerialUri;

export const DEFAULT_BAUD = 57600;

const SCHEMES = ['udp', 'udpout', 'tcp', 'tcpin', 'serial'] as const;
const EXPECTED_SCHEMES = 'expected udp://, udpout://, tcp://, tcpin:// or serial://';
const LISTENING = new Set(['udp', 'tcpin']);
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const IPV6 = /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/;

/** A connection string that cannot be used; `message` is one line naming the problem and the input. */
export class LinkUriError extends Error {
  override readonly name = 'LinkUriError';

  constructor(
    /** What is wrong, without the input, e.g. `missing port`. */
    readonly reason: string,
    /** The string as given. */
    readonly input: string,
    /** What would have been accepted, appended after a semicolon. */
    readonly hint?: string,
  ) {
    super(`${reason} in '${input}'${hint ? `; ${hint}` : ''}`);
  }
}

/** Formats `host:port`, bracketing IPv6 hosts, as used in link ids and peer names. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Parses a connection string; throws {@link LinkUriError} with a one-line reason when it is unusable. */
export function parseLinkUri(input: string): LinkUri {
  const text = input.trim();
  if (text === '') throw new LinkUriError('empty connection string', input, EXPECTED_SCHEMES);
  const sep = text.indexOf('://');
  if (sep < 0) throw new LinkUriError('missing scheme', input, EXPECTED_SCHEMES);
  const scheme = text.slice(0, sep).toLowerCase();
  const rest = text.slice(sep + 3);
  if (!isScheme(scheme)) throw new LinkUriError(`unsupported scheme '${text.slice(0, sep)}'`, input, EXPECTED_SCHEMES);
  return scheme === 'serial' ? parseSerial(rest, input) : parseNet(scheme, rest, input);
}

/** Like {@link parseLinkUri}, but returns the error instead of throwing, for validating configuration. */
export function tryParseLinkUri(input: string): { ok: true; uri: LinkUri } | { ok: false; error: LinkUriError } {
  try {
    return { ok: true, uri: parseLinkUri(input) };
  } catch (err) {
    if (err instanceof LinkUriError) return { ok: false, error: err };
    throw err;
  }
}

function isScheme(s: string): s is (typeof SCHEMES)[number] {
  return (SCHEMES as readonly string[]).includes(s);
}

function parseNet(kind: NetKind, rest: string, input: string): LinkUri {
  const form = `expected ${kind}://host:port`;
  const q = rest.indexOf('?');
  if (q >= 0) throw new LinkUriError(`unexpected options '${rest.slice(q)}'`, input, form);
  const slash = rest.indexOf('/');
  if (slash >= 0) throw new LinkUriError(`unexpected path '${rest.slice(slash)}'`, input, form);

  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw new LinkUriError("unclosed '[' in IPv6 host", input, form);
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) throw new LinkUriError(`unexpected '${after}' after IPv6 host`, input, form);
    portText = after === '' ? undefined : after.slice(1);
    if (!IPV6.test(host) || !host.includes(':')) throw new LinkUriError(`invalid IPv6 host '${host}'`, input, form);
  } else {
    const colons = rest.split(':').length - 1;
    if (colons > 1) throw new LinkUriError('IPv6 host must be in brackets', input, `expected ${kind}://[::1]:port`);
    const colon = rest.indexOf(':');
    host = colon < 0 ? rest : rest.slice(0, colon);
    portText = colon < 0 ? undefined : rest.slice(colon + 1);
    if (host !== '' && !HOSTNAME.test(host)) throw new LinkUriError(`invalid host '${host}'`, input, form);
    host = host.toLowerCase();
  }
  if (host === '') throw new LinkUriError('missing host', input, form);
  if (portText === undefined || portText === '') throw new LinkUriError('missing port', input, form);
  if (!/^\d+$/.test(portText)) throw new LinkUriError(`port '${portText}' is not a number`, input, form);
  const port = Number(portText);
  const min = LISTENING.has(kind) ? 0 : 1;
  if (port < min || port > 65535) throw new LinkUriError(`port ${port} out of range`, input, `expected ${min}-65535`);
  return { kind, host, port, id: `${kind}://${formatHostPort(host, port)}` };
}

function parseSerial(rest: string, input: string): SerialUri {
  const form = 'expected serial:///dev/ttyUSB0?baud=57600';
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  if (path === '' || path === '/') throw new LinkUriError('missing device path', input, form);
  let baud = DEFAULT_BAUD;
  let throttle = false;
  const query = q < 0 ? '' : rest.slice(q + 1);
  for (const pair of query === '' ? [] : query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (key === 'baud') {
      if (!/^\d+$/.test(value) || Number(value) === 0 || !Number.isSafeInteger(Number(value))) {
        throw new LinkUriError(`baud must be a positive integer, got '${value}'`, input, form);
      }
      baud = Number(value);
    } else if (key === 'throttle') {
      if (!['', '1', 'true', '0', 'false'].includes(value)) {
        throw new LinkUriError(`throttle must be true or false, got '${value}'`, input, form);
      }
      throttle = value === '' || value === '1' || value === 'true';
    } else {
      throw new LinkUriError(`unknown option '${key}'`, input, 'expected baud or throttle');
    }
  }
  return { kind: 'serial', path, baud, throttle, id: `serial://${path}?baud=${baud}${throttle ? '&throttle=true' : ''}` };
}
