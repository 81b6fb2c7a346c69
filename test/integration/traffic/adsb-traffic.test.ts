/** The simulator with --adsb (its own process, over real UDP) makes traffic and a proximity warning reach a dashboard client. */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficAlertDTO, TrafficUpdateDTO } from '../../../server/protocol-traffic.js';
import { connectFleetClient, type FleetClient } from '../../support/fleet-client.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { waitFor } from '../../support/wait.js';

describe('ADS-B traffic from a simulated drone', () => {
  let t: TestServer;
  let sim: ChildProcess;
  let client: FleetClient;
  const updates: TrafficUpdateDTO[] = [];
  const alerts: TrafficAlertDTO[] = [];
  let simErr = '';

  beforeAll(async () => {
    t = await startTestServer();
    const port = t.server.links.find((l) => l.kind === 'udp')?.localPort?.();
    client = await connectFleetClient(t.url, { token: t.tokens.viewer });
    client.socket.on('traffic:update', (u) => updates.push(u));
    client.socket.on('traffic:alert', (a) => alerts.push(a));
    // Four times faster: the helicopter's first pass comes within warning distance in about 2.5 s.
    sim = spawn(process.execPath, ['--import', 'tsx', 'hardware/sim/cli.ts', '--link', `udpout://127.0.0.1:${port}`, '--adsb', '--speedup', '4', '--alt', '1000'], { stdio: ['ignore', 'ignore', 'pipe'] });
    sim.stderr?.on('data', (b: Buffer) => (simErr += b.toString()));
  });

  afterAll(async () => {
    client?.close();
    if (sim && sim.exitCode === null) {
      const exited = new Promise((r) => sim.once('exit', r));
      sim.kill('SIGTERM');
      await exited;
    }
    await t?.stop();
  });

  it('shows the aircraft the drone hears, once a second', async () => {
    const update = await waitFor(`traffic with two aircraft (sim stderr: ${simErr})`, () => updates.find((u) => u.aircraft.length === 2), 20_000);
    const heli = update.aircraft.find((a) => a.emitter === 'rotorcraft')!;
    expect(heli).toMatchObject({ heardBy: 'v1', simulated: true, altitudeType: 'geometric' });
    expect(heli.callsign).toMatch(/^B7\d{3}$/);
    expect(heli.altitude).toBeCloseTo(1150, 0);
    expect(update.aircraft.find((a) => a.emitter === 'light')?.altitude).toBeCloseTo(1900, 0);
  });

  it('warns when the helicopter passes within 1 km and 300 m of the drone', async () => {
    const alert = await waitFor('a traffic alert', () => alerts[0], 20_000);
    expect(alert).toMatchObject({ vehicleId: 'v1', verticalM: 150 });
    expect(alert.distanceM).toBeLessThanOrEqual(1000);
    expect(alert.callsign).toMatch(/^B7\d{3}$/);
    const active = await waitFor('the warning listed in an update', () => updates.find((u) => u.alerts.length > 0));
    expect(active.alerts[0].icao).toBe(alert.icao);
    // The light aircraft passes 2.5 km away: never a warning.
    expect(alerts.every((a) => a.icao === alert.icao)).toBe(true);
  });
});
