/** UDP listener, as a ground station listens on 14550: one socket, a peer per remote `ip:port` it hears from. */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { RealClock, type Clock } from '../clock.js';
import { LinkBase, asBuffer, listenErrorMessage } from './link-base.js';
import { formatHostPort, type NetUri } from './parse-uri.js';

interface UdpPeer {
  address: string;
  port: number;
  lastSeen: number;
}

export interface UdpLinkOptions {
  /** Source of peers' last-seen times (default: wall clock). */
  clock?: Clock;
}

/**
 * Listens on `host:port` and learns peers from incoming datagrams. Emits `up` on a peer's first packet;
 * peers stay known until {@link UdpLink.expirePeers} drops them (UDP has no close).
 */
const RECV_BUFFER_BYTES = 4 * 1024 * 1024;

export class UdpLink extends LinkBase {
  private socket: Socket | null = null;
  private readonly known = new Map<string, UdpPeer>();
  private readonly clock: Clock;
  // One shared callback: a closure per datagram would cost garbage with thousands of peers.
  private readonly onSent = (err: Error | null): void => {
    if (err) this.dropped();
  };

  constructor(
    private readonly uri: NetUri,
    opts: UdpLinkOptions = {},
  ) {
    super(uri.id, 'udp');
    this.clock = opts.clock ?? new RealClock();
  }

  async start(): Promise<void> {
    if (this.socket) return;
    // A fleet of a thousand drones sends ~20k datagrams/s: the default buffer (~256 of them) overflows
    // during any event-loop pause of more than ~12 ms; 4 MiB (the usual kernel cap) rides out GC and fan-out.
    const socket = createSocket({ type: this.uri.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: RECV_BUFFER_BYTES });
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error): void => {
        socket.close();
        reject(new Error(listenErrorMessage('UDP', this.uri.host, this.uri.port, this.id, err), { cause: err }));
      };
      socket.once('error', fail);
      socket.bind(this.uri.port, this.uri.host, () => {
        socket.off('error', fail);
        resolve();
      });
    });
    socket.on('error', (error) => this.emit({ kind: 'error', error }));
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    this.socket = socket;
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    for (const peer of [...this.known.keys()]) this.forget(peer, 'link stopped');
  }

  send(bytes: Uint8Array, peer?: string): void {
    const socket = this.socket;
    if (peer !== undefined) {
      const p = this.known.get(peer);
      if (!socket || !p) return this.dropped();
      this.sent(bytes.length);
      socket.send(bytes, p.port, p.address, this.onSent);
      return;
    }
    if (!socket || this.known.size === 0) return this.dropped();
    for (const p of this.known.values()) {
      this.sent(bytes.length);
      socket.send(bytes, p.port, p.address, this.onSent);
    }
  }

  peers(): string[] {
    return [...this.known.keys()];
  }

  /** Forgets peers not heard from in the last `olderThanMs`, emitting `down` for each; returns them. */
  expirePeers(olderThanMs: number): string[] {
    const cutoff = this.clock.now() - olderThanMs;
    const expired: string[] = [];
    for (const [name, p] of this.known) if (p.lastSeen < cutoff) expired.push(name);
    for (const name of expired) this.forget(name, `silent for more than ${olderThanMs} ms`);
    return expired;
  }

  /** The bound port (useful when the link was opened on port 0); 0 before start. */
  localPort(): number {
    return this.socket?.address().port ?? 0;
  }

  private onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    const name = peerName(rinfo.address, rinfo.port);
    let p = this.known.get(name);
    if (p) {
      p.lastSeen = this.clock.now();
    } else {
      p = { address: rinfo.address, port: rinfo.port, lastSeen: this.clock.now() };
      this.known.set(name, p);
      this.emit({ kind: 'up', peer: name });
    }
    this.received(asBuffer(msg), name);
  }

  private forget(peer: string, reason: string): void {
    if (this.known.delete(peer)) this.emit({ kind: 'down', peer, reason });
  }
}

/** `ip:port`, with IPv4-mapped IPv6 addresses shown as plain IPv4 so a drone keeps one name. */
function peerName(address: string, port: number): string {
  return formatHostPort(address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address, port);
}
