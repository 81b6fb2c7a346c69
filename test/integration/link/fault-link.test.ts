import { afterEach, describe, expect, it } from 'vitest';
import { createFaultLink } from '../../../hardware/link/fault-link.js';
import { waitFor } from '../../support/wait.js';
import { nextEvent } from './events.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const COUNT = 200;
const SIZE = 48;

/** A datagram whose first four bytes are its index and whose rest is a pattern derived from it. */
function packet(index: number): Buffer {
  const b = Buffer.alloc(SIZE);
  b.writeUInt32BE(index, 0);
  for (let i = 4; i < SIZE; i++) b[i] = (index * 131 + i * 17) & 0xff;
  return b;
}

interface Arrival {
  index: number;
  at: number;
  intact: boolean;
}

describe('FaultLink over real UDP', () => {
  it('loses about 20 % each way, delays by 100 ms each way, and delivers every surviving datagram intact', async () => {
    // The listener side is wrapped without faults, so the path through a UDP listener (peer learning, replies) is covered too.
    const server = createFaultLink('udp://127.0.0.1:0', '');
    await server.start();
    cleanup.push(() => server.stop());
    const atServer: Arrival[] = [];
    server.subscribe((e) => {
      if (e.kind !== 'data') return;
      const index = e.bytes.readUInt32BE(0);
      atServer.push({ index, at: Date.now(), intact: e.bytes.equals(packet(index)) });
      server.send(e.bytes, e.peer);
    });

    const client = createFaultLink(`udpout://127.0.0.1:${server.localPort!()}`, 'seed=11,loss=0.2,latency=100');
    const up = nextEvent(client, 'up');
    await client.start();
    cleanup.push(() => client.stop());
    await up;
    const echoes: Arrival[] = [];
    client.subscribe((e) => {
      if (e.kind !== 'data') return;
      const index = e.bytes.readUInt32BE(0);
      echoes.push({ index, at: Date.now(), intact: e.bytes.equals(packet(index)) });
    });

    // Small bursts, so the 100 ms queue releases them in bursts the socket buffers take without loss of their own.
    const sentAt: number[] = [];
    for (let i = 0; i < COUNT; i++) {
      sentAt.push(Date.now());
      client.send(packet(i));
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 5));
    }
    const outbound = client.faultStats().outbound;
    expect(outbound).toMatchObject({ packets: COUNT, delayed: COUNT - outbound.dropped, corrupted: 0, duplicated: 0, reordered: 0 });

    await waitFor('every surviving datagram at the listener', () => atServer.length === COUNT - outbound.dropped, 5000, 10);
    await waitFor('every surviving echo at the client', () => {
      const inbound = client.faultStats().inbound;
      return inbound.packets === atServer.length && echoes.length === inbound.packets - inbound.dropped;
    }, 5000, 10);

    const forward = atServer.length / COUNT;
    const round = echoes.length / COUNT;
    expect(forward).toBeGreaterThan(0.7);
    expect(forward).toBeLessThan(0.9);
    expect(round).toBeGreaterThan(0.5); // 0.8 × 0.8 = 0.64 expected
    expect(round).toBeLessThan(0.78);
    expect(atServer.every((a) => a.intact)).toBe(true);
    expect(echoes.every((a) => a.intact)).toBe(true);
    // Constant latency keeps order, and nothing arrives before its delay.
    expect(atServer.map((a) => a.index)).toEqual([...atServer.map((a) => a.index)].sort((x, y) => x - y));
    expect(atServer.every((a) => a.at - sentAt[a.index] >= 100)).toBe(true);
    expect(echoes.every((a) => a.at - sentAt[a.index] >= 200)).toBe(true);
    expect(server.stats().packetsIn).toBe(atServer.length);
    expect(client.stats().packetsIn).toBe(echoes.length);
  });
});
