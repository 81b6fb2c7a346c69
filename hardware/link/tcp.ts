/** TCP client, e.g. to ArduPilot SITL on 5760: connects, and reconnects with backoff whenever the connection ends. */
import { connect, type Socket } from 'node:net';
import { RealClock, type Clock, type TimerHandle } from '../clock.js';
import { DEFAULT_BACKOFF, Reconnector, type BackoffOptions } from './backoff.js';
import { LinkBase, messageOf } from './link-base.js';
import { formatHostPort, type NetUri } from './parse-uri.js';

export interface TcpLinkOptions {
  /** Drives the reconnect backoff and connect timeout (default: wall clock). */
  clock?: Clock;
  backoff?: BackoffOptions;
  /** Give up on a connect attempt after this long (a dropped SYN otherwise hangs for minutes). */
  connectTimeoutMs?: number;
  /** Drop writes while this much is already queued in the socket: a stalled peer must not grow memory. */
  maxQueuedBytes?: number;
}

/**
 * A TCP client link with one peer, `host:port`. `start()` resolves once the first connect attempt has
 * settled, **whether or not it succeeded**: the link keeps retrying in the background (250 ms doubling
 * to 5 s by default, reset after each successful connect), emitting `up` on each connect and `down`
 * when a connection ends. The first failed attempt of an outage is reported as an `error` event.
 * Writes while disconnected are dropped and counted in `writeErrors`.
 */
export class TcpLink extends LinkBase {
  private socket: Socket | null = null;
  private connected = false;
  private running = false;
  private outageReported = false;
  private settleStart: (() => void) | null = null;
  private connectTimer: TimerHandle | null = null;
  private readonly peer: string;
  private readonly clock: Clock;
  private readonly reconnector: Reconnector;
  private readonly connectTimeoutMs: number;
  private readonly maxQueuedBytes: number;

  constructor(
    private readonly uri: NetUri,
    opts: TcpLinkOptions = {},
  ) {
    super(uri.id, 'tcp');
    this.peer = formatHostPort(uri.host, uri.port);
    this.clock = opts.clock ?? new RealClock();
    this.reconnector = new Reconnector(this.clock, () => this.open(), opts.backoff ?? DEFAULT_BACKOFF);
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 5000;
    this.maxQueuedBytes = opts.maxQueuedBytes ?? 1 << 20;
  }

  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    this.outageReported = false;
    this.reconnector.resume();
    return new Promise((resolve) => {
      this.settleStart = resolve;
      this.open();
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.reconnector.stop();
    this.clearConnectTimer();
    this.settle();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.destroy();
      await closed;
    }
    if (this.connected) {
      this.connected = false;
      this.emit({ kind: 'down', peer: this.peer, reason: 'link stopped' });
    }
  }

  send(bytes: Uint8Array, peer?: string): void {
    const socket = this.socket;
    if (!socket || !this.connected || (peer !== undefined && peer !== this.peer)) return this.dropped();
    if (socket.writableLength > this.maxQueuedBytes) return this.dropped();
    this.sent(bytes.length);
    socket.write(bytes);
  }

  peers(): string[] {
    return this.connected ? [this.peer] : [];
  }

  /** Whether a connection is established right now. */
  isConnected(): boolean {
    return this.connected;
  }

  private open(): void {
    if (!this.running) return;
    let lastError: Error | null = null;
    const socket = connect({ host: this.uri.host, port: this.uri.port });
    this.socket = socket;
    this.connectTimer = this.clock.setTimeout(() => {
      this.connectTimer = null;
      socket.destroy(new Error(`connect timed out after ${this.connectTimeoutMs} ms`));
    }, this.connectTimeoutMs);

    socket.on('connect', () => {
      if (this.socket !== socket) return;
      this.clearConnectTimer();
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 5000);
      this.connected = true;
      this.outageReported = false;
      this.counters.connects++;
      this.reconnector.connected();
      this.settle();
      this.emit({ kind: 'up', peer: this.peer });
    });
    socket.on('data', (bytes: Buffer) => {
      if (this.socket === socket) this.received(bytes, this.peer);
    });
    // 'close' always follows 'error'; keep the reason for it.
    socket.on('error', (err) => {
      lastError = err;
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearConnectTimer();
      const reason = lastError ? messageOf(lastError) : 'connection closed by peer';
      if (this.connected) {
        this.connected = false;
        this.emit({ kind: 'down', peer: this.peer, reason });
      } else if (!this.outageReported) {
        this.outageReported = true;
        this.emit({ kind: 'error', error: new Error(`cannot connect to ${this.id}: ${reason}; retrying`) });
      }
      this.settle();
      this.reconnector.failed();
    });
  }

  private settle(): void {
    const resolve = this.settleStart;
    this.settleStart = null;
    resolve?.();
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) this.clock.clear(this.connectTimer);
    this.connectTimer = null;
  }
}
