import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { createFaultLink, FaultLink, type FaultLinkOptions } from '../../../../hardware/link/fault-link.js';
import { FaultProfileError } from '../../../../hardware/link/fault-profile.js';
import type { LinkEvent } from '../../../../hardware/link/link.js';
import { LinkBase } from '../../../../hardware/link/link-base.js';
import { memoryPair, type MemoryLink } from '../../../../hardware/link/memory.js';
import { LinkUriError } from '../../../../hardware/link/parse-uri.js';

/** Lets the memory pair's microtask deliveries run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Arrival {
  index: number;
  at: number;
  bytes: Buffer;
}

/** A packet whose first four bytes are its index and whose rest is a pattern derived from it. */
function packet(index: number, size = 16): Buffer {
  const b = Buffer.alloc(size);
  b.writeUInt32BE(index, 0);
  for (let i = 4; i < size; i++) b[i] = (index * 31 + i * 7) & 0xff;
  return b;
}

/**
 * A fault link wrapping end `a` of a memory pair on a manual clock. Outbound packets arrive at `b`,
 * inbound ones are sent by `b`; both sides log what arrives and when.
 */
async function rig(opts: FaultLinkOptions, start = 0) {
  const clock = new ManualClock(start);
  const [a, b] = memoryPair();
  const fault = new FaultLink(a, { clock, seed: 42, ...opts });
  await fault.start();
  await b.start();
  const atFault: Arrival[] = [];
  const atB: Arrival[] = [];
  fault.subscribe((e) => e.kind === 'data' && atFault.push({ index: e.bytes.readUInt32BE(0), at: clock.now(), bytes: e.bytes }));
  b.subscribe((e) => e.kind === 'data' && atB.push({ index: e.bytes.readUInt32BE(0), at: clock.now(), bytes: e.bytes }));
  return { clock, fault, a, b, atFault, atB };
}

async function sendOut(fault: FaultLink, count: number, size?: number): Promise<void> {
  for (let i = 0; i < count; i++) fault.send(packet(i, size));
  await settle();
}

async function sendIn(b: MemoryLink, count: number, size?: number): Promise<void> {
  for (let i = 0; i < count; i++) b.send(packet(i, size));
  await settle();
}

/** An inner link whose events the test makes up. */
class ScriptedLink extends LinkBase {
  readonly writes: { bytes: Uint8Array; peer?: string }[] = [];
  constructor() {
    super('scripted://x', 'udp');
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  send(bytes: Uint8Array, peer?: string): void {
    this.writes.push({ bytes, peer });
  }
  peers(): string[] {
    return ['p1', 'p2'];
  }
  inject(event: LinkEvent): void {
    if (event.kind === 'data') this.received(event.bytes, event.peer);
    else this.emit(event);
  }
}

describe('FaultLink loss', () => {
  it('drops about the configured share of 10 000 packets, and exactly the same ones for the same seed', async () => {
    const first = await rig({ outbound: { loss: 0.2 } });
    await sendOut(first.fault, 10_000);
    const dropped = 10_000 - first.atB.length;
    expect(dropped).toBeGreaterThan(1800);
    expect(dropped).toBeLessThan(2200);
    expect(first.fault.faultStats().outbound).toMatchObject({ packets: 10_000, delivered: first.atB.length, dropped });
    expect(first.a.stats().packetsOut).toBe(first.atB.length);

    const again = await rig({ outbound: { loss: 0.2 } });
    await sendOut(again.fault, 10_000);
    expect(again.atB.map((p) => p.index)).toEqual(first.atB.map((p) => p.index));

    const other = await rig({ seed: 43, outbound: { loss: 0.2 } });
    await sendOut(other.fault, 10_000);
    expect(other.atB.map((p) => p.index)).not.toEqual(first.atB.map((p) => p.index));
  });

  it('replays every kind of fault exactly, bytes and times, from the same seed', async () => {
    const profile = { loss: 0.1, latencyMs: 50, jitterMs: 30, duplicate: 0.1, reorder: 0.1, corrupt: 0.1 };
    const runs = [];
    for (let run = 0; run < 2; run++) {
      const r = await rig({ seed: 7, inbound: profile });
      for (let i = 0; i < 500; i++) {
        r.b.send(packet(i));
        await settle();
        r.clock.advance(3);
      }
      r.clock.advance(1000);
      runs.push({ log: r.atFault, stats: r.fault.faultStats() });
    }
    expect(runs[1]).toEqual(runs[0]);
    const s = runs[0].stats.inbound;
    for (const n of [s.dropped, s.duplicated, s.reordered, s.corrupted]) expect(n).toBeGreaterThan(0);
  });
});

describe('FaultLink latency and jitter', () => {
  it('delivers a delayed packet at the latency, not a millisecond before', async () => {
    const { clock, b, atFault, fault } = await rig({ inbound: { latencyMs: 100 } });
    await sendIn(b, 3);
    clock.advance(99);
    expect(atFault).toEqual([]);
    clock.advance(1);
    expect(atFault.map((p) => [p.index, p.at])).toEqual([
      [0, 100],
      [1, 100],
      [2, 100],
    ]);
    expect(fault.faultStats().inbound).toMatchObject({ delayed: 3, delivered: 3 });
  });

  it('keeps packets in order under constant latency, each exactly that much later', async () => {
    const { clock, b, atFault } = await rig({ inbound: { latencyMs: 40 } });
    const sentAt: number[] = [];
    for (let i = 0; i < 50; i++) {
      b.send(packet(i));
      sentAt.push(clock.now());
      await settle();
      clock.advance(i % 3 === 0 ? 0 : 7);
    }
    clock.advance(100);
    expect(atFault.map((p) => p.index)).toEqual([...Array(50).keys()]);
    expect(atFault.map((p) => p.at - sentAt[p.index])).toEqual(Array(50).fill(40));
  });

  it('spreads delays uniformly within latency ± jitter, reordering some packets', async () => {
    const { clock, b, atFault } = await rig({ inbound: { latencyMs: 100, jitterMs: 20 } });
    await sendIn(b, 1000);
    clock.advance(79.999);
    expect(atFault).toEqual([]);
    clock.advance(200);
    const delays = atFault.map((p) => p.at);
    expect(atFault).toHaveLength(1000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(80);
    expect(Math.max(...delays)).toBeLessThanOrEqual(120);
    expect(delays.filter((d) => d < 90)).not.toHaveLength(0);
    expect(delays.filter((d) => d > 110)).not.toHaveLength(0);
    expect(atFault.map((p) => p.index)).not.toEqual([...Array(1000).keys()]);
  });
});

describe('FaultLink duplication, reordering and corruption', () => {
  it('duplicates about the configured share, each copy right after its original', async () => {
    const { fault, atB } = await rig({ outbound: { duplicate: 0.1 } });
    await sendOut(fault, 2000);
    const { duplicated } = fault.faultStats().outbound;
    expect(duplicated).toBeGreaterThan(140);
    expect(duplicated).toBeLessThan(260);
    expect(atB).toHaveLength(2000 + duplicated);
    const unique = atB.map((p) => p.index).filter((index, k, all) => k === 0 || all[k - 1] !== index);
    expect(unique).toEqual([...Array(2000).keys()]);
    expect(atB.every((p) => p.bytes.equals(packet(p.index)))).toBe(true);
  });

  it('delivers a held-back packet right after the packet that followed it', async () => {
    const { clock, b, atFault, fault } = await rig({ inbound: { reorder: 0.1 } });
    for (let i = 0; i < 1000; i++) {
      b.send(packet(i));
      await settle();
      clock.advance(1);
    }
    clock.advance(1000);
    const order = atFault.map((p) => p.index);
    expect([...order].sort((x, y) => x - y)).toEqual([...Array(1000).keys()]);
    const swaps = order.flatMap((index, k) => (k > 0 && index < order[k - 1] ? [[order[k - 1], index]] : []));
    expect(swaps.length).toBe(fault.faultStats().inbound.reordered);
    expect(swaps.length).toBeGreaterThan(50);
    expect(swaps.every(([later, earlier]) => later === earlier + 1)).toBe(true);
  });

  it('lets a held-back packet go after the hold time when nothing follows it', async () => {
    const { clock, b, atFault, fault } = await rig({ inbound: { reorder: 1, reorderHoldMs: 30 } });
    await sendIn(b, 3);
    expect(atFault.map((p) => p.index)).toEqual([1, 0]);
    clock.advance(29);
    expect(atFault).toHaveLength(2);
    clock.advance(1);
    expect(atFault.map((p) => [p.index, p.at])).toEqual([
      [1, 0],
      [0, 0],
      [2, 30],
    ]);
    expect(fault.faultStats().inbound.reordered).toBe(1);
  });

  it('changes exactly one byte of each corrupted packet and leaves the sender’s buffer alone', async () => {
    const { fault, atB } = await rig({ outbound: { corrupt: 0.2 } });
    const sent = [...Array(1000).keys()].map((i) => packet(i, 24));
    for (const p of sent) fault.send(p);
    await settle();
    expect(atB).toHaveLength(1000);
    const changed = atB.map((p, k) => {
      let n = 0;
      for (let i = 0; i < 24; i++) if (p.bytes[i] !== packet(k, 24)[i]) n++;
      return n;
    });
    expect(new Set(changed)).toEqual(new Set([0, 1]));
    const corrupted = changed.filter((n) => n === 1).length;
    expect(corrupted).toBe(fault.faultStats().outbound.corrupted);
    expect(corrupted).toBeGreaterThan(150);
    expect(corrupted).toBeLessThan(250);
    expect(sent.every((p, i) => p.equals(packet(i, 24)))).toBe(true);
  });
});

describe('FaultLink outages', () => {
  it('drops everything inside a window, counted from link start, and nothing outside it', async () => {
    const { clock, fault, atB } = await rig({ outbound: { outages: [{ startMs: 100, endMs: 200 }] } }, 5000);
    for (let t = 0; t < 300; t++) {
      fault.send(packet(t));
      clock.advance(1);
    }
    await settle();
    const got = new Set(atB.map((p) => p.index));
    expect(got.has(99)).toBe(true);
    expect(got.has(100)).toBe(false);
    expect(got.has(199)).toBe(false);
    expect(got.has(200)).toBe(true);
    expect(atB.map((p) => p.index)).toEqual([...Array(300).keys()].filter((t) => t < 100 || t >= 200));
    expect(fault.faultStats().outbound.dropped).toBe(100);
  });
});

describe('FaultLink directions', () => {
  it('applies each profile to its own direction only', async () => {
    const { fault, b, atFault, atB } = await rig({ outbound: { loss: 1 }, inbound: { latencyMs: 0 } });
    await sendOut(fault, 100);
    await sendIn(b, 100);
    expect(atB).toEqual([]);
    expect(atFault).toHaveLength(100);
    expect(fault.faultStats()).toMatchObject({ outbound: { dropped: 100 }, inbound: { dropped: 0, delivered: 100 } });
  });

  it('makes the same outbound decisions whatever the inbound traffic', async () => {
    const quiet = await rig({ outbound: { loss: 0.3 }, inbound: { loss: 0.3 } });
    await sendOut(quiet.fault, 1000);
    const busy = await rig({ outbound: { loss: 0.3 }, inbound: { loss: 0.3 } });
    for (let i = 0; i < 1000; i++) {
      busy.b.send(packet(i));
      await settle();
      busy.fault.send(packet(i));
    }
    await settle();
    expect(busy.atFault.length).toBeGreaterThan(0);
    expect(busy.atB.map((p) => p.index)).toEqual(quiet.atB.map((p) => p.index));
  });
});

describe('FaultLink lifecycle and events', () => {
  it('stop() cancels pending deliveries, held packets and their timers', async () => {
    const { clock, fault, b, atFault, atB } = await rig({ inbound: { latencyMs: 100 }, outbound: { latencyMs: 100, reorder: 1 } });
    await sendIn(b, 5);
    await sendOut(fault, 5);
    clock.advance(50);
    expect(clock.pending).toBeGreaterThan(0);
    await fault.stop();
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    await settle();
    expect(atFault).toEqual([]);
    expect(atB).toEqual([]);
  });

  it('stops delivering at once when a listener stops the link mid-delivery', async () => {
    const { clock, fault, b, atFault } = await rig({ inbound: { latencyMs: 10 } });
    fault.subscribe((e) => e.kind === 'data' && void fault.stop());
    await sendIn(b, 5);
    clock.advance(10);
    expect(atFault.map((p) => p.index)).toEqual([0]);
    expect(clock.pending).toBe(0);
  });

  it('sends what the caller passed even if it reuses its buffer before the delay ends', async () => {
    const { clock, fault, atB } = await rig({ outbound: { latencyMs: 10 } });
    const buf = packet(1);
    fault.send(buf);
    buf.fill(0);
    clock.advance(10);
    await settle();
    expect(atB.map((p) => p.bytes)).toEqual([packet(1)]);
  });

  it('passes up, down and error events through untouched, even when every packet is lost', () => {
    const inner = new ScriptedLink();
    const fault = new FaultLink(inner, { clock: new ManualClock(), inbound: { loss: 1 } });
    const events: LinkEvent[] = [];
    fault.subscribe((e) => events.push(e));
    const error = new Error('boom');
    inner.inject({ kind: 'up', peer: 'p1' });
    inner.inject({ kind: 'data', bytes: Buffer.from([1]), peer: 'p1' });
    inner.inject({ kind: 'down', peer: 'p1', reason: 'silent' });
    inner.inject({ kind: 'error', error });
    expect(events).toEqual([
      { kind: 'up', peer: 'p1' },
      { kind: 'down', peer: 'p1', reason: 'silent' },
      { kind: 'error', error },
    ]);
    expect((events[2] as { error: Error }).error).toBe(error);
  });

  it('keeps the inner id, kind, peers and target peer, and counts inbound packets after faults', async () => {
    const inner = new ScriptedLink();
    const fault = new FaultLink(inner, { clock: new ManualClock(), seed: 1, inbound: { loss: 0.5 } });
    expect([fault.id, fault.kind, fault.inner, fault.seed]).toEqual(['scripted://x', 'udp', inner, 1]);
    expect(fault.peers()).toEqual(['p1', 'p2']);
    expect(fault.localPort).toBeUndefined();
    fault.send(Buffer.from([9]), 'p2');
    expect(inner.writes).toEqual([{ bytes: Buffer.from([9]), peer: 'p2' }]);
    for (let i = 0; i < 100; i++) inner.inject({ kind: 'data', bytes: Buffer.from([i, 0]), peer: 'p1' });
    const { delivered } = fault.faultStats().inbound;
    expect(fault.stats()).toMatchObject({ packetsIn: delivered, bytesIn: 2 * delivered });
    expect(inner.stats().packetsIn).toBe(100);
  });

  it('delivers synchronously when no fault delays anything', () => {
    const inner = new ScriptedLink();
    const fault = new FaultLink(inner);
    const got: LinkEvent[] = [];
    fault.subscribe((e) => got.push(e));
    inner.inject({ kind: 'data', bytes: Buffer.from([1, 2]), peer: 'p1' });
    fault.send(Buffer.from([3]));
    expect(got).toEqual([{ kind: 'data', bytes: Buffer.from([1, 2]), peer: 'p1' }]);
    expect(inner.writes).toHaveLength(1);
    expect(Number.isInteger(fault.seed)).toBe(true);
  });

  it('rejects unusable profiles and seeds with a clear message', () => {
    const inner = new ScriptedLink();
    expect(() => new FaultLink(inner, { outbound: { loss: 1.5 } })).toThrow(
      new FaultProfileError('outbound loss must be a probability from 0 to 1, got 1.5'),
    );
    expect(() => new FaultLink(inner, { inbound: { latencyMs: -5 } })).toThrow('invalid fault profile: inbound latencyMs must be a non-negative number of milliseconds, got -5');
    expect(() => new FaultLink(inner, { inbound: { outages: [{ startMs: 10, endMs: 10 }] } })).toThrow('inbound outage 10-10 must have 0 <= start < end (ms)');
    expect(() => new FaultLink(inner, { seed: -1 })).toThrow('fault link seed must be an integer from 0 to 4294967295, got -1');
  });
});

describe('createFaultLink', () => {
  it('wraps the link for a connection string in the faults of a spec, unstarted', () => {
    const link = createFaultLink('udp://127.0.0.1:0', 'seed=7,latency=100,out.loss=0.2');
    expect([link.id, link.kind, link.seed, link.localPort?.()]).toEqual(['udp://127.0.0.1:0', 'udp', 7, 0]);
    expect(link.inner.peers()).toEqual([]);
    expect(createFaultLink('udpout://127.0.0.1:14550', 'seed=7', { seed: 9 }).seed).toBe(9);
  });

  it('throws the link or fault error for a bad string', () => {
    expect(() => createFaultLink('foo://x', 'loss=0.1')).toThrow(LinkUriError);
    expect(() => createFaultLink('udp://127.0.0.1:0', 'loss=2')).toThrow(FaultProfileError);
  });
});
