/** Waiting on link events in integration tests: promises with generous timeouts, never fixed sleeps. */
import type { Link, LinkEvent } from '../../../hardware/link/link.js';

type EventOf<K extends LinkEvent['kind']> = Extract<LinkEvent, { kind: K }>;

/** Resolves with the next event of `kind` that matches `test`. */
export function nextEvent<K extends LinkEvent['kind']>(link: Link, kind: K, test: (e: EventOf<K>) => boolean = () => true, timeoutMs = 10_000): Promise<EventOf<K>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${link.id}: no '${kind}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = link.subscribe((e) => {
      if (e.kind === kind && test(e as EventOf<K>)) {
        clearTimeout(timer);
        off();
        resolve(e as EventOf<K>);
      }
    });
  });
}

/** Collects the bytes a link receives, per peer, and waits until enough have arrived. */
export class ByteCollector {
  private readonly chunks = new Map<string, Buffer[]>();
  private readonly waiters = new Set<() => void>();
  private readonly off: () => void;

  constructor(link: Link) {
    this.off = link.subscribe((e) => {
      if (e.kind !== 'data') return;
      const list = this.chunks.get(e.peer) ?? [];
      list.push(Buffer.from(e.bytes));
      this.chunks.set(e.peer, list);
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** Everything received from `peer`, or from all peers in arrival order per peer. */
  bytes(peer?: string): Buffer {
    if (peer !== undefined) return Buffer.concat(this.chunks.get(peer) ?? []);
    return Buffer.concat([...this.chunks.values()].flat());
  }

  /** Peers heard from so far. */
  peers(): string[] {
    return [...this.chunks.keys()];
  }

  /** Resolves once at least `length` bytes have come (from `peer`, if given). */
  until(length: number, peer?: string, timeoutMs = 10_000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const got = this.bytes(peer);
        if (got.length < length) return false;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(got);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`only ${this.bytes(peer).length} of ${length} bytes arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.waiters.add(wake);
    });
  }

  stop(): void {
    this.off();
  }
}
