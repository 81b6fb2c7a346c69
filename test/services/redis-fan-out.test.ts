import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink } from '../../hardware/link/create-link.js';
import { startSimDrone, type SimHandle } from '../../hardware/sim/sim-drone.js';
import { startServer, type RunningServer } from '../../server/main.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { connectFleetClient, type FleetClient } from '../support/fleet-client.js';
import { waitFor } from '../support/wait.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const home = { lat: 26.6, lon: 106.64, altMsl: 1070 };

/** Two server instances sharing Redis and one store: each owns its own drones; every dashboard sees both. */
describe('fan-out across server instances through Redis', () => {
  // A channel prefix of our own, so parallel runs and other users of this Redis never mix.
  const redisKey = `test-fleet-${randomUUID()}`;
  let testA: TestServer;
  let testB: TestServer;
  let a: RunningServer;
  let b: RunningServer;
  let sims: SimHandle[] = [];
  let onA: FleetClient;
  let onB: FleetClient;

  beforeAll(async () => {
    testA = await startTestServer({ redisUrl: REDIS_URL, redisKey, instance: 'a' });
    testB = await startTestServer({ redisUrl: REDIS_URL, redisKey, instance: 'b', store: testA.server.store });
    a = testA.server;
    b = testB.server;
    const patrol = { center: { lat: home.lat, lon: home.lon }, radius: 100, altitude: 40 };
    sims = [
      await startSimDrone({ link: createLink(`udpout://127.0.0.1:${a.links[0].localPort!()}`), sysid: 1, home, patrol, gpsAcquisitionMs: 0, seed: 1 }),
      await startSimDrone({ link: createLink(`udpout://127.0.0.1:${b.links[0].localPort!()}`), sysid: 1, home, patrol, gpsAcquisitionMs: 0, seed: 2 }),
    ];
    onA = await connectFleetClient(a.url, { token: testA.tokens.viewer });
    onB = await connectFleetClient(b.url, { token: testB.tokens.viewer });
  });

  afterAll(async () => {
    onA?.close();
    onB?.close();
    await Promise.allSettled(sims.map((s) => s.stop()));
    await testB?.stop();
    await testA?.stop();
  });

  it('delivers each instance\'s vehicle updates to clients of the other', async () => {
    const uidOf = (s: RunningServer) => s.fleet.vehicles()[0]?.telemetry.uid;
    await waitFor('each instance to identify its drone', () => uidOf(a) && uidOf(b));
    const seenBoth = (c: FleetClient) => {
      const uids = new Set([...c.vehicles.values()].filter((v) => v.position).map((v) => v.uid));
      return uids.has(uidOf(a)!) && uids.has(uidOf(b)!);
    };
    await waitFor('a client of A to see B\'s drone, and a client of B to see A\'s', () => seenBoth(onA) && seenBoth(onB));
    // Each instance only reports the drones on its own links.
    expect(a.fleet.vehicles().map((v) => v.id)).toEqual(['a-v1']);
    expect(b.fleet.vehicles().map((v) => v.id)).toEqual(['b-v1']);
  });

  it('disconnects a session\'s socket on the other instance when it signs out', async () => {
    // The session was opened through B; the socket sits on A; the logout goes to B.
    const onAbyB = await connectFleetClient(a.url, { token: testB.tokens.operator });
    const gone = new Promise<string>((resolve) => onAbyB.socket.once('disconnect', resolve));
    expect((await testB.api('operator', 'POST', '/api/auth/logout')).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(onA.socket.connected).toBe(true);
  });

  it('refuses to start with one clear line when Redis is unreachable', async () => {
    await expect(startServer({ port: 0, host: '127.0.0.1', links: ['udp://127.0.0.1:0'], quiet: true, redisUrl: 'redis://127.0.0.1:1', redisKey, store: a.store })).rejects.toThrow(/cannot connect to Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
