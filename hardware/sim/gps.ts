/**
 * A GPS receiver's reported quality: no fix at boot, then 2D and 3D over a few seconds, then
 * 12–16 satellites that change now and then, with HDOP that follows the satellite count.
 */
import type { Rng } from './rng.js';

/** GPS_FIX_TYPE values used here. */
export const FIX = { NO_GPS: 0, NO_FIX: 1, FIX_2D: 2, FIX_3D: 3 } as const;

/** Default time from boot to a 3D fix, ms. */
export const GPS_ACQUISITION_MS = 4000;
const MIN_SATS = 12;
const MAX_SATS = 16;

export class GpsModel {
  fixType: number = FIX.NO_GPS;
  satellites = 0;
  /** Horizontal and vertical dilution of precision (unitless); 99.99 before a fix. */
  hdop = 99.99;
  vdop = 99.99;
  private goal: number;
  private nextChangeMs: number;

  constructor(
    private readonly rng: Rng,
    /** Time from boot to a 3D fix, ms; 0 starts with a fix. */
    private readonly acquisitionMs = GPS_ACQUISITION_MS,
  ) {
    this.goal = rng.int(MIN_SATS, MAX_SATS);
    this.nextChangeMs = acquisitionMs + rng.range(10_000, 30_000);
    this.update(0);
  }

  /** True once the receiver has a 3D fix. */
  get has3dFix(): boolean {
    return this.fixType >= FIX.FIX_3D;
  }

  /** Brings the receiver to `bootMs` milliseconds after power-on. */
  update(bootMs: number): void {
    const a = this.acquisitionMs;
    if (bootMs >= this.nextChangeMs) {
      // Satellites rise and set: drift by one within the usual band.
      this.goal = Math.max(MIN_SATS, Math.min(MAX_SATS, this.goal + (this.rng.next() < 0.5 ? -1 : 1)));
      this.nextChangeMs = bootMs + this.rng.range(10_000, 30_000);
    }
    if (bootMs >= a) {
      this.fixType = FIX.FIX_3D;
      this.satellites = this.goal;
    } else {
      const f = bootMs / a;
      this.fixType = f < 0.25 ? FIX.NO_GPS : f < 0.6 ? FIX.NO_FIX : FIX.FIX_2D;
      this.satellites = f < 0.25 ? 0 : Math.round(this.goal * f);
    }
    if (this.fixType >= FIX.FIX_2D) {
      this.hdop = 0.6 + (MAX_SATS - this.satellites) * 0.08 + (this.fixType === FIX.FIX_2D ? 1 : 0);
      this.vdop = this.hdop * 1.4;
    } else {
      this.hdop = 99.99;
      this.vdop = 99.99;
    }
  }
}
