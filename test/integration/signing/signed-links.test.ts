/**
 * Signed MAVLink between the server and a simulated drone in its own process, over real UDP, with
 * a third process injecting unsigned and replayed frames both ways, and a server restart in which
 * signing resumes from the store.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { common } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { RealClock } from '../../../hardware/clock.js';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import type { InboundMessage } from '../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../hardware/mavlink/reader.js';
import { signatureMatches } from '../../../hardware/mavlink/signing.js';
import type { SimDroneStats } from '../../../hardware/sim/sim-stats.js';
import { FleetControl } from '../../../server/control/fleet-control.js';
import { FleetRegistry } from '../../../server/fleet/fleet-registry.js';
import type { FleetVehicle } from '../../../server/fleet/fleet-vehicle.js';
import { RepoSigningKeyStore, signingKeyFinder } from '../../../server/fleet/signing-key-store.js';
import { toVehicleDTO } from '../../../server/fleet/vehicle-dto.js';
import { VehicleSigningService } from '../../../server/fleet/vehicle-signing.js';
import { openStore } from '../../../server/store/database.js';
import { VehiclesRepo } from '../../../server/store/vehicles-repo.js';
import { waitFor } from '../../support/wait.js';

const MSG_COMMAND_LONG = 76;
const MSG_SETUP_SIGNING = 256;
const CMD_ARM = 400;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The simulator CLI in a child process, listening on UDP like SITL; its counters come on SIGUSR2. */
async function startSim(): Promise<{ port: number; stats(): Promise<SimDroneStats> }> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', 'hardware/sim/cli.ts', '--link', 'udp://127.0.0.1:0', '--sysid', '1', '--speedup', '2'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  cleanup.push(async () => {
    child.kill('SIGTERM');
    await closed;
  });
  const port = Number(await waitFor('the simulator to say its port', () => /\(port (\d+)\)/.exec(out)?.[1]));
  const statLines = (): string[] => out.split('\n').filter((l) => l.startsWith('{"stats"'));
  return {
    port,
    async stats() {
      const before = statLines().length;
      child.kill('SIGUSR2');
      const line = await waitFor('the simulator stats line', () => statLines()[before]);
      return (JSON.parse(line) as { stats: SimDroneStats[] }).stats[0];
    },
  };
}

/** The server's side: fleet, control and signing on one UDP link to the drone; every frame sent is kept. */
async function startGround(dronePort: number, keys: RepoSigningKeyStore) {
  const clock = new RealClock();
  const inner = createLink(`udpout://127.0.0.1:${dronePort}`, { clock });
  const sent: Buffer[] = [];
  const link: Link = {
    id: inner.id,
    kind: inner.kind,
    start: () => inner.start(),
    stop: () => inner.stop(),
    send: (bytes, peer) => {
      sent.push(Buffer.from(bytes));
      inner.send(bytes, peer);
    },
    subscribe: (l) => inner.subscribe(l),
    peers: () => inner.peers(),
    stats: () => inner.stats(),
  };
  const fleet = new FleetRegistry({ links: [link], clock, findSigningKey: signingKeyFinder(keys) });
  await fleet.start();
  const control = new FleetControl({ fleet, clock, us: { sysid: 255, compid: 190 } });
  control.start();
  const stop = async (): Promise<void> => {
    control.stop();
    await fleet.stop();
  };
  cleanup.push(stop);
  const signing = new VehicleSigningService({ fleet, keys, clock });
  const vehicle = await waitFor('the drone, with its uid and a GPS fix', () => {
    const v = fleet.vehicles()[0] as FleetVehicle | undefined;
    return v && v.telemetry.uid !== null && v.telemetry.gps.fixType >= 3 ? v : null;
  });
  const sentMessages = (): InboundMessage[] => {
    const out: InboundMessage[] = [];
    const reader = new MavlinkReader('tap');
    for (const bytes of sent) reader.push(bytes, 'drone', (m) => out.push(m));
    return out;
  };
  return { fleet, control, signing, vehicle, sentMessages, serverPort: inner.localPort!(), stop };
}

describe('signed MAVLink links between the server and a drone process', () => {
  it('rejects unsigned and replayed frames on both sides while signed commands work, and resumes signing after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signed-links-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = await openStore({ file: join(dir, 'fleet.sqlite') });
    cleanup.push(() => store.close());
    const keys = new RepoSigningKeyStore(new VehiclesRepo(store.db), () => Date.now());
    const sim = await startSim();
    const ground = await startGround(sim.port, keys);
    const id = ground.vehicle.id;

    expect(await ground.signing.set(id, true)).toEqual({ enabled: true });
    const uid = ground.vehicle.telemetry.uid!;
    const key = await keys.get(uid);
    expect(key).toHaveLength(32);
    expect((await sim.stats()).signing.active).toBe(true);
    expect(toVehicleDTO(ground.vehicle).signing.enabled).toBe(true);

    // Signed parameter and command traffic works; the drone stays armed on the ground from now on.
    await ground.control.setParam(id, 'DISARM_DELAY', 0);
    await ground.control.command(id, { type: 'arm' });
    expect((await sim.stats()).armed).toBe(true);
    await ground.control.command(id, { type: 'disarm' });
    expect((await sim.stats()).armed).toBe(false);
    const signedArm = ground.sentMessages().find((m) => m.msgid === MSG_COMMAND_LONG && (m.data as common.CommandLong).command === CMD_ARM && (m.data as common.CommandLong)._param1 === 1)!;
    expect(signatureMatches(signedArm.frame.raw, key!)).toBe(true);

    const droneBefore = (await sim.stats()).signing;
    const serverBefore = toVehicleDTO(ground.vehicle).signing.rejected;
    const injected = await run(['test/integration/signing/inject-frames.ts', JSON.stringify({ dronePort: sim.port, serverPort: ground.serverPort, replay: signedArm.frame.raw.toString('hex') })]);
    expect(injected.stderr).toBe('');
    expect(injected.code).toBe(0);

    // The drone counted the unsigned arm and the replayed signed one, and obeyed neither.
    const drone = await waitFor('the drone to count the injected frames', async () => {
      const s = await sim.stats();
      return s.signing.unsigned > droneBefore.unsigned && s.signing.replay > droneBefore.replay ? s : null;
    });
    expect(drone.armed).toBe(false);
    expect(drone.signing.unsigned - droneBefore.unsigned).toBe(1);
    expect(drone.signing.replay - droneBefore.replay).toBe(1);
    expect(drone.signing.badSignature).toBe(droneBefore.badSignature);

    // The server counted the frames sent in the drone's name, and none reached its telemetry.
    const rejected = await waitFor('the server to count the injected frames', () => {
      const r = toVehicleDTO(ground.vehicle).signing.rejected;
      return r.unsigned - serverBefore.unsigned >= 2 && r.replay - serverBefore.replay >= 1 ? r : null;
    });
    expect(rejected).toEqual({ unsigned: serverBefore.unsigned + 2, badSignature: serverBefore.badSignature, replay: serverBefore.replay + 1 });
    expect(ground.fleet.linkStats()[0].signingRejected).toEqual(rejected);
    expect(ground.vehicle.telemetry.statusTexts.map((t) => t.text)).not.toContain('injected');
    expect(ground.vehicle.telemetry.armed).toBe(false);

    // The server's own signed arm still works.
    await ground.control.command(id, { type: 'arm' });
    expect((await sim.stats()).armed).toBe(true);
    await ground.control.command(id, { type: 'disarm' });

    // A restarted server finds the drone's key in the store by its signed frames: no SETUP_SIGNING.
    await ground.stop();
    const again = await startGround(sim.port, keys);
    await waitFor('signing to resume', () => toVehicleDTO(again.vehicle).signing.enabled);
    await again.control.command(again.vehicle.id, { type: 'arm' });
    expect((await sim.stats()).armed).toBe(true);
    expect(again.sentMessages().some((m) => m.msgid === MSG_SETUP_SIGNING)).toBe(false);

    // Turning it off sends the zero key; the drone stops signing and the store forgets the key.
    expect(await again.signing.set(again.vehicle.id, false)).toEqual({ enabled: false });
    expect((await sim.stats()).signing.active).toBe(false);
    expect(await keys.get(uid)).toBeNull();
    await again.control.command(again.vehicle.id, { type: 'disarm' });
    expect((await sim.stats()).armed).toBe(false);
  }, 90_000);
});
