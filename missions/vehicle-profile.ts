/**
 * What a vehicle can fly: the figures the estimates and the validator need. Plain data, so a site or
 * an operator can keep one per airframe.
 */

export interface VehicleProfile {
  name: string;
  /** Horizontal speed when the plan sets none (ArduPilot WPNAV_SPEED). */
  cruiseSpeedMps: number;
  /** Vertical speeds (WPNAV_SPEED_UP / WPNAV_SPEED_DN). */
  climbRateMps: number;
  descentRateMps: number;
  /** Flight time on a full battery, seconds. */
  enduranceS: number;
  /** Share of the endurance kept in reserve (0.2 = land with 20 % left). */
  reserveFraction: number;
  /** Mission items the autopilot stores, home included. */
  maxItems: number;
  /** Shortest leg it flies sensibly, metres; shorter ones make it stop and jerk. */
  minLegM: number;
  /** Fastest horizontal speed it can hold; faster speed steps are capped to this in estimates. */
  maxSpeedMps: number;
  /** Horizontal acceleration (WPNAV_ACCEL), for the time lost slowing down at turns; 2.5 when absent. */
  accelMps2?: number;
}

/** Acceleration assumed when a profile gives none (ArduPilot's WPNAV_ACCEL default). */
export const DEFAULT_ACCEL_MPS2 = 2.5;

/**
 * A typical inspection quadcopter on ArduPilot Copter defaults: 10 m/s cruise, 2.5 m/s up, 1.5 m/s
 * down, 25 min endurance with 20 % reserve, 700 items.
 */
export const DEFAULT_MULTICOPTER: Readonly<VehicleProfile> = Object.freeze({
  name: 'multicopter',
  cruiseSpeedMps: 10,
  climbRateMps: 2.5,
  descentRateMps: 1.5,
  enduranceS: 25 * 60,
  reserveFraction: 0.2,
  maxItems: 700,
  minLegM: 1,
  maxSpeedMps: 15,
  accelMps2: DEFAULT_ACCEL_MPS2,
});
