import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { createLink } from '../../../hardware/link/create-link.js';
import { TcpInLink } from '../../../hardware/link/tcp-in.js';
import { parseLinkUri, type NetUri } from '../../../hardware/link/parse-uri.js';
import { nextEvent } from './events.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(): Promise<TcpInLink> {
  const link = new TcpInLink(parseLinkUri('tcpin://127.0.0.1:0') as NetUri);
  await link.start();
  cleanup.push(() => link.stop());
  return link;
}

async function client(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  cleanup.push(() => void socket.destroy());
  return socket;
}

function nextData(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('data', (b) => resolve(b.toString())));
}

describe('TCP server link', () => {
  it('serves two clients as two peers, each getting only what is sent to it', async () => {
    const link = await server();
    const up1 = nextEvent(link, 'up');
    const c1 = await client(link.localPort());
    const name1 = `127.0.0.1:${c1.localPort}`;
    expect((await up1).peer).toBe(name1);
    const up2 = nextEvent(link, 'up');
    const c2 = await client(link.localPort());
    const name2 = `127.0.0.1:${c2.localPort}`;
    expect((await up2).peer).toBe(name2);
    expect(link.peers().sort()).toEqual([name1, name2].sort());

    const from2 = nextEvent(link, 'data', (e) => e.peer === name2);
    c2.write('hello from 2');
    expect((await from2).bytes.toString()).toBe('hello from 2');

    const got1: string[] = [];
    const got2: string[] = [];
    c1.on('data', (b) => got1.push(b.toString()));
    c2.on('data', (b) => got2.push(b.toString()));
    const r1 = nextData(c1);
    const r2 = nextData(c2);
    link.send(Buffer.from('to-1'), name1);
    link.send(Buffer.from('to-2'), name2);
    expect([await r1, await r2]).toEqual(['to-1', 'to-2']);

    const b1 = nextData(c1);
    const b2 = nextData(c2);
    link.send(Buffer.from('all'));
    await Promise.all([b1, b2]);
    expect(got1.join('')).toBe('to-1all');
    expect(got2.join('')).toBe('to-2all');
    expect(link.stats()).toMatchObject({ connects: 2, packetsOut: 4, writeErrors: 0 });
  });

  it('reports a client that disconnects as down and forgets it', async () => {
    const link = await server();
    const up = nextEvent(link, 'up');
    const c1 = await client(link.localPort());
    const { peer } = await up;
    const down = nextEvent(link, 'down', (e) => e.peer === peer);
    c1.end();
    expect((await down).reason).toBe('connection closed by peer');
    expect(link.peers()).toEqual([]);
    link.send(Buffer.from('x'), peer);
    expect(link.stats().writeErrors).toBe(1);
  });

  it('rejects start with a clear message when the port is taken', async () => {
    const first = await server();
    const port = first.localPort();
    const second = createLink(`tcpin://127.0.0.1:${port}`);
    await expect(second.start()).rejects.toThrow(`TCP port ${port} is already in use (tcpin://127.0.0.1:${port})`);
    await second.stop();
  });

  it('closes every client and reports each down on stop', async () => {
    const link = new TcpInLink(parseLinkUri('tcpin://127.0.0.1:0') as NetUri);
    await link.start();
    const up = nextEvent(link, 'up');
    const c1 = await client(link.localPort());
    await up;
    const closed = new Promise<void>((resolve) => c1.once('close', () => resolve()));
    const down = nextEvent(link, 'down');
    await link.stop();
    expect((await down).reason).toBe('link stopped');
    await closed;
  });
});
