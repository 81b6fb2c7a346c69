/** Transport-neutral byte links: one interface for UDP, TCP, serial and in-memory pairs. */

export type LinkKind = 'udp' | 'udpout' | 'tcp' | 'tcpin' | 'serial' | 'memory';

/**
 * What a link reports. `peer` names the remote end the bytes came from or the state concerns:
 * `ip:port` for UDP listeners (one link, many peers), the link's own target otherwise.
 */
export type LinkEvent =
  | { kind: 'data'; bytes: Buffer; peer: string }
  | { kind: 'up'; peer: string }
  | { kind: 'down'; peer: string; reason: string }
  | { kind: 'error'; error: Error };

export interface LinkStats {
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  /** Writes that failed or were dropped (no peer yet, closed socket, EIO). */
  writeErrors: number;
  /** Successful (re)connections, for TCP and serial. */
  connects: number;
}

export interface Link {
  /** Stable name, the normalised connection string, e.g. `udp://0.0.0.0:14550`. */
  readonly id: string;
  readonly kind: LinkKind;
  /** Opens the link. Resolves once it can send and receive; rejects with a clear error (port in use, no such device). */
  start(): Promise<void>;
  /** Closes the link and stops reconnecting. Idempotent. */
  stop(): Promise<void>;
  /** Sends bytes to one peer, or to every known peer when `peer` is omitted. */
  send(bytes: Uint8Array, peer?: string): void;
  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: (event: LinkEvent) => void): () => void;
  /** Peers currently known (UDP listeners learn them from incoming packets). */
  peers(): string[];
  stats(): LinkStats;
  /** The bound local port of socket links (useful when opened on port 0); absent for serial and memory. */
  localPort?(): number;
}
