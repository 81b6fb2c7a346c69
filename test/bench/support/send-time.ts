/**
 * Carries a drone's send time inside its position, so latency can be measured across processes
 * without changing the protocol: the bench drones and the bench clients share the machine's wall clock.
 *
 * The drone sends `lon = LON_BASE_E7 + (sendMs mod 100 000)` in MAVLink's 1e-7 degree units. The
 * server turns it into degrees (`lon / 1e7`) and back into a double, which round-trips the integer
 * exactly, so `Math.round(lon × 1e7) − LON_BASE_E7` on receipt gives `sendMs mod 100 000` with no
 * error. The receiver rebuilds the full time from its own `Date.now()`, which is right for any
 * latency under 100 s. The longitude moves at most 0.01° (about 1 km), which keeps drones on the map.
 */

/** Longitude of every bench drone before the send time is added, in 1e-7 degrees. */
export const LON_BASE_E7 = 1_066_000_000;

/** The window of send times the longitude can hold, ms. */
export const SEND_TIME_WRAP_MS = 100_000;

/** The longitude (1e-7 degree units) that carries `sendMs`. */
export function encodeSendTime(sendMs: number): number {
  return LON_BASE_E7 + (sendMs % SEND_TIME_WRAP_MS);
}

/**
 * Milliseconds from the send time carried by `lonDeg` (as the server reports it, in degrees) to
 * `receiptMs`; NaN when the longitude carries no send time.
 */
export function latencySince(lonDeg: number, receiptMs: number): number {
  const sent = Math.round(lonDeg * 1e7) - LON_BASE_E7;
  if (sent < 0 || sent >= SEND_TIME_WRAP_MS) return NaN;
  return (((receiptMs % SEND_TIME_WRAP_MS) - sent) + SEND_TIME_WRAP_MS) % SEND_TIME_WRAP_MS;
}
