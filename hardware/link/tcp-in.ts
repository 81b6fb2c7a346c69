/** TCP server link: each accepted connection is a peer `ip:port`, as SITL serves a ground station on 5760. */
import { createServer, type Server, type Socket } from 'node:net';
import { LinkBase, listenErrorMessage } from './link-base.js';
import { formatHostPort, type NetUri } from './parse-uri.js';

export interface TcpInLinkOptions {
  /** Drop writes to a peer while this much is already queued for it: a stalled client must not grow memory. */
  maxQueuedBytes?: number;
}

/** Listens on `host:port`; emits `up` when a client connects and `down` when its connection ends. */
export class TcpInLink extends LinkBase {
  private server: Server | null = null;
  private readonly sockets = new Map<string, Socket>();
  private readonly maxQueuedBytes: number;

  constructor(
    private readonly uri: NetUri,
    opts: TcpInLinkOptions = {},
  ) {
    super(uri.id, 'tcpin');
    this.maxQueuedBytes = opts.maxQueuedBytes ?? 1 << 20;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error): void => {
        server.close();
        reject(new Error(listenErrorMessage('TCP', this.uri.host, this.uri.port, this.id, err), { cause: err }));
      };
      server.once('error', fail);
      server.listen(this.uri.port, this.uri.host, () => {
        server.off('error', fail);
        resolve();
      });
    });
    server.on('error', (error) => this.emit({ kind: 'error', error }));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const [peer, socket] of [...this.sockets]) {
      this.sockets.delete(peer);
      socket.destroy();
      this.emit({ kind: 'down', peer, reason: 'link stopped' });
    }
    await closed;
  }

  send(bytes: Uint8Array, peer?: string): void {
    if (peer !== undefined) return this.write(this.sockets.get(peer), bytes);
    if (this.sockets.size === 0) return this.dropped();
    for (const socket of this.sockets.values()) this.write(socket, bytes);
  }

  peers(): string[] {
    return [...this.sockets.keys()];
  }

  /** The port listened on (useful when opened on port 0); 0 before start. */
  localPort(): number {
    const addr = this.server?.address();
    return addr && typeof addr === 'object' ? addr.port : 0;
  }

  private write(socket: Socket | undefined, bytes: Uint8Array): void {
    if (!socket || socket.destroyed || socket.writableLength > this.maxQueuedBytes) return this.dropped();
    this.sent(bytes.length);
    socket.write(bytes);
  }

  private accept(socket: Socket): void {
    const address = socket.remoteAddress ?? 'unknown';
    const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
    const peer = formatHostPort(plain, socket.remotePort ?? 0);
    let lastError: Error | null = null;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 5000);
    this.sockets.set(peer, socket);
    this.counters.connects++;
    socket.on('data', (bytes: Buffer) => this.received(bytes, peer));
    socket.on('error', (err) => {
      lastError = err;
    });
    socket.on('close', () => {
      // Already gone when the link itself was stopped.
      if (this.sockets.get(peer) !== socket) return;
      this.sockets.delete(peer);
      this.emit({ kind: 'down', peer, reason: lastError ? lastError.message : 'connection closed by peer' });
    });
    this.emit({ kind: 'up', peer });
  }
}
