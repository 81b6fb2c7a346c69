/** The one place a connection string becomes a link: a table from parsed kind to adapter. */
import type { Clock } from '../clock.js';
import type { Link } from './link.js';
import { parseLinkUri, type LinkUri } from './parse-uri.js';
import { SerialLink } from './serial.js';
import { TcpInLink } from './tcp-in.js';
import { TcpLink } from './tcp.js';
import { UdpOutLink } from './udp-out.js';
import { UdpLink } from './udp.js';

export interface CreateLinkOptions {
  /** Time for reconnect backoff, pacing and peer last-seen (default: wall clock). */
  clock?: Clock;
}

type Factories = { [K in LinkUri['kind']]: (uri: Extract<LinkUri, { kind: K }>, opts: CreateLinkOptions) => Link };

/** A new transport is one entry here plus its case in `parseLinkUri`. */
const FACTORIES: Factories = {
  udp: (uri, opts) => new UdpLink(uri, opts),
  udpout: (uri) => new UdpOutLink(uri),
  tcp: (uri, opts) => new TcpLink(uri, opts),
  tcpin: (uri) => new TcpInLink(uri),
  serial: (uri, opts) => new SerialLink(uri, opts),
};

/**
 * Builds the link for a connection string such as `udp://0.0.0.0:14550`, `tcp://127.0.0.1:5760` or
 * `serial:///dev/ttyUSB0?baud=57600`. Throws `LinkUriError` for a bad string; the link is not started.
 */
export function createLink(uri: string | LinkUri, opts: CreateLinkOptions = {}): Link {
  const parsed = typeof uri === 'string' ? parseLinkUri(uri) : uri;
  const factory = FACTORIES[parsed.kind] as (uri: LinkUri, opts: CreateLinkOptions) => Link;
  return factory(parsed, opts);
}
