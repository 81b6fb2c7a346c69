/** Behaviour every link adapter shares: listeners, counters and event helpers, so adapters hold only their I/O. */
import type { Link, LinkEvent, LinkKind, LinkStats } from './link.js';

type Listener = (event: LinkEvent) => void;

/** Base class for adapters: subclasses implement start, stop, send and peers, and report through the protected helpers. */
export abstract class LinkBase implements Link {
  private readonly listeners = new Set<Listener>();
  protected readonly counters: LinkStats = { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, writeErrors: 0, connects: 0 };

  constructor(
    readonly id: string,
    readonly kind: LinkKind,
  ) {}

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract send(bytes: Uint8Array, peer?: string): void;
  abstract peers(): string[];

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): LinkStats {
    return { ...this.counters };
  }

  /**
   * Delivers an event to every listener. A listener that throws must not take the socket handler (and the
   * process) down with it, so its exception becomes an `error` event for the others.
   */
  protected emit(event: LinkEvent): void {
    let failures: unknown[] | null = null;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        (failures ??= []).push(err);
      }
    }
    // Reported after every listener has seen the event, so all of them see events in the same order.
    if (!failures || event.kind === 'error') return;
    for (const err of failures) {
      this.emit({ kind: 'error', error: new Error(`${this.id}: link listener threw: ${messageOf(err)}`, { cause: err }) });
    }
  }

  /** Counts and delivers received bytes. */
  protected received(bytes: Buffer, peer: string): void {
    this.counters.bytesIn += bytes.length;
    this.counters.packetsIn++;
    this.emit({ kind: 'data', bytes, peer });
  }

  /** Counts one write handed to the transport. */
  protected sent(length: number): void {
    this.counters.bytesOut += length;
    this.counters.packetsOut++;
  }

  /** Counts a write that failed or had nowhere to go. */
  protected dropped(): void {
    this.counters.writeErrors++;
  }
}

/** An error's message, or the thrown value as text. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Wraps bytes as a Buffer without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A one-line reason for a failed bind/listen, naming the port, e.g. "UDP port 14550 is already in use". */
export function listenErrorMessage(proto: 'UDP' | 'TCP', host: string, port: number, id: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return `${proto} port ${port} is already in use (${id})`;
    case 'EACCES':
      return `permission denied binding ${proto} port ${port} (${id}); ports below 1024 need privileges`;
    case 'EADDRNOTAVAIL':
      return `address ${host} is not on this machine, cannot bind ${proto} port ${port} (${id})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve host '${host}' (${id})`;
    default:
      return `cannot listen on ${proto} ${host}:${port} (${id}): ${messageOf(err)}`;
  }
}
