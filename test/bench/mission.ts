/**
 * Mission upload benchmark: the real GCS transfer machine against the real simulated vehicle through
 * the fault-injecting link, on a manual clock so 120 uploads run in seconds and every figure is
 * virtual time, free of this machine's load. The vehicle streams telemetry as it does in flight (that is how
 * the ground station knows it is still there). Ideal = (items + 2) × round trip; ratio = taken / ideal.
 */
import { ManualClock } from '../../hardware/clock.js';
import { FaultLink } from '../../hardware/link/fault-link.js';
import { memoryPair } from '../../hardware/link/memory.js';
import { MavlinkReader } from '../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../hardware/mavlink/writer.js';
import { startSimDrone } from '../../hardware/sim/sim-drone.js';
import { MissionTransfer } from '../../hardware/vehicle/mission-transfer/index.js';
import type { MissionItem } from '../../missions/mission-item.js';

const HOME = { lat: 26.6, lon: 106.64, altMsl: 1070 };

function missionOf(n: number): MissionItem[] {
  const items: MissionItem[] = [];
  for (let i = 0; i < n; i++) {
    items.push({
      seq: i, frame: i === 0 ? 0 : 3, command: 16, current: false, autocontinue: true,
      param1: 0, param2: 2, param3: 0, param4: 0,
      x: Math.round((HOME.lat + (i % 20) * 1e-4) * 1e7), y: Math.round((HOME.lon + Math.floor(i / 20) * 1e-4) * 1e7), z: 40,
    });
  }
  return items;
}

/** One upload; resolves with virtual ms taken, or null when it failed. */
async function uploadOnce(items: MissionItem[], loss: number, latencyMs: number, seed: number): Promise<number | null> {
  const clock = new ManualClock(0);
  const [gcsEnd, droneEnd] = memoryPair(['gcs', 'drone']);
  const faults = { loss, latencyMs };
  const droneLink = new FaultLink(droneEnd, { clock, seed, inbound: faults, outbound: faults });
  const sim = await startSimDrone({ link: droneLink, sysid: 1, clock, home: HOME, gpsAcquisitionMs: 0, seed: 1 });
  await gcsEnd.start();
  const writer = new MavlinkWriter();
  const reader = new MavlinkReader(gcsEnd.id);
  const transfer = new MissionTransfer({
    clock, targetSystem: 1, targetComponent: 1, vehicleName: 'bench drone',
    send: (d) => gcsEnd.send(writer.encode(d)),
  });
  gcsEnd.subscribe((e) => {
    if (e.kind === 'data') reader.push(e.bytes, e.peer, (m) => transfer.handle(m));
  });
  let outcome: 'ok' | 'failed' | null = null;
  const start = clock.now();
  transfer.upload('mission', items).then(() => (outcome = 'ok'), (err: Error) => {
    outcome = 'failed';
    if (process.env.BENCH_DEBUG) console.error(`seed ${seed}: ${err.message}`);
  });
  // Step virtual time 1 ms at a time, letting in-memory deliveries (microtasks) run between steps.
  for (let t = 0; outcome === null && t < 600_000; t++) {
    await Promise.resolve();
    await Promise.resolve();
    clock.advance(1);
  }
  const taken = clock.now() - start;
  transfer.stop();
  await sim.stop();
  await gcsEnd.stop();
  return outcome === 'ok' ? taken : null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

/** Runs the matrix and returns printable lines. */
export async function benchMission(opts: { tries?: number; sizes?: number[]; losses?: number[]; latencyMs?: number } = {}): Promise<{ lines: string[] }> {
  const tries = opts.tries ?? 20;
  const latency = opts.latencyMs ?? 50;
  const rtt = 2 * latency;
  const lines = [
    `mission upload: GCS transfer machine ↔ simulated vehicle over the fault link, ${latency} ms latency each way, ${tries} tries each (virtual time)`,
    'items  loss  success   median s  worst s   ideal s   median/ideal  worst/ideal',
  ];
  for (const n of opts.sizes ?? [100, 500]) {
    const items = missionOf(n);
    for (const loss of opts.losses ?? [0, 0.1, 0.3]) {
      const times: number[] = [];
      for (let i = 0; i < tries; i++) {
        const t = await uploadOnce(items, loss, latency, 1000 + i);
        if (t !== null) times.push(t);
      }
      const ideal = (n + 2) * rtt;
      const med = median(times);
      const worst = times.length ? Math.max(...times) : NaN;
      lines.push(
        `${String(n).padStart(5)}  ${`${Math.round(loss * 100)}%`.padStart(4)}  ${`${times.length}/${tries}`.padStart(7)}  ${(med / 1000).toFixed(1).padStart(8)}  ${(worst / 1000).toFixed(1).padStart(7)}  ${(ideal / 1000).toFixed(1).padStart(8)}  ${(med / ideal).toFixed(2).padStart(12)}  ${(worst / ideal).toFixed(2).padStart(11)}`,
      );
    }
  }
  return { lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { lines } = await benchMission({ tries: Number(process.env.TRIES ?? 20) });
  for (const l of lines) console.log(l);
}
