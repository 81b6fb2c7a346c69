/**
 * How a mission item's x/y are written in files. QGroundControl `.plan` params and `QGC WPL 110`
 * columns hold param5/param6 as the legacy MISSION_ITEM carries them (degrees, metres or a plain
 * number); `MissionItem` holds them as MISSION_ITEM_INT does (degrees × 1e7, metres × 1e4, or the
 * integer itself). The conversion depends on the frame.
 */

/** MAV_FRAMEs whose x/y are latitude/longitude. */
const GLOBAL_FRAMES: ReadonlySet<number> = new Set([0, 3, 5, 6, 10, 11]);
/** MAV_FRAMEs whose x/y are local metres. */
const LOCAL_FRAMES: ReadonlySet<number> = new Set([1, 4, 7, 8, 9, 12, 20, 21]);

/** True when the frame's x/y are latitude/longitude. */
export function isGlobalFrame(frame: number): boolean {
  return GLOBAL_FRAMES.has(frame);
}

function scaleOf(frame: number): number {
  if (GLOBAL_FRAMES.has(frame)) return 1e7;
  if (LOCAL_FRAMES.has(frame)) return 1e4;
  return 1;
}

/** A file's param5/param6 value → the item's x/y. "No value" (NaN) becomes 0, as vehicles read it. */
export function fileValueToXY(frame: number, value: number): number {
  if (Number.isNaN(value)) return 0;
  const scale = scaleOf(frame);
  // Frames without a position (MISSION) keep the number as written: the item check flags non-integers.
  return scale === 1 ? value : Math.round(value * scale);
}

/** The item's x/y → the value a file stores as param5/param6. */
export function xyToFileValue(frame: number, xy: number): number {
  return xy / scaleOf(frame);
}
