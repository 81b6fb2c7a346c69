/** An in-process duplex pair of links for unit tests: what one end sends, the other receives. */
import { LinkBase } from './link-base.js';

/**
 * One end of a memory pair. Delivery is asynchronous (a microtask per write) and copies the bytes, so
 * ordering and buffer ownership resemble a socket. Each end's only peer is the other end's name;
 * `up` and `down` follow the other end starting and stopping.
 */
export class MemoryLink extends LinkBase {
  private running = false;
  private other!: MemoryLink;

  private constructor(readonly name: string) {
    super(`memory://${name}`, 'memory');
  }

  /** Creates two connected ends with the given names. */
  static pair(names: [string, string]): [MemoryLink, MemoryLink] {
    const a = new MemoryLink(names[0]);
    const b = new MemoryLink(names[1]);
    a.other = b;
    b.other = a;
    return [a, b];
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.other.running) {
      this.emit({ kind: 'up', peer: this.other.name });
      this.other.emit({ kind: 'up', peer: this.name });
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.other.running) {
      this.emit({ kind: 'down', peer: this.other.name, reason: 'link stopped' });
      this.other.emit({ kind: 'down', peer: this.name, reason: 'peer closed' });
    }
  }

  send(bytes: Uint8Array, peer?: string): void {
    if (!this.running || !this.other.running || (peer !== undefined && peer !== this.other.name)) return this.dropped();
    const copy = Buffer.from(bytes);
    this.sent(copy.length);
    queueMicrotask(() => {
      // Bytes in flight when either end stops are lost, as on a socket.
      if (this.running && this.other.running) this.other.received(copy, this.name);
    });
  }

  peers(): string[] {
    return this.running && this.other.running ? [this.other.name] : [];
  }
}

/** Creates two connected links named `a` and `b` (ids `memory://a`, `memory://b`) unless named otherwise. */
export function memoryPair(names: [string, string] = ['a', 'b']): [MemoryLink, MemoryLink] {
  return MemoryLink.pair(names);
}
