/** Fixture reading and item generators shared by the format tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { MissionItem } from '../../../../missions/mission-item.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures');

/** A fixture's text, e.g. `fixture('plans', 'truncated.plan')`. */
export function fixture(folder: 'plans' | 'kml' | 'geojson', name: string): string {
  return readFileSync(join(FIXTURES, folder, name), 'utf8');
}

/** JSON and text cannot carry −0: generate +0 instead. */
const noNegativeZero = (v: number): number => (v === 0 ? 0 : v);
export const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true }).map(noNegativeZero);
/** Params 1–4: any finite number, small integers (the common case) or NaN ("no change"). */
const param = fc.oneof(finite, fc.integer({ min: -1000, max: 1000 }), fc.constant(NaN));
const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });

/** Global (0, 3, 6, 10), MISSION (2) and a local frame (1): each stores x/y differently in files. */
const frameAndXY = fc.oneof(
  fc.record({ frame: fc.constantFrom(0, 3, 6, 10), x: fc.integer({ min: -900_000_000, max: 900_000_000 }), y: fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }) }),
  fc.record({ frame: fc.constantFrom(1, 2), x: int32, y: int32 }),
);

/** Mission items numbered from `firstSeq`; `withCurrent` lets `current` vary (`.plan` files do not store it). */
export function missionItems(firstSeq: number, withCurrent: boolean): fc.Arbitrary<MissionItem[]> {
  const item = fc.record({
    position: frameAndXY,
    command: fc.integer({ min: 0, max: 65535 }),
    current: withCurrent ? fc.boolean() : fc.constant(false),
    autocontinue: fc.boolean(),
    params: fc.tuple(param, param, param, param),
    z: finite,
  });
  return fc.array(item, { maxLength: 12 }).map((items) =>
    items.map((it, i) => ({
      seq: firstSeq + i,
      frame: it.position.frame,
      command: it.command,
      current: it.current,
      autocontinue: it.autocontinue,
      param1: it.params[0],
      param2: it.params[1],
      param3: it.params[2],
      param4: it.params[3],
      x: it.position.x,
      y: it.position.y,
      z: it.z,
    })),
  );
}

export const latE7 = fc.integer({ min: -900_000_000, max: 900_000_000 });
export const lonE7 = fc.integer({ min: -1_800_000_000, max: 1_800_000_000 });

/** A plain item in the GLOBAL frame with params 1–4 as given (the rest 0). */
export function globalItem(seq: number, command: number, frame: number, x: number, y: number, z: number, param1 = 0): MissionItem {
  return { seq, frame, command, current: false, autocontinue: true, param1, param2: 0, param3: 0, param4: 0, x, y, z };
}
