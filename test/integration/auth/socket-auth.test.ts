import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/protocol.js';
import { connectFleetClient } from '../../support/fleet-client.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('Socket.IO authentication', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.stop());

  /** Connects and reports how the attempt ended, with every event received meanwhile. */
  const attempt = async (options: Parameters<typeof io>[1]) => {
    const socket: Client = io(t.url, { transports: ['websocket'], reconnection: false, ...options });
    const received: string[] = [];
    socket.onAny((event: string) => received.push(event));
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err) => resolve(`error: ${err.message}`));
    });
    // A round trip to the server after the refusal: anything it might have sent has arrived.
    await t.api('viewer', 'GET', '/api/health');
    socket.close();
    return { outcome, received };
  };

  it('refuses a socket without credentials, which receives nothing', async () => {
    expect(await attempt({})).toEqual({ outcome: 'error: unauthenticated', received: [] });
  });

  it('refuses an unknown token and a made-up cookie', async () => {
    expect(await attempt({ auth: { token: 'x'.repeat(43) } })).toEqual({ outcome: 'error: unauthenticated', received: [] });
    expect(await attempt({ extraHeaders: { cookie: 'fleet_session=made-up' } })).toEqual({ outcome: 'error: unauthenticated', received: [] });
  });

  it('accepts the session cookie a browser sends, and sends the snapshot', async () => {
    const res = await t.api(null, 'POST', '/api/auth/login', { username: 'viewer', password: TEST_PASSWORD });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const client = await connectFleetClient(t.url, { cookie });
    expect(client.socket.connected).toBe(true);
    client.close();
  });

  it('answers a malformed event with an error naming the argument', async () => {
    const client = await connectFleetClient(t.url, { token: t.tokens.operator });
    try {
      const s = client.socket as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
      expect(await s.emitWithAck('vehicle:command', 42, { type: 'arm' })).toEqual({ ok: false, error: 'id: Invalid input: expected string, received number' });
      expect(await s.emitWithAck('vehicle:mission:clear', 'v1', 'everything')).toMatchObject({ ok: false, error: expect.stringMatching(/^type: /) });
      expect(await s.emitWithAck('vehicle:mission:upload', 'v1', { type: 'mission', items: 'none' })).toMatchObject({ ok: false, error: expect.stringMatching(/^items: /) });
      expect(await s.emitWithAck('vehicle:watch', '')).toMatchObject({ ok: false, error: expect.stringMatching(/^id: /) });
      expect(await s.emitWithAck('vehicle:self-destruct', 'v1')).toEqual({ ok: false, error: "unknown event 'vehicle:self-destruct'" });
    } finally {
      client.close();
    }
  });

  it('audits a command sent over the socket under the socket\'s user', async () => {
    const client = await connectFleetClient(t.url, { token: t.tokens.operator });
    try {
      expect(await client.socket.emitWithAck('vehicle:command', 'v-none', { type: 'arm' })).toEqual({ ok: false, error: "no vehicle with id 'v-none'" });
    } finally {
      client.close();
    }
    const { rows } = await t.repos.audit.query({ action: 'vehicle.arm' });
    expect(rows[0]).toMatchObject({ userId: t.users.operator.id, target: 'v-none', outcome: 'error', detail: { username: 'operator', error: "no vehicle with id 'v-none'" } });
  });
});
