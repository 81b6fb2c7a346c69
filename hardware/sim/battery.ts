/**
 * A LiPo pack that drains with flight: current from hover, speed and climb; voltage from the
 * state of charge minus sag under load. Remaining charge is clamped at zero: a depleted pack
 * keeps reporting empty (the low-battery failsafe belongs to the commanding layer).
 */

export interface BatteryOptions {
  /** Series cells; default 4 (16.8 V full). */
  cells?: number;
  /** Capacity in mAh; default 10000 (about half an hour of patrol). */
  capacityMah?: number;
  /** Charge at boot, percent; default 100. */
  startPercent?: number;
}

/** Open-circuit cell voltage at 0 %, 10 %, … 100 % charge. */
const CELL_OCV = [3.5, 3.68, 3.73, 3.77, 3.8, 3.84, 3.88, 3.94, 4.0, 4.08, 4.2];
/** Pack internal resistance, ohms (voltage sag = current × this). */
const INTERNAL_OHMS = 0.015;
const HOVER_AMPS = 16;
/** Extra current per (m/s)² of forward speed. */
const SPEED_AMPS = 0.03;
/** Extra current per m/s of climb; descending unloads the motors a little. */
const CLIMB_AMPS = 5;
const DESCENT_AMPS = 1.5;
const MIN_FLYING_AMPS = 6;
const ARMED_GROUND_AMPS = 1.5;
const IDLE_AMPS = 0.4;

/** What the battery sees of the flight each step. */
export interface PowerDraw {
  airborne: boolean;
  armed: boolean;
  /** Horizontal speed, m/s. */
  speed: number;
  /** Vertical speed, m/s, positive up. */
  climb: number;
}

export class BatteryModel {
  readonly cells: number;
  readonly capacityMah: number;
  /** Charge drawn since boot, mAh. */
  consumedMah: number;
  /** Energy drawn since boot, joules. */
  consumedJ = 0;
  /** Present current, amps. */
  current = 0;
  /** Terminal voltage under the present load, volts. */
  voltage: number;

  constructor(opts: BatteryOptions = {}) {
    this.cells = opts.cells ?? 4;
    this.capacityMah = opts.capacityMah ?? 10000;
    const start = Math.max(0, Math.min(100, opts.startPercent ?? 100));
    this.consumedMah = this.capacityMah * (1 - start / 100);
    this.voltage = this.openCircuit();
  }

  /** Remaining charge, percent 0–100. */
  get percent(): number {
    return Math.max(0, 100 * (1 - this.consumedMah / this.capacityMah));
  }

  /** Seconds left at the present current, or -1 when not drawing. */
  get secondsRemaining(): number {
    const left = Math.max(0, this.capacityMah - this.consumedMah);
    return this.current > 0.5 ? Math.round((left / 1000 / this.current) * 3600) : -1;
  }

  /** Drains the pack for `dt` seconds of `draw`. */
  update(dt: number, draw: PowerDraw): void {
    let amps = IDLE_AMPS;
    if (draw.airborne) {
      const climb = draw.climb >= 0 ? CLIMB_AMPS * draw.climb : DESCENT_AMPS * draw.climb;
      amps = Math.max(MIN_FLYING_AMPS, HOVER_AMPS + SPEED_AMPS * draw.speed * draw.speed + climb);
    } else if (draw.armed) {
      amps = ARMED_GROUND_AMPS;
    }
    if (this.percent <= 0) amps = Math.min(amps, IDLE_AMPS);
    this.current = amps;
    this.consumedMah = Math.min(this.capacityMah, this.consumedMah + (amps * dt * 1000) / 3600);
    this.voltage = Math.max(0, this.openCircuit() - amps * INTERNAL_OHMS);
    this.consumedJ += amps * this.voltage * dt;
  }

  /** Per-cell voltage under load, volts. */
  get cellVoltage(): number {
    return this.voltage / this.cells;
  }

  private openCircuit(): number {
    const x = Math.max(0, Math.min(10, this.percent / 10));
    const i = Math.min(9, Math.floor(x));
    const cell = CELL_OCV[i] + (CELL_OCV[i + 1] - CELL_OCV[i]) * (x - i);
    return cell * this.cells;
  }
}
