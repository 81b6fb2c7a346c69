/**
 * A ground station and a {@link FakeVehicle} joined by two one-way channels on a ManualClock, each
 * dropping, duplicating and delaying (hence reordering) whole frames with a seeded RNG, so every
 * failure replays from its seed. The vehicle also sends its 1 Hz HEARTBEAT, as real ones do, through
 * the same faults but its own draws, so the mission frames of a seed fault alike with or without it.
 */
import { ManualClock } from '../../../../../hardware/clock.js';
import { MavlinkWriter } from '../../../../../hardware/mavlink/writer.js';
import { Rng, hashSeed } from '../../../../../hardware/sim/rng.js';
import { MissionTransfer } from '../../../../../hardware/vehicle/mission-transfer/mission-transfer.js';
import type { MissionTiming } from '../../../../../hardware/vehicle/mission-transfer/transfer-machine.js';
import { FakeVehicle } from './fake-vehicle.js';
import type { FakeVehicleOptions } from './fake-vehicle.js';
import { Decoder, GCS, NAME, VEHICLE, vehicleSays } from './wire.js';

export interface Faults {
  /** Probability a frame is lost. */
  drop: number;
  /** Probability a frame arrives twice. */
  duplicate: number;
  /** Probability a frame is held back by up to `reorderMs`, letting later frames overtake it. */
  reorder: number;
  reorderMs: number;
}

export const NO_FAULTS: Faults = { drop: 0, duplicate: 0, reorder: 0, reorderMs: 0 };

export interface ChannelStats {
  sent: number;
  dropped: number;
  duplicated: number;
  delayed: number;
}

/** One direction of the link: frames in, frames out `latencyMs` later unless a fault strikes. */
export class LossyChannel {
  readonly stats: ChannelStats = { sent: 0, dropped: 0, duplicated: 0, delayed: 0 };

  constructor(
    private readonly clock: ManualClock,
    private readonly rng: Rng,
    private readonly latencyMs: number,
    private readonly faults: Faults,
    private readonly sink: (frame: Buffer) => void,
  ) {}

  push(frame: Buffer): void {
    this.stats.sent++;
    const f = this.faults;
    if (this.rng.next() < f.drop) {
      this.stats.dropped++;
      return;
    }
    const copies = this.rng.next() < f.duplicate ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) {
      let delay = this.latencyMs;
      if (this.rng.next() < f.reorder) {
        delay += Math.round(this.rng.next() * f.reorderMs);
        this.stats.delayed++;
      }
      this.clock.setTimeout(() => this.sink(frame), delay);
    }
  }
}

export interface LoopOptions {
  seed: number;
  /** One-way latency; the round trip is twice this. */
  latencyMs?: number;
  up?: Faults;
  down?: Faults;
  vehicle?: Partial<Omit<FakeVehicleOptions, 'clock' | 'send'>>;
  /** The vehicle's HEARTBEAT period, 1000 ms by default; 0 for a vehicle that sends nothing but mission messages. */
  heartbeatMs?: number;
  timing?: Partial<MissionTiming>;
}

export interface Loop {
  clock: ManualClock;
  mt: MissionTransfer;
  vehicle: FakeVehicle;
  /** GCS → vehicle and vehicle → GCS. */
  up: LossyChannel;
  down: LossyChannel;
  /** Vehicle → GCS heartbeats (kept apart so they do not shift the mission frames' fault draws). */
  heartbeats: LossyChannel;
  /**
   * Advances the clock `stepMs` at a time until no transfer runs (or `limitMs` pass); returns the
   * time taken, exact to `stepMs` (timers still fire at their own due times within a step).
   */
  runUntilIdle(stepMs?: number, limitMs?: number): number;
}

export function lossyLoop(opts: LoopOptions): Loop {
  const clock = new ManualClock(0);
  const rng = new Rng(opts.seed);
  const latency = opts.latencyMs ?? 10;
  const gcsWriter = new MavlinkWriter(GCS.sysid, GCS.compid);
  const vehicleWriter = new MavlinkWriter(VEHICLE.sysid, VEHICLE.compid);
  const atVehicle = new Decoder('loop://vehicle', 'gcs');
  const atGcs = new Decoder('loop://gcs', 'vehicle');
  let mt: MissionTransfer | null = null;
  let vehicle: FakeVehicle | null = null;
  const up = new LossyChannel(clock, rng, latency, opts.up ?? NO_FAULTS, (frame) => atVehicle.push(frame, (m) => vehicle?.handle(m)));
  const toGcs = (frame: Buffer): void => atGcs.push(frame, (m) => mt?.handle(m));
  const down = new LossyChannel(clock, rng, latency, opts.down ?? NO_FAULTS, toGcs);
  const heartbeats = new LossyChannel(clock, new Rng(hashSeed(`heartbeat ${opts.seed}`)), latency, opts.down ?? NO_FAULTS, toGcs);
  const beatMs = opts.heartbeatMs ?? 1000;
  const beat = vehicleSays.heartbeat();
  if (beatMs > 0) clock.setInterval(() => heartbeats.push(vehicleWriter.encode(beat)), beatMs);
  vehicle = new FakeVehicle({ ...opts.vehicle, clock, send: (d) => down.push(vehicleWriter.encode(d)) });
  mt = new MissionTransfer({
    clock,
    send: (d) => up.push(gcsWriter.encode(d)),
    targetSystem: VEHICLE.sysid,
    targetComponent: VEHICLE.compid,
    vehicleName: NAME,
    timing: opts.timing,
  });
  const transfer = mt;
  return {
    clock,
    mt: transfer,
    vehicle,
    up,
    down,
    heartbeats,
    runUntilIdle(stepMs = 1, limitMs = 600_000) {
      const start = clock.now();
      while (transfer.running !== null && clock.now() - start < limitMs) clock.advance(stepMs);
      return clock.now() - start;
    },
  };
}
