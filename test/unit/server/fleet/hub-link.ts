/** A fake multi-peer link for registry tests: the test plays every peer, and every write is recorded. */
import type { Link, LinkEvent, LinkStats } from '../../../../hardware/link/link.js';
import type { InboundMessage } from '../../../../hardware/mavlink/frame.js';
import { decodeAll } from '../../hardware/vehicle/fixtures.js';

export class HubLink implements Link {
  readonly kind = 'udp' as const;
  readonly sent: { bytes: Buffer; peer: string | undefined }[] = [];
  started = 0;
  stopped = 0;
  failStart: Error | null = null;
  private readonly listeners = new Set<(event: LinkEvent) => void>();
  private readonly known = new Set<string>();
  private readonly counters: LinkStats = { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, writeErrors: 0, connects: 0 };

  constructor(readonly id = 'udp://0.0.0.0:14550') {}

  async start(): Promise<void> {
    this.started++;
    if (this.failStart) throw this.failStart;
  }

  async stop(): Promise<void> {
    this.stopped++;
  }

  send(bytes: Uint8Array, peer?: string): void {
    this.counters.bytesOut += bytes.length;
    this.counters.packetsOut++;
    this.sent.push({ bytes: Buffer.from(bytes), peer });
  }

  subscribe(listener: (event: LinkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  peers(): string[] {
    return [...this.known];
  }

  stats(): LinkStats {
    return { ...this.counters };
  }

  /** Bytes arriving from `peer`, delivered synchronously. */
  receive(bytes: Buffer, peer: string): void {
    this.known.add(peer);
    this.counters.bytesIn += bytes.length;
    this.counters.packetsIn++;
    for (const l of this.listeners) l({ kind: 'data', bytes, peer });
  }

  /** Everything written to `peer` (undefined: to all peers), decoded. */
  sentTo(peer: string | undefined): InboundMessage[] {
    return this.sent.filter((s) => s.peer === peer).flatMap((s) => decodeAll(s.bytes));
  }

  clearSent(): void {
    this.sent.length = 0;
  }
}
