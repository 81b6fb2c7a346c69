import { afterEach, describe, expect, it } from 'vitest';
import { createSocket, type Socket } from 'node:dgram';
import { ManualClock } from '../../../hardware/clock.js';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import { UdpLink } from '../../../hardware/link/udp.js';
import type { UdpOutLink } from '../../../hardware/link/udp-out.js';
import { parseLinkUri, type NetUri } from '../../../hardware/link/parse-uri.js';
import { ByteCollector, nextEvent } from './events.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function listener(clock?: ManualClock): Promise<UdpLink> {
  const link = new UdpLink(parseLinkUri('udp://127.0.0.1:0') as NetUri, { clock });
  await link.start();
  cleanup.push(() => link.stop());
  return link;
}

async function client(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return socket;
}

function nextDatagram(socket: Socket, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no datagram')), timeoutMs);
    socket.once('message', (msg) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

describe('UDP listener', () => {
  it('learns two clients as separate peers and replies to each one only', async () => {
    const link = await listener();
    const c1 = await client();
    const c2 = await client();
    const name1 = `127.0.0.1:${c1.address().port}`;
    const name2 = `127.0.0.1:${c2.address().port}`;

    const up1 = nextEvent(link, 'up', (e) => e.peer === name1);
    const data1 = nextEvent(link, 'data', (e) => e.peer === name1);
    c1.send(Buffer.from('one'), link.localPort(), '127.0.0.1');
    await up1;
    expect((await data1).bytes.toString()).toBe('one');

    const data2 = nextEvent(link, 'data', (e) => e.peer === name2);
    c2.send(Buffer.from('two'), link.localPort(), '127.0.0.1');
    expect((await data2).bytes.toString()).toBe('two');
    expect(link.peers().sort()).toEqual([name1, name2].sort());

    const seen1: string[] = [];
    const seen2: string[] = [];
    c1.on('message', (m) => seen1.push(m.toString()));
    c2.on('message', (m) => seen2.push(m.toString()));
    const got1 = nextDatagram(c1);
    const got2 = nextDatagram(c2);
    link.send(Buffer.from('for-1'), name1);
    link.send(Buffer.from('for-2'), name2);
    expect((await got1).toString()).toBe('for-1');
    expect((await got2).toString()).toBe('for-2');

    // A broadcast reaches both; arriving after the directed ones shows nothing else was in between.
    const all1 = nextDatagram(c1);
    const all2 = nextDatagram(c2);
    link.send(Buffer.from('all'));
    await Promise.all([all1, all2]);
    expect(seen1).toEqual(['for-1', 'all']);
    expect(seen2).toEqual(['for-2', 'all']);
    expect(link.stats()).toMatchObject({ packetsIn: 2, bytesIn: 6, packetsOut: 4, writeErrors: 0 });
  });

  it('emits up once per peer, not per packet', async () => {
    const link = await listener();
    const c1 = await client();
    const collector = new ByteCollector(link);
    let ups = 0;
    link.subscribe((e) => {
      if (e.kind === 'up') ups++;
    });
    for (let i = 0; i < 5; i++) c1.send(Buffer.from([i]), link.localPort(), '127.0.0.1');
    await collector.until(5);
    expect(ups).toBe(1);
  });

  it('counts a send with no known peer as a write error', async () => {
    const link = await listener();
    link.send(Buffer.from('x'));
    link.send(Buffer.from('x'), '127.0.0.1:9');
    expect(link.stats().writeErrors).toBe(2);
    expect(link.stats().packetsOut).toBe(0);
  });

  it('expires peers silent for longer than asked, and only those', async () => {
    const clock = new ManualClock(1_000_000);
    const link = await listener(clock);
    const c1 = await client();
    const c2 = await client();
    const name1 = `127.0.0.1:${c1.address().port}`;
    const name2 = `127.0.0.1:${c2.address().port}`;
    const first = nextEvent(link, 'data', (e) => e.peer === name1);
    c1.send(Buffer.from('a'), link.localPort(), '127.0.0.1');
    await first;
    clock.advance(5000);
    const second = nextEvent(link, 'data', (e) => e.peer === name2);
    c2.send(Buffer.from('b'), link.localPort(), '127.0.0.1');
    await second;

    const downs: string[] = [];
    link.subscribe((e) => {
      if (e.kind === 'down') downs.push(e.peer);
    });
    expect(link.expirePeers(5000)).toEqual([]);
    clock.advance(1);
    expect(link.expirePeers(5000)).toEqual([name1]);
    expect(downs).toEqual([name1]);
    expect(link.peers()).toEqual([name2]);
  });

  it('rejects start with a clear message when the port is taken', async () => {
    const first = await listener();
    const port = first.localPort();
    const second = createLink(`udp://127.0.0.1:${port}`);
    await expect(second.start()).rejects.toThrow(`UDP port ${port} is already in use (udp://127.0.0.1:${port})`);
    await second.stop();
  });
});

describe('UDP out', () => {
  it('round-trips with a UDP listener, replies coming back from the target', async () => {
    const server = await listener();
    const out = createLink(`udpout://127.0.0.1:${server.localPort()}`) as UdpOutLink;
    const up = nextEvent(out, 'up');
    await out.start();
    cleanup.push(() => out.stop());
    expect((await up).peer).toBe(`127.0.0.1:${server.localPort()}`);

    const clientName = `127.0.0.1:${out.localPort()}`;
    const atServer = nextEvent(server, 'data', (e) => e.peer === clientName);
    out.send(Buffer.from('ping'));
    expect((await atServer).bytes.toString()).toBe('ping');

    const atClient = nextEvent(out, 'data');
    server.send(Buffer.from('pong'), clientName);
    const reply = await atClient;
    expect(reply.bytes.toString()).toBe('pong');
    expect(reply.peer).toBe(`127.0.0.1:${server.localPort()}`);
    expect(out.stats()).toMatchObject({ packetsOut: 1, bytesOut: 4, packetsIn: 1, bytesIn: 4 });
  });

  it('goes down on stop and drops later writes', async () => {
    const server = await listener();
    const out: Link = createLink(`udpout://localhost:${server.localPort()}`);
    await out.start();
    const down = nextEvent(out, 'down');
    await out.stop();
    expect((await down).reason).toBe('link stopped');
    out.send(Buffer.from('late'));
    expect(out.stats().writeErrors).toBe(1);
  });
});
