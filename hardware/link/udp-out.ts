/** UDP sender to a fixed `host:port` (a vehicle or a listening ground station), from an ephemeral local port. */
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { LinkBase, asBuffer, messageOf } from './link-base.js';
import { formatHostPort, type NetUri } from './parse-uri.js';

/**
 * Sends every write to the target and reports every reply as coming from it (peer `host:port` as
 * configured). There is no connection, so `up` is emitted once at start: from then on the link can send.
 */
export class UdpOutLink extends LinkBase {
  private socket: Socket | null = null;
  private address = '';
  private readonly peer: string;
  private readonly onSent = (err: Error | null): void => {
    if (err) this.dropped();
  };

  constructor(private readonly uri: NetUri) {
    super(uri.id, 'udpout');
    this.peer = formatHostPort(uri.host, uri.port);
  }

  async start(): Promise<void> {
    if (this.socket) return;
    // Resolve once: dgram would look a host name up again on every send.
    let resolved: { address: string; family: number };
    try {
      resolved = await lookup(this.uri.host);
    } catch (err) {
      throw new Error(`cannot resolve host '${this.uri.host}' (${this.id}): ${messageOf(err)}`, { cause: err });
    }
    const socket = createSocket({ type: resolved.family === 6 ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error): void => {
        socket.close();
        reject(new Error(`cannot open a UDP socket for ${this.id}: ${err.message}`, { cause: err }));
      };
      socket.once('error', fail);
      socket.bind(0, () => {
        socket.off('error', fail);
        resolve();
      });
    });
    socket.on('error', (error) => this.emit({ kind: 'error', error }));
    socket.on('message', (msg) => this.received(asBuffer(msg), this.peer));
    this.address = resolved.address;
    this.socket = socket;
    this.emit({ kind: 'up', peer: this.peer });
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    this.emit({ kind: 'down', peer: this.peer, reason: 'link stopped' });
  }

  send(bytes: Uint8Array, peer?: string): void {
    if (!this.socket || (peer !== undefined && peer !== this.peer)) return this.dropped();
    this.sent(bytes.length);
    this.socket.send(bytes, this.uri.port, this.address, this.onSent);
  }

  peers(): string[] {
    return this.socket ? [this.peer] : [];
  }

  /** The ephemeral local port replies come back to; 0 before start. */
  localPort(): number {
    return this.socket?.address().port ?? 0;
  }
}
