import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink } from '../../../hardware/link/create-link.js';
import { startSimDrone, type SimHandle } from '../../../hardware/sim/sim-drone.js';
import type { VehicleDTO } from '../../../server/protocol.js';
import { connectFleetClient, type FleetClient } from '../../support/fleet-client.js';
import { startPtyPair, type PtyPair } from '../../support/socat.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { waitFor } from '../../support/wait.js';

const root = join(import.meta.dirname, '../../..');
const home = { lat: 26.6, lon: 106.64, altMsl: 1070 };
/** Drones boot airborne on a loop, so they move from the first message. */
const patrol = { center: { lat: home.lat, lon: home.lon }, radius: 150, altitude: 60 };

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A simulator in its own process, so the test can kill it as a crashed drone would vanish. */
function spawnSim(udpPort: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'hardware/sim/cli.ts', '--link', `udpout://127.0.0.1:${udpPort}`, '--sysid', '1', '--lat', '26.65', '--lon', '106.63', '--patrol'], {
    cwd: root,
    stdio: 'ignore',
  });
}

async function vehicles(server: TestServer): Promise<VehicleDTO[]> {
  const res = await server.api<VehicleDTO[]>('viewer', 'GET', '/api/vehicles');
  expect(res.status).toBe(200);
  return res.body;
}

describe('fleet server with drones on UDP, TCP and serial', () => {
  let server: TestServer;
  let pty: PtyPair;
  let client: FleetClient;
  let child: ChildProcess;
  const sims: SimHandle[] = [];

  beforeAll(async () => {
    pty = await startPtyPair();
    const tcpPort = await freePort();
    // The TCP drone serves like SITL does on 5760; the server dials it.
    sims.push(await startSimDrone({ link: createLink(`tcpin://127.0.0.1:${tcpPort}`), sysid: 1, home, patrol, gpsAcquisitionMs: 0, seed: 11 }));
    server = await startTestServer({
      links: ['udp://127.0.0.1:0', `tcp://127.0.0.1:${tcpPort}`, `serial://${pty.a}?baud=57600`],
      lostAfterMs: 1500,
    });
    const udpPort = udpPortOf(server);
    for (const seed of [21, 22]) {
      sims.push(await startSimDrone({ link: createLink(`udpout://127.0.0.1:${udpPort}`), sysid: 1, home, patrol, gpsAcquisitionMs: 0, seed }));
    }
    // A radio at 57600 baud: writes paced as the air link would.
    sims.push(await startSimDrone({ link: createLink(`serial://${pty.b}?baud=57600&throttle=true`), sysid: 1, home, patrol, gpsAcquisitionMs: 0, seed: 31 }));
    child = spawnSim(udpPort);
    client = await connectFleetClient(server.url, { token: server.tokens.viewer });
  });

  afterAll(async () => {
    client?.close();
    child?.kill('SIGKILL');
    await Promise.allSettled(sims.map((s) => s.stop()));
    await server?.stop();
    await pty?.stop();
  });

  it('sees all five drones, all with system id 1, on REST and Socket.IO', async () => {
    const list = await waitFor('five vehicles with positions', async () => {
      const vs = await vehicles(server);
      return vs.length === 5 && vs.every((v) => v.position !== null) ? vs : null;
    }, 25_000);
    expect(list.every((v) => v.sysid === 1)).toBe(true);
    expect(new Set(list.map((v) => v.id)).size).toBe(5);
    expect(list.filter((v) => v.link.startsWith('udp://')).length).toBe(3);
    expect(list.filter((v) => v.link.startsWith('tcp://')).length).toBe(1);
    expect(list.filter((v) => v.link.startsWith('serial://')).length).toBe(1);
    await waitFor('the socket client to hold five positioned vehicles', () => client.vehicles.size === 5 && [...client.vehicles.values()].every((v) => v.position));
  });

  it('shows every drone moving', async () => {
    const before = new Map((await vehicles(server)).map((v) => [v.id, v.position!]));
    await waitFor('every vehicle to move on the socket client', () =>
      [...before].every(([id, p]) => {
        const now = client.vehicles.get(id)?.position;
        return now && (now.lat !== p.lat || now.lon !== p.lon);
      }));
    // Batches carry several vehicles, not one message per frame.
    expect(Math.max(...client.updates.map((u) => u.vehicles.length))).toBeGreaterThan(1);
  });

  it('counts traffic per link with no bad frames from healthy drones', async () => {
    const links = (await server.api<{ id: string; frames: number; badCrc: number }[]>('viewer', 'GET', '/api/links')).body;
    expect(links).toHaveLength(3);
    for (const l of links) {
      expect(l.frames).toBeGreaterThan(10);
      expect(l.badCrc).toBe(0);
    }
  });

  it('marks a killed drone link-lost and restores the same vehicle when it comes back', async () => {
    const lat = (v: VehicleDTO): boolean => Math.abs((v.home?.lat ?? v.position?.lat ?? 0) - 26.65) < 0.005;
    const victim = await waitFor('the child-process drone', async () => (await vehicles(server)).find(lat));
    child.kill('SIGKILL');
    await waitFor('link lost', async () => (await vehicles(server)).find((v) => v.id === victim.id)?.linkState === 'lost');
    await waitFor('link-lost event on the socket', () => client.linkEvents.some((e) => e.vehicleId === victim.id && e.state === 'lost'));
    expect((await vehicles(server)).filter((v) => v.id !== victim.id).every((v) => v.linkState === 'connected')).toBe(true);

    child = spawnSim(udpPortOf(server));
    // A new process speaks from a new UDP port; its autopilot uid ties it to the same vehicle.
    await waitFor('the same vehicle restored', async () => {
      const v = (await vehicles(server)).find((x) => x.id === victim.id);
      return v?.linkState === 'connected' && v.peer !== victim.peer;
    }, 25_000);
    expect((await vehicles(server)).filter((v) => v.linkState === 'connected')).toHaveLength(5);
  });
});

function udpPortOf({ server }: TestServer): number {
  const port = server.links.find((l) => l.kind === 'udp')?.localPort?.();
  if (!port) throw new Error('server has no bound UDP link');
  return port;
}
