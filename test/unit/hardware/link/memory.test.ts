import { describe, expect, it } from 'vitest';
import type { LinkEvent } from '../../../../hardware/link/link.js';
import { memoryPair } from '../../../../hardware/link/memory.js';

function record(link: { subscribe(l: (e: LinkEvent) => void): () => void }): LinkEvent[] {
  const events: LinkEvent[] = [];
  link.subscribe((e) => events.push(e));
  return events;
}

describe('memoryPair', () => {
  it('delivers bytes to the other end asynchronously, in order, named by the sender', async () => {
    const [a, b] = memoryPair();
    await a.start();
    await b.start();
    const got = record(b);
    a.send(Buffer.from([1, 2]));
    a.send(Buffer.from([3]));
    expect(got).toEqual([]);
    await Promise.resolve();
    expect(got).toEqual([
      { kind: 'data', bytes: Buffer.from([1, 2]), peer: 'a' },
      { kind: 'data', bytes: Buffer.from([3]), peer: 'a' },
    ]);
  });

  it('copies the bytes so the sender may reuse its buffer', async () => {
    const [a, b] = memoryPair();
    await Promise.all([a.start(), b.start()]);
    const got = record(b);
    const buf = Buffer.from([7]);
    a.send(buf);
    buf[0] = 9;
    await Promise.resolve();
    expect(got).toEqual([{ kind: 'data', bytes: Buffer.from([7]), peer: 'a' }]);
  });

  it('reports up when both ends run and down when one stops', async () => {
    const [a, b] = memoryPair(['gcs', 'drone']);
    const onA = record(a);
    const onB = record(b);
    await a.start();
    expect(a.peers()).toEqual([]);
    await b.start();
    expect(a.peers()).toEqual(['drone']);
    await b.stop();
    expect(onA).toEqual([
      { kind: 'up', peer: 'drone' },
      { kind: 'down', peer: 'drone', reason: 'peer closed' },
    ]);
    expect(onB).toEqual([
      { kind: 'up', peer: 'gcs' },
      { kind: 'down', peer: 'gcs', reason: 'link stopped' },
    ]);
  });

  it('counts traffic on both ends and drops writes to a stopped or unknown peer', async () => {
    const [a, b] = memoryPair();
    a.send(Buffer.from([1]));
    await Promise.all([a.start(), b.start()]);
    a.send(Buffer.from([1, 2, 3]));
    a.send(Buffer.from([1]), 'nobody');
    await Promise.resolve();
    expect(a.stats()).toMatchObject({ bytesOut: 3, packetsOut: 1, writeErrors: 2 });
    expect(b.stats()).toMatchObject({ bytesIn: 3, packetsIn: 1 });
  });

  it('turns a throwing listener into an error event for the others', async () => {
    const [a, b] = memoryPair();
    await Promise.all([a.start(), b.start()]);
    b.subscribe(() => {
      throw new Error('boom');
    });
    const got = record(b);
    a.send(Buffer.from([1]));
    await Promise.resolve();
    expect(got.map((e) => e.kind)).toEqual(['data', 'error']);
    expect(got[1].kind === 'error' && got[1].error.message).toBe('memory://b: link listener threw: boom');
  });

  it('stops delivering to a listener once unsubscribed', async () => {
    const [a, b] = memoryPair();
    await Promise.all([a.start(), b.start()]);
    const got: LinkEvent[] = [];
    const off = b.subscribe((e) => got.push(e));
    off();
    a.send(Buffer.from([1]));
    await Promise.resolve();
    expect(got).toEqual([]);
  });
});
