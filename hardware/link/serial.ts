/** Serial link (telemetry radio, USB autopilot, pty) through `serialport`; reopens the device with backoff when it goes away. */
import { SerialPort } from 'serialport';
import { RealClock, type Clock } from '../clock.js';
import { DEFAULT_BACKOFF, Reconnector, type BackoffOptions } from './backoff.js';
import { LinkBase, asBuffer, messageOf } from './link-base.js';
import type { SerialUri } from './parse-uri.js';
import { WritePacer, bytesPerSecond } from './write-pacer.js';

export interface SerialLinkOptions {
  /** Drives the reopen backoff and write pacing (default: wall clock). */
  clock?: Clock;
  backoff?: BackoffOptions;
}

/**
 * One peer, the device path. `start()` rejects when the device cannot be opened (missing, busy, not a
 * tty). Once open, a close, a read error or a failed write (a dead pty peer shows only as EIO) emits
 * `down`, and the device is reopened with backoff until it returns or the link is stopped.
 * With `throttle`, writes are paced to baud/10 bytes per second as a radio would carry them.
 */
export class SerialLink extends LinkBase {
  private port: SerialPort | null = null;
  private running = false;
  /** Bumped on stop, so an open still in flight from before cannot attach to a later run. */
  private epoch = 0;
  private readonly clock: Clock;
  private readonly reconnector: Reconnector;
  private readonly pacer: WritePacer | null;

  constructor(
    private readonly uri: SerialUri,
    opts: SerialLinkOptions = {},
  ) {
    super(uri.id, 'serial');
    this.clock = opts.clock ?? new RealClock();
    this.reconnector = new Reconnector(this.clock, () => this.reopen(), opts.backoff ?? DEFAULT_BACKOFF);
    this.pacer = uri.throttle ? new WritePacer(this.clock, bytesPerSecond(uri.baud), (chunk) => this.writeNow(chunk)) : null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.reconnector.resume();
    const epoch = this.epoch;
    let port: SerialPort;
    try {
      port = await this.openPort();
    } catch (err) {
      if (this.epoch === epoch) {
        this.running = false;
        this.reconnector.stop();
      }
      throw new Error(openErrorMessage(this.uri.path, this.id, err), { cause: err });
    }
    this.adopt(port, epoch);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.epoch++;
    this.reconnector.stop();
    this.pacer?.clear();
    const port = this.port;
    this.port = null;
    if (!port) return;
    await closeQuietly(port);
    this.emit({ kind: 'down', peer: this.uri.path, reason: 'link stopped' });
  }

  send(bytes: Uint8Array, peer?: string): void {
    if (!this.port || (peer !== undefined && peer !== this.uri.path)) return this.dropped();
    const chunk = asBuffer(bytes);
    if (!this.pacer) return this.writeNow(chunk);
    // The pacer may hold the chunk for later, and the caller may reuse its buffer.
    if (!this.pacer.push(Buffer.from(chunk))) this.dropped();
  }

  peers(): string[] {
    return this.port ? [this.uri.path] : [];
  }

  private writeNow(chunk: Buffer): void {
    const port = this.port;
    if (!port) return this.dropped();
    this.sent(chunk.length);
    port.write(chunk, (err) => {
      if (!err) return;
      this.dropped();
      if (this.port === port) this.lost(`write failed: ${err.message}`);
    });
  }

  private openPort(): Promise<SerialPort> {
    const port = new SerialPort({ path: this.uri.path, baudRate: this.uri.baud, autoOpen: false });
    // Failed writes also surface as stream errors; the write callback and 'close' already handle them.
    port.on('error', () => {});
    return new Promise((resolve, reject) => port.open((err) => (err ? reject(err) : resolve(port))));
  }

  private attach(port: SerialPort): void {
    this.port = port;
    this.counters.connects++;
    this.reconnector.connected();
    port.on('data', (bytes: Buffer) => {
      if (this.port === port) this.received(bytes, this.uri.path);
    });
    port.on('close', (err: Error | null) => {
      if (this.port === port) this.lost(err ? err.message : 'port closed');
    });
    this.emit({ kind: 'up', peer: this.uri.path });
  }

  private lost(reason: string): void {
    const port = this.port;
    this.port = null;
    this.pacer?.clear();
    if (port) void closeQuietly(port);
    this.emit({ kind: 'down', peer: this.uri.path, reason });
    this.reconnector.failed();
  }

  private reopen(): void {
    const epoch = this.epoch;
    this.openPort().then(
      (port) => this.adopt(port, epoch),
      () => {
        if (this.epoch === epoch) this.reconnector.failed();
      },
    );
  }

  /** Attaches a freshly opened port, unless the link was stopped while it opened. */
  private adopt(port: SerialPort, epoch: number): void {
    if (this.running && this.epoch === epoch && !this.port) this.attach(port);
    else void closeQuietly(port);
  }
}

function closeQuietly(port: SerialPort): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) return resolve();
    port.close(() => resolve());
  });
}

/** One line naming the device and what to do, from serialport's errno-less messages. */
function openErrorMessage(path: string, id: string, err: unknown): string {
  const text = messageOf(err);
  if (/no such file or directory/i.test(text)) return `serial device ${path} not found (${id})`;
  if (/permission denied/i.test(text)) return `permission denied opening ${path} (${id}); is the user in the dialout group?`;
  if (/inappropriate ioctl/i.test(text)) return `${path} is not a serial port (${id})`;
  if (/cannot lock|resource temporarily unavailable/i.test(text)) return `${path} is in use by another program (${id})`;
  return `cannot open serial device ${path} (${id}): ${text}`;
}
