/**
 * The simulated autopilot's parameters: a fixed, ordered table (the index a ground station sees)
 * of ArduPilot Copter names, types, defaults and ranges, and the values set since boot.
 *
 * Setting follows ArduPilot: the value is rounded and clamped to its integer type, then (for the
 * parameters with a range here) clamped to that range; read-only ones refuse and keep their value.
 * The stored value is what gets echoed, so a ground station sees when its value was not taken.
 * Flight code reads values on every step, so a change takes effect at once.
 */
import { common } from 'node-mavlink';

const T = common.MavParamType;

/** One parameter's definition. */
export interface ParamDef {
  name: string;
  /** MAV_PARAM_TYPE. */
  type: number;
  value: number;
  min?: number;
  max?: number;
  /** Only the vehicle changes it (counts, versions). */
  readonly?: boolean;
}

/** Ranges of ArduPilot's integer parameter types. */
const TYPE_RANGE: Partial<Record<number, readonly [number, number]>> = {
  [T.INT8]: [-128, 127],
  [T.UINT8]: [0, 255],
  [T.INT16]: [-32768, 32767],
  [T.UINT16]: [0, 65535],
  [T.INT32]: [-2147483648, 2147483647],
};

/** What the vehicle is built with that some defaults depend on. */
export interface ParamContext {
  sysid: number;
  batteryCapacityMah: number;
  batteryCells: number;
}

/** The parameters this simulator knows, in index order. Units as ArduPilot's (cm, cm/s, ms, V, mAh). */
export function copterParams(c: ParamContext): ParamDef[] {
  const i8 = T.INT8;
  const i16 = T.INT16;
  const i32 = T.INT32;
  const f = T.REAL32;
  return [
    { name: 'FORMAT_VERSION', type: i16, value: 120, readonly: true },
    { name: 'SYSID_THISMAV', type: i16, value: c.sysid, min: 1, max: 255 },
    { name: 'SYSID_MYGCS', type: i16, value: 255, min: 1, max: 255 },
    { name: 'FRAME_CLASS', type: i8, value: 1 },
    { name: 'FRAME_TYPE', type: i8, value: 1 },
    { name: 'ARMING_CHECK', type: i32, value: 1 },
    { name: 'DISARM_DELAY', type: i8, value: 10, min: 0, max: 127 },
    { name: 'ANGLE_MAX', type: i16, value: 3000, min: 1000, max: 8000 },
    { name: 'PILOT_SPEED_UP', type: i16, value: 250, min: 50, max: 500 },
    { name: 'PILOT_SPEED_DN', type: i16, value: 0, min: 0, max: 500 },
    { name: 'WPNAV_SPEED', type: f, value: 1000, min: 10, max: 2000 },
    { name: 'WPNAV_SPEED_UP', type: f, value: 250, min: 10, max: 1000 },
    { name: 'WPNAV_SPEED_DN', type: f, value: 150, min: 10, max: 500 },
    { name: 'WPNAV_ACCEL', type: f, value: 250, min: 50, max: 500 },
    { name: 'WPNAV_RADIUS', type: f, value: 200, min: 5, max: 1000 },
    { name: 'RTL_ALT', type: i32, value: 1500, min: 30, max: 300000 },
    { name: 'RTL_ALT_FINAL', type: i32, value: 0, min: 0, max: 1000 },
    { name: 'RTL_CLIMB_MIN', type: i16, value: 0, min: 0, max: 3000 },
    { name: 'RTL_SPEED', type: f, value: 0, min: 0, max: 2000 },
    { name: 'RTL_LOIT_TIME', type: i32, value: 5000, min: 0, max: 60000 },
    { name: 'LAND_SPEED', type: i16, value: 50, min: 30, max: 200 },
    { name: 'LAND_SPEED_HIGH', type: i16, value: 0, min: 0, max: 500 },
    { name: 'LAND_ALT_LOW', type: i16, value: 1000, min: 100, max: 10000 },
    { name: 'FENCE_ENABLE', type: i8, value: 0, min: 0, max: 1 },
    { name: 'FENCE_TYPE', type: i8, value: 7, min: 0, max: 15 },
    { name: 'FENCE_ACTION', type: i8, value: 1, min: 0, max: 5 },
    { name: 'FENCE_ALT_MAX', type: f, value: 100, min: 10, max: 1000 },
    { name: 'FENCE_RADIUS', type: f, value: 300, min: 30, max: 10000 },
    { name: 'FENCE_MARGIN', type: f, value: 2, min: 1, max: 10 },
    { name: 'FENCE_TOTAL', type: i8, value: 0, readonly: true },
    { name: 'RALLY_TOTAL', type: i8, value: 0, readonly: true },
    { name: 'RALLY_INCL_HOME', type: i8, value: 1, min: 0, max: 1 },
    { name: 'BATT_MONITOR', type: i8, value: 4 },
    { name: 'BATT_CAPACITY', type: i32, value: c.batteryCapacityMah, readonly: true },
    { name: 'BATT_ARM_VOLT', type: f, value: 0, min: 0, max: 60 },
    { name: 'BATT_LOW_VOLT', type: f, value: round2(3.5 * c.batteryCells), min: 0, max: 60 },
    { name: 'BATT_CRT_VOLT', type: f, value: round2(3.4 * c.batteryCells), min: 0, max: 60 },
    // Remaining-capacity thresholds: 20 % and 10 % of the pack, as the brief's percent defaults.
    { name: 'BATT_LOW_MAH', type: f, value: Math.round(c.batteryCapacityMah * 0.2), min: 0, max: 1e6 },
    { name: 'BATT_CRT_MAH', type: f, value: Math.round(c.batteryCapacityMah * 0.1), min: 0, max: 1e6 },
    { name: 'BATT_LOW_TIMER', type: i8, value: 10, min: 0, max: 120 },
    { name: 'BATT_FS_LOW_ACT', type: i8, value: 2, min: 0, max: 5 },
    { name: 'BATT_FS_CRT_ACT', type: i8, value: 1, min: 0, max: 5 },
    { name: 'FS_GCS_ENABLE', type: i8, value: 0, min: 0, max: 7 },
    { name: 'FS_GCS_TIMEOUT', type: f, value: 5, min: 2, max: 120 },
    { name: 'FS_THR_ENABLE', type: i8, value: 0, min: 0, max: 7 },
    { name: 'MIS_TOTAL', type: i16, value: 0, readonly: true },
    { name: 'MIS_RESTART', type: i8, value: 0, min: 0, max: 1 },
    { name: 'MIS_OPTIONS', type: i16, value: 0 },
    { name: 'GPS_TYPE', type: i8, value: 1 },
    { name: 'AHRS_EKF_TYPE', type: i8, value: 3 },
  ];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The outcome of a set: the value now stored, and whether it is what was asked. */
export interface ParamSetResult {
  value: number;
  /** 'ok', 'adjusted' (rounded or clamped), or 'readonly' (refused; the old value stands). */
  status: 'ok' | 'adjusted' | 'readonly';
}

export class ParamStore {
  private readonly defs: ParamDef[];
  private readonly values: Float64Array;
  private readonly byName = new Map<string, number>();

  constructor(defs: ParamDef[], overrides: Readonly<Record<string, number>> = {}) {
    this.defs = defs;
    this.values = Float64Array.from(defs, (d) => d.value);
    defs.forEach((d, i) => this.byName.set(d.name, i));
    for (const [name, v] of Object.entries(overrides)) {
      const i = this.byName.get(name);
      if (i === undefined) throw new RangeError(`sim: unknown parameter ${name}`);
      this.values[i] = this.coerce(defs[i], v);
    }
  }

  get count(): number {
    return this.defs.length;
  }

  /** Index of `name`, or -1. */
  indexOf(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /** Definition at `index`, or undefined. */
  def(index: number): ParamDef | undefined {
    return this.defs[index];
  }

  /** Value at `index` (NaN for a bad index). */
  valueAt(index: number): number {
    return index >= 0 && index < this.values.length ? this.values[index] : NaN;
  }

  /** Value of `name`; throws for a name not in the table (a bug in flight code). */
  get(name: string): number {
    const i = this.byName.get(name);
    if (i === undefined) throw new RangeError(`sim: no parameter ${name}`);
    return this.values[i];
  }

  /** A set from a ground station (PARAM_SET); undefined for a name not in the table. */
  set(name: string, value: number): ParamSetResult | undefined {
    const i = this.byName.get(name);
    if (i === undefined) return undefined;
    const d = this.defs[i];
    if (d.readonly || !Number.isFinite(value)) return { value: this.values[i], status: 'readonly' };
    const v = this.coerce(d, value);
    this.values[i] = v;
    return { value: v, status: Object.is(v, Math.fround(value)) || v === value ? 'ok' : 'adjusted' };
  }

  /** A change by the vehicle itself (counts), read-only or not. */
  setInternal(name: string, value: number): void {
    const i = this.byName.get(name);
    if (i === undefined) throw new RangeError(`sim: no parameter ${name}`);
    this.values[i] = this.coerce(this.defs[i], value, true);
  }

  private coerce(d: ParamDef, value: number, internal = false): number {
    let v = value;
    const range = TYPE_RANGE[d.type];
    if (range) v = Math.min(range[1], Math.max(range[0], Math.round(v)));
    else v = Math.fround(v);
    if (!internal) {
      if (d.min !== undefined && v < d.min) v = d.min;
      if (d.max !== undefined && v > d.max) v = d.max;
    }
    return v;
  }
}
