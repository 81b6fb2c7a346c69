/**
 * The figures an operator sees before flying a plan: distance, flight time, photos, area, items.
 *
 * Flight time follows the flight path (see `flight-path.ts`): each transit at the horizontal speed
 * in force (speed steps included, capped at the profile's maximum) or at the climb/descent rate,
 * whichever takes longer, as the autopilot moves on both axes at once; take-off climbs and final
 * descents at the profile's rates; loiter circles at the speed in force; holds and loiter times as
 * written; plus, at each waypoint flown through, the time lost slowing for the turn: v / a for a
 * full reversal, in proportion to the angle turned (a 90° corner at 10 m/s and 2.5 m/s² costs 2 s).
 */
import { flightPath, headingBetween, type FlightPath, type Leg } from './flight-path.js';
import type { Plan } from './plan.js';
import { planToItems } from './plan-to-items.js';
import { DEFAULT_ACCEL_MPS2, type VehicleProfile } from './vehicle-profile.js';

export interface Estimates {
  /** Horizontal path length in metres, loiter circles included. */
  distanceM: number;
  flightTimeS: number;
  /** The plan's photo points when it lists them, else the photos its steps trigger. */
  photoCount: number;
  /** Area the pattern covers, when it has one. */
  areaM2: number | null;
  /** Mission items, home included. */
  itemCount: number;
}

/** Seconds to fly one leg. */
export function legTimeS(leg: Leg, profile: VehicleProfile): number {
  const dz = leg.to.alt - leg.from.alt;
  const vertical = dz >= 0 ? dz / profile.climbRateMps : -dz / profile.descentRateMps;
  const horizontal = leg.horizontalM > 0 ? leg.horizontalM / leg.speedMps : 0;
  return Math.max(horizontal, vertical);
}

/** Seconds lost slowing for turns between consecutive transits flown through without a stop. */
function turnAllowanceS(legs: readonly Leg[], holding: ReadonlySet<number>, accel: number): number {
  let total = 0;
  let prev: { heading: number; speed: number } | null = null;
  for (const leg of legs) {
    const heading = leg.kind === 'transit' && leg.horizontalM > 0 ? headingBetween(leg.from, leg.to) : null;
    if (heading === null) {
      // A climb, a descent or an orbit: the vehicle is not turning from a straight leg here.
      if (leg.kind !== 'transit') prev = null;
      continue;
    }
    if (prev) {
      const turn = Math.abs(((heading - prev.heading + 540) % 360) - 180);
      total += (Math.min(prev.speed, leg.speedMps) / accel) * (turn / 180);
    }
    prev = holding.has(leg.step) ? null : { heading, speed: leg.speedMps };
  }
  return total;
}

/** Estimates for `plan` flown by a vehicle with `profile`. */
export function estimate(plan: Plan, profile: VehicleProfile): Estimates {
  return estimateAlong(plan, profile, profileFlightPath(plan, profile));
}

/** The plan's flight path at the profile's speeds (photo points only when the plan lists none). */
export function profileFlightPath(plan: Plan, profile: VehicleProfile): FlightPath {
  return flightPath(plan, { cruiseSpeedMps: profile.cruiseSpeedMps, maxSpeedMps: profile.maxSpeedMps, photos: plan.photos.length === 0 });
}

/** Estimates from a path already worked out with {@link profileFlightPath}. */
export function estimateAlong(plan: Plan, profile: VehicleProfile, path: FlightPath): Estimates {
  let distanceM = 0;
  let flightTimeS = 0;
  for (const leg of path.legs) {
    distanceM += leg.horizontalM;
    flightTimeS += legTimeS(leg, profile);
  }
  for (const h of path.holds) flightTimeS += h.seconds;
  const holding = new Set(path.holds.map((h) => h.step));
  flightTimeS += turnAllowanceS(path.legs, holding, profile.accelMps2 ?? DEFAULT_ACCEL_MPS2);
  return {
    distanceM,
    flightTimeS,
    photoCount: plan.photos.length > 0 ? plan.photos.length : path.photos.length,
    areaM2: plan.areaM2 ?? null,
    itemCount: planToItems(plan).length,
  };
}
