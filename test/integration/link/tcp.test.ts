import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { ManualClock } from '../../../hardware/clock.js';
import { TcpLink } from '../../../hardware/link/tcp.js';
import { parseLinkUri, type NetUri } from '../../../hardware/link/parse-uri.js';
import { ByteCollector, nextEvent } from './events.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A plain TCP server standing in for SITL: remembers its sockets so a test can close it hard. */
class FakeSitl {
  readonly sockets = new Set<Socket>();
  readonly received: Buffer[] = [];
  private server: Server | null = null;
  private onSocket: ((s: Socket) => void) | null = null;

  async listen(port = 0): Promise<number> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('data', (b) => this.received.push(b));
      socket.on('close', () => this.sockets.delete(socket));
      this.onSocket?.(socket);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    const addr = server.address();
    return typeof addr === 'object' && addr ? addr.port : 0;
  }

  nextSocket(): Promise<Socket> {
    return new Promise((resolve) => (this.onSocket = resolve));
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function fakeSitl(port?: number): Promise<{ sitl: FakeSitl; port: number }> {
  const sitl = new FakeSitl();
  cleanup.push(() => sitl.close());
  return { sitl, port: await sitl.listen(port) };
}

function tcpClient(port: number): TcpLink {
  const link = new TcpLink(parseLinkUri(`tcp://127.0.0.1:${port}`) as NetUri, { backoff: { initialMs: 50, maxMs: 200, factor: 2 } });
  cleanup.push(() => link.stop());
  return link;
}

describe('TCP client link', () => {
  it('connects and carries bytes both ways', async () => {
    const { sitl, port } = await fakeSitl();
    const link = tcpClient(port);
    const accepted = sitl.nextSocket();
    const up = nextEvent(link, 'up');
    await link.start();
    expect((await up).peer).toBe(`127.0.0.1:${port}`);
    const server = await accepted;

    const collector = new ByteCollector(link);
    server.write(Buffer.from('heartbeat'));
    expect((await collector.until(9)).toString()).toBe('heartbeat');
    const arrived = new Promise<void>((resolve) => server.once('data', () => resolve()));
    link.send(Buffer.from('command'));
    await arrived;
    expect(Buffer.concat(sitl.received).toString()).toBe('command');
    expect(link.stats()).toMatchObject({ connects: 1, bytesIn: 9, bytesOut: 7, writeErrors: 0 });
  });

  it('reconnects after the server is closed and reopened, and data flows again', async () => {
    const { sitl, port } = await fakeSitl();
    const link = tcpClient(port);
    const firstUp = nextEvent(link, 'up');
    await link.start();
    await firstUp;

    const down = nextEvent(link, 'down');
    await sitl.close();
    expect((await down).peer).toBe(`127.0.0.1:${port}`);
    expect(link.peers()).toEqual([]);

    // While the server is gone, writes are dropped and counted.
    link.send(Buffer.from('lost'));
    expect(link.stats().writeErrors).toBe(1);

    const reopened = new FakeSitl();
    cleanup.push(() => reopened.close());
    const accepted = reopened.nextSocket();
    const secondUp = nextEvent(link, 'up');
    await reopened.listen(port);
    await secondUp;
    const server = await accepted;
    expect(link.stats().connects).toBe(2);

    const arrived = new Promise<Buffer>((resolve) => server.once('data', resolve));
    link.send(Buffer.from('again'));
    expect((await arrived).toString()).toBe('again');
    const collector = new ByteCollector(link);
    server.write('back');
    expect((await collector.until(4)).toString()).toBe('back');
  });

  it('resolves start with no server listening, reports the failure once, and connects when one appears', async () => {
    // Find a free port, then leave it closed.
    const probe = new FakeSitl();
    const port = await probe.listen();
    await probe.close();

    const link = tcpClient(port);
    const failure = nextEvent(link, 'error');
    await link.start();
    expect(link.peers()).toEqual([]);
    expect((await failure).error.message).toMatch(new RegExp(`^cannot connect to tcp://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*; retrying$`));

    const up = nextEvent(link, 'up');
    await fakeSitl(port);
    await up;
    expect(link.stats().connects).toBe(1);
  });

  it('retries on its own clock after the backoff delay, and stops retrying once stopped', async () => {
    const probe = new FakeSitl();
    const port = await probe.listen();
    await probe.close();
    const clock = new ManualClock();
    const link = new TcpLink(parseLinkUri(`tcp://127.0.0.1:${port}`) as NetUri, { clock });
    cleanup.push(() => link.stop());
    const failure = nextEvent(link, 'error');
    await link.start();
    await failure;

    // The server is back; the retry comes when 250 ms have passed on the link's clock (the exact
    // boundary is covered by the Reconnector unit tests).
    const { sitl } = await fakeSitl(port);
    const accepted = sitl.nextSocket();
    const up = nextEvent(link, 'up');
    clock.advance(250);
    await up;
    await accepted;

    const down = nextEvent(link, 'down');
    await link.stop();
    expect((await down).reason).toBe('link stopped');
    // Nothing is left on the clock that could start another attempt.
    expect(clock.pending).toBe(0);
    expect(link.stats().connects).toBe(1);
  });
});
