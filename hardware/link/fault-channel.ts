/** One direction of a fault-injecting link: decides each packet's fate and hands the survivors on, on the clock. */
import type { Clock, TimerHandle } from '../clock.js';
import { DEFAULT_REORDER_HOLD_MS, type FaultProfile, type OutageWindow } from './fault-profile.js';

/** What one direction did, counted in packets since the link was built. */
export interface FaultStats {
  /** Packets that entered this direction. */
  packets: number;
  /** Copies handed on (a duplicated packet counts twice); packets still waiting are not yet counted. */
  delivered: number;
  /** Dropped by loss or an outage. */
  dropped: number;
  /** Packets delivered a second time. */
  duplicated: number;
  /** Packets held back and delivered after a later one. */
  reordered: number;
  /** Packets with one byte changed. */
  corrupted: number;
  /** Packets given a non-zero delay by latency and jitter. */
  delayed: number;
}

/** A surviving packet: its bytes (owned by the channel), where it goes, how many copies, and when. */
interface Packet<P> {
  bytes: Buffer;
  peer: P;
  copies: number;
  due: number;
}

interface Pending<P> {
  packet: Packet<P>;
  /** A held-back packet that goes right after this one. */
  follower: Packet<P> | null;
}

interface Resolved {
  loss: number;
  latencyMs: number;
  jitterMs: number;
  duplicate: number;
  reorder: number;
  reorderHoldMs: number;
  corrupt: number;
  outages: readonly OutageWindow[];
}

/**
 * Applies a validated {@link FaultProfile} to the packets of one direction. Survivors wait in a queue ordered by
 * due time (ties keep arrival order) behind a single clock timer, so equal delays keep FIFO order on any clock.
 */
export class FaultChannel<P> {
  private readonly profile: Resolved;
  private readonly counts: FaultStats = { packets: 0, delivered: 0, dropped: 0, duplicated: 0, reordered: 0, corrupted: 0, delayed: 0 };
  // Sorted by due; entries before `head` are already delivered (compacted now and then, so removal is cheap).
  private queue: Pending<P>[] = [];
  private head = 0;
  private timer: TimerHandle | null = null;
  private timerDue = Infinity;
  private held: { packet: Packet<P>; timer: TimerHandle } | null = null;
  private flushing = false;
  /** Bumped by reset, so a flush interrupted by a listener stopping the link ends there. */
  private epoch = 0;

  constructor(
    profile: FaultProfile,
    /** Floats in [0, 1); seeded, so a run replays. */
    private readonly random: () => number,
    private readonly clock: Clock,
    private readonly deliver: (bytes: Buffer, peer: P) => void,
  ) {
    this.profile = {
      loss: profile.loss ?? 0,
      latencyMs: profile.latencyMs ?? 0,
      jitterMs: profile.jitterMs ?? 0,
      duplicate: profile.duplicate ?? 0,
      reorder: profile.reorder ?? 0,
      reorderHoldMs: profile.reorderHoldMs ?? DEFAULT_REORDER_HOLD_MS,
      corrupt: profile.corrupt ?? 0,
      outages: profile.outages ?? [],
    };
  }

  /**
   * Takes one packet `elapsedMs` after the link started. `owned` says the bytes will not be changed by anyone
   * else; otherwise they are copied before they wait.
   */
  push(bytes: Buffer, peer: P, elapsedMs: number, owned: boolean): void {
    const p = this.profile;
    this.counts.packets++;
    // Every packet takes the same draws whatever the profile, so turning one fault on does not reshuffle the others.
    const rLoss = this.random();
    const rCorrupt = this.random();
    const rOffset = this.random();
    const rMask = this.random();
    const rDuplicate = this.random();
    const rReorder = this.random();
    const rJitter = this.random();

    if (rLoss < p.loss || inOutage(p.outages, elapsedMs)) {
      this.counts.dropped++;
      return;
    }
    const delay = Math.max(0, p.latencyMs + (2 * rJitter - 1) * p.jitterMs);
    const holdBack = rReorder < p.reorder && this.held === null;
    let data = bytes;
    if (rCorrupt < p.corrupt && bytes.length > 0) {
      data = Buffer.from(bytes);
      // XOR with 1..255, so the chosen byte always changes.
      data[Math.floor(rOffset * data.length)] ^= 1 + Math.floor(rMask * 255);
      this.counts.corrupted++;
    } else if (!owned && (delay > 0 || holdBack)) {
      data = Buffer.from(bytes);
    }
    const copies = rDuplicate < p.duplicate ? 2 : 1;
    if (copies === 2) this.counts.duplicated++;
    if (delay > 0) this.counts.delayed++;

    const packet: Packet<P> = { bytes: data, peer, copies, due: this.clock.now() + delay };
    if (holdBack) {
      this.hold(packet);
      return;
    }
    this.enqueue(packet, this.takeHeld());
    this.flush();
  }

  /** Counters so far. */
  stats(): FaultStats {
    return { ...this.counts };
  }

  /** Forgets every waiting packet and cancels its timers (the link stopped). */
  reset(): void {
    if (this.timer) this.clock.clear(this.timer);
    if (this.held) this.clock.clear(this.held.timer);
    this.timer = null;
    this.timerDue = Infinity;
    this.held = null;
    this.queue = [];
    this.head = 0;
    this.epoch++;
  }

  private hold(packet: Packet<P>): void {
    // No later packet within the hold time: it goes anyway, merely late.
    const timer = this.clock.setTimeout(() => {
      this.held = null;
      this.enqueue(packet, null);
      this.flush();
    }, this.profile.reorderHoldMs);
    this.held = { packet, timer };
  }

  private takeHeld(): Packet<P> | null {
    const held = this.held;
    if (!held) return null;
    this.clock.clear(held.timer);
    this.held = null;
    this.counts.reordered++;
    return held.packet;
  }

  private enqueue(packet: Packet<P>, follower: Packet<P> | null): void {
    // Insert after every entry due at or before it: ties keep arrival order.
    let lo = this.head;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.queue[mid].packet.due <= packet.due) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.queue.length) this.queue.push({ packet, follower });
    else this.queue.splice(lo, 0, { packet, follower });
  }

  private flush(): void {
    if (this.flushing) return; // the running flush picks up whatever a listener added
    this.flushing = true;
    const epoch = this.epoch;
    try {
      const now = this.clock.now();
      while (this.head < this.queue.length && this.queue[this.head].packet.due <= now) {
        const { packet, follower } = this.queue[this.head++];
        this.send(packet);
        if (this.epoch !== epoch) return;
        // The held-back packet goes right after the one that overtook it, but never before its own delay.
        if (follower && follower.due <= now) this.send(follower);
        else if (follower) this.enqueue(follower, null);
      }
    } finally {
      this.flushing = false;
    }
    if (this.epoch !== epoch) return;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }

  private arm(): void {
    const due = this.head < this.queue.length ? this.queue[this.head].packet.due : Infinity;
    if (due === this.timerDue) return;
    if (this.timer) this.clock.clear(this.timer);
    this.timer = null;
    this.timerDue = due;
    if (due === Infinity) return;
    // A real timer may fire a millisecond early by the wall clock; flush then finds nothing due and re-arms.
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.timerDue = Infinity;
      this.flush();
    }, due - this.clock.now());
  }

  private send(packet: Packet<P>): void {
    for (let i = 0; i < packet.copies; i++) {
      this.counts.delivered++;
      // Each copy gets its own buffer: a listener may change what it was given.
      this.deliver(i === 0 ? packet.bytes : Buffer.from(packet.bytes), packet.peer);
    }
  }
}

function inOutage(outages: readonly OutageWindow[], elapsedMs: number): boolean {
  for (const w of outages) if (elapsedMs >= w.startMs && elapsedMs < w.endMs) return true;
  return false;
}
