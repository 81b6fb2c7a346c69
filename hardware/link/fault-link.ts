/** A link that wraps any other and loses, delays, duplicates, reorders and corrupts its packets, reproducibly. */
import { RealClock, type Clock } from '../clock.js';
import { createLink, type CreateLinkOptions } from './create-link.js';
import { FaultChannel, type FaultStats } from './fault-channel.js';
import { parseFaultSpec, validateFaultProfile, type FaultProfile, type FaultSpec } from './fault-profile.js';
import type { Link, LinkEvent, LinkStats } from './link.js';
import { LinkBase, asBuffer, messageOf } from './link-base.js';
import type { LinkUri } from './parse-uri.js';
import { deriveSeed, randomSeed, seededRandom } from './seeded-random.js';

export interface FaultLinkOptions {
  /** Time for delays, hold-backs and outage windows (default: wall clock). */
  clock?: Clock;
  /** 32-bit seed of every fault decision (default: a random one, readable as {@link FaultLink.seed}). */
  seed?: number;
  /** Faults on what the inner link receives, per `data` event. */
  inbound?: FaultProfile;
  /** Faults on what is sent, per `send` call. */
  outbound?: FaultProfile;
}

/** Fault counters of both directions. */
export interface FaultLinkStats {
  inbound: FaultStats;
  outbound: FaultStats;
}

/**
 * Wraps `inner` and applies a {@link FaultProfile} to each direction, per packet: per `send` call outbound, per `data`
 * event inbound (one datagram, so usually one MAVLink frame, over UDP; a read chunk over TCP and serial).
 * `up`, `down` and `error` events pass through untouched. Every decision comes from the seed and the packet's
 * place in its direction, so with a manual clock a run replays exactly; the directions draw independently.
 * The id and kind are the inner link's, so registries name the vehicle the same with or without faults.
 */
export class FaultLink extends LinkBase {
  /** The seed in use; log it so a failing run can be replayed. */
  readonly seed: number;
  /** The inner link's bound port, when it has one. */
  readonly localPort?: () => number;
  private readonly clock: Clock;
  private readonly inbound: FaultChannel<string>;
  private readonly outbound: FaultChannel<string | undefined>;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private startedAt = 0;

  constructor(
    /** The wrapped link, e.g. for `UdpLink.expirePeers`. */
    readonly inner: Link,
    opts: FaultLinkOptions = {},
  ) {
    super(inner.id, inner.kind);
    validateFaultProfile(opts.inbound ?? {}, 'inbound');
    validateFaultProfile(opts.outbound ?? {}, 'outbound');
    if (opts.seed !== undefined && !(Number.isInteger(opts.seed) && opts.seed >= 0 && opts.seed <= 0xffffffff)) {
      throw new RangeError(`fault link seed must be an integer from 0 to 4294967295, got ${opts.seed}`);
    }
    this.seed = opts.seed ?? randomSeed();
    this.clock = opts.clock ?? new RealClock();
    this.inbound = new FaultChannel(opts.inbound ?? {}, seededRandom(deriveSeed(this.seed, 0)), this.clock, (bytes, peer) =>
      this.received(bytes, peer),
    );
    this.outbound = new FaultChannel(opts.outbound ?? {}, seededRandom(deriveSeed(this.seed, 1)), this.clock, (bytes, peer) =>
      this.forward(bytes, peer),
    );
    if (inner.localPort) {
      const localPort = inner.localPort.bind(inner);
      this.localPort = () => localPort();
    }
    // Subscribed for good, so the `up` an inner link emits while starting is passed on too.
    inner.subscribe((event) => this.onInner(event));
  }

  /** Starts the inner link; outage windows count from here. */
  async start(): Promise<void> {
    if (this.state !== 'running') {
      this.state = 'running';
      this.startedAt = this.clock.now();
    }
    try {
      await this.inner.start();
    } catch (err) {
      this.state = 'stopped';
      throw err;
    }
  }

  /** Drops every packet still waiting in either direction, then stops the inner link. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.inbound.reset();
    this.outbound.reset();
    await this.inner.stop();
  }

  send(bytes: Uint8Array, peer?: string): void {
    // Once stopped there is nothing to inject: the inner link counts the write as failed.
    if (this.state === 'stopped') return this.forward(bytes, peer);
    this.outbound.push(asBuffer(bytes), peer, this.elapsed(), false);
  }

  peers(): string[] {
    return this.inner.peers();
  }

  /**
   * The inner link's counters, except that `bytesIn` and `packetsIn` count what passed the faults to listeners;
   * outbound counters already count only what reached the inner link.
   */
  override stats(): LinkStats {
    return { ...this.inner.stats(), bytesIn: this.counters.bytesIn, packetsIn: this.counters.packetsIn };
  }

  /** What the faults did so far, per direction. */
  faultStats(): FaultLinkStats {
    return { inbound: this.inbound.stats(), outbound: this.outbound.stats() };
  }

  private onInner(event: LinkEvent): void {
    switch (event.kind) {
      case 'data':
        if (this.state !== 'stopped') this.inbound.push(event.bytes, event.peer, this.elapsed(), true);
        return;
      case 'up':
      case 'down':
      case 'error':
        this.emit(event);
        return;
      default: {
        const never: never = event;
        throw new Error(`unhandled link event ${JSON.stringify(never)}`);
      }
    }
  }

  private forward(bytes: Uint8Array, peer: string | undefined): void {
    // Delayed packets are sent from a timer, where a throwing transport would take the process down.
    try {
      this.inner.send(bytes, peer);
    } catch (err) {
      this.emit({ kind: 'error', error: new Error(`${this.id}: send failed: ${messageOf(err)}`, { cause: err }) });
    }
  }

  private elapsed(): number {
    return this.state === 'new' ? 0 : this.clock.now() - this.startedAt;
  }
}

export interface CreateFaultLinkOptions extends CreateLinkOptions {
  /** Overrides a `seed=` in the fault text. */
  seed?: number;
}

/**
 * Builds the link for a connection string wrapped in faults given as text or a spec, e.g.
 * `createFaultLink('udpout://127.0.0.1:14550', 'seed=7,latency=100,out.loss=0.2')` (see `parseFaultSpec`).
 * Throws `LinkUriError` or `FaultProfileError` with a one-line reason; the link is not started.
 */
export function createFaultLink(uri: string | LinkUri, faults: string | FaultSpec, opts: CreateFaultLinkOptions = {}): FaultLink {
  const spec = typeof faults === 'string' ? parseFaultSpec(faults) : faults;
  const inner = createLink(uri, { clock: opts.clock });
  return new FaultLink(inner, { clock: opts.clock, seed: opts.seed ?? spec.seed, inbound: spec.inbound, outbound: spec.outbound });
}
