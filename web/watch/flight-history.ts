/**
 * Altitude and battery over each vehicle's flight, in fixed-size ring buffers sampled at most once
 * per interval, so hundreds of vehicles at 10 Hz cost a bounded amount of memory and no garbage.
 * A new flight (disarmed → armed) starts a fresh history. Pure: time is passed in.
 */
import type { VehicleDTO } from '../../server/protocol.js';

/** A ring of (time, altitude, battery) samples; the oldest are overwritten when full. */
export class SampleRing {
  private readonly t: Float64Array;
  private readonly alt: Float32Array;
  private readonly battery: Float32Array;
  private start = 0;
  private count = 0;
  /** Grows with every push or clear, so views redraw only when it moved. */
  version = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
    this.t = new Float64Array(capacity);
    this.alt = new Float32Array(capacity);
    this.battery = new Float32Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Time of the newest sample, or null when empty. */
  lastTime(): number | null {
    return this.count === 0 ? null : this.t[(this.start + this.count - 1) % this.capacity];
  }

  /** Adds a sample; NaN stands for "unknown". */
  push(t: number, alt: number, battery: number): void {
    const at = (this.start + this.count) % this.capacity;
    this.t[at] = t;
    this.alt[at] = alt;
    this.battery[at] = battery;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    this.version++;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
    this.version++;
  }

  /**
   * The samples oldest first, as uPlot's aligned columns: time in seconds, altitude, battery
   * (null where unknown, so the line breaks instead of dropping to zero).
   */
  columns(): [number[], (number | null)[], (number | null)[]] {
    const t: number[] = new Array(this.count);
    const alt: (number | null)[] = new Array(this.count);
    const battery: (number | null)[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const at = (this.start + i) % this.capacity;
      t[i] = this.t[at] / 1000;
      alt[i] = Number.isNaN(this.alt[at]) ? null : this.alt[at];
      battery[i] = Number.isNaN(this.battery[at]) ? null : this.battery[at];
    }
    return [t, alt, battery];
  }
}

export interface FlightHistoryOptions {
  /** Samples kept per vehicle (default 1800: half an hour at one a second). */
  capacity?: number;
  /** Least time between samples of one vehicle, ms. */
  intervalMs?: number;
}

/** Every vehicle's current flight. */
export class FlightHistory {
  private readonly rings = new Map<string, SampleRing>();
  private readonly wasArmed = new Map<string, boolean>();
  private readonly capacity: number;
  private readonly intervalMs: number;

  constructor(opts: FlightHistoryOptions = {}) {
    this.capacity = opts.capacity ?? 1800;
    this.intervalMs = opts.intervalMs ?? 1000;
  }

  /** The vehicle's flight so far, if it has flown while watched. */
  get(id: string): SampleRing | undefined {
    return this.rings.get(id);
  }

  /**
   * Takes in a vehicle's latest state at `now` (wall ms). Samples while it is armed; arming again
   * after a disarm starts a new flight. Returns true when a sample was added.
   */
  observe(v: Pick<VehicleDTO, 'id' | 'armed' | 'position' | 'battery'>, now: number): boolean {
    const armedBefore = this.wasArmed.get(v.id);
    this.wasArmed.set(v.id, v.armed);
    if (!v.armed) return false;
    let ring = this.rings.get(v.id);
    if (!ring) this.rings.set(v.id, (ring = new SampleRing(this.capacity)));
    else if (armedBefore === false) ring.clear();
    const last = ring.lastTime();
    if (last !== null && now - last < this.intervalMs) return false;
    ring.push(now, v.position?.altRel ?? NaN, v.battery.percent ?? NaN);
    return true;
  }

  /** Forgets a vehicle. */
  remove(id: string): void {
    this.rings.delete(id);
    this.wasArmed.delete(id);
  }
}
