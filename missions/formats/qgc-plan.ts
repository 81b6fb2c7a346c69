/**
 * QGroundControl `.plan` files (JSON, version 1) → MAVLink mission items: mission, geofence and
 * rally points. Complex Survey and CorridorScan items contribute the simple items QGroundControl
 * stores inside them; complex items that store none (Structure Scan, landing patterns) are refused.
 */
import { z } from 'zod';
import type { MissionItem } from '../mission-item.js';
import { fileValueToXY, isGlobalFrame } from './item-position.js';
import { fail, jsonPath, ok, parseJsonText, type ParseResult } from './parse-result.js';
import { latLonProblem } from './position-check.js';

export const MAV_CMD_NAV_WAYPOINT = 16;
export const MAV_FRAME_GLOBAL = 0;
export const MAV_FRAME_GLOBAL_RELATIVE_ALT = 3;
export const FENCE_POLYGON_INCLUSION = 5001;
export const FENCE_POLYGON_EXCLUSION = 5002;
export const FENCE_CIRCLE_INCLUSION = 5003;
export const FENCE_CIRCLE_EXCLUSION = 5004;
export const NAV_RALLY_POINT = 5100;

const param = z.union([z.number(), z.null()]).transform((v) => (v === null ? NaN : v));
const latitude = z.number().refine((v) => Math.abs(v) <= 90, { error: (iss) => `latitude ${String(iss.input)} out of range` });
const longitude = z.number().refine((v) => Math.abs(v) <= 180, { error: (iss) => `longitude ${String(iss.input)} out of range` });
const SimpleItem = z.object({
  type: z.literal('SimpleItem'),
  command: z.number().int().min(0).max(65535),
  frame: z.number().int().min(0).max(255),
  params: z.array(param).length(7, {
    error: (iss) => `expected 7 params (param1–4, latitude, longitude, altitude), got ${Array.isArray(iss.input) ? iss.input.length : String(iss.input)}`,
  }),
  autoContinue: z.boolean().default(true),
  doJumpId: z.number().int().optional(),
});
type SimpleItem = z.infer<typeof SimpleItem>;
const ComplexItem = z.object({
  type: z.literal('ComplexItem'),
  complexItemType: z.string(),
  TransectStyleComplexItem: z.object({ Items: z.array(SimpleItem) }).optional(),
  Items: z.array(SimpleItem).optional(),
});
const LatLon = z.tuple([latitude, longitude]);
const PlanSchema = z.object({
  fileType: z.literal('Plan', {
    error: (iss) => (iss.input === undefined ? 'not a QGroundControl plan: no "fileType"' : `not a QGroundControl plan: fileType is ${JSON.stringify(iss.input)}, expected "Plan"`),
  }),
  version: z.literal(1, { error: (iss) => `plan file version ${JSON.stringify(iss.input)} is not supported (only 1)` }),
  groundStation: z.string().optional(),
  mission: z.object({
    version: z.number().int(),
    items: z.array(z.discriminatedUnion('type', [SimpleItem, ComplexItem])),
    plannedHomePosition: z.tuple([latitude, longitude, z.number()]),
    cruiseSpeed: z.number().optional(),
    hoverSpeed: z.number().optional(),
  }),
  geoFence: z
    .object({
      polygons: z.array(z.object({
        inclusion: z.boolean(),
        polygon: z.array(LatLon).min(3, { error: (iss) => `a fence polygon needs at least 3 vertices, got ${Array.isArray(iss.input) ? iss.input.length : 0}` }),
      })).default([]),
      circles: z.array(z.object({ inclusion: z.boolean(), circle: z.object({ center: LatLon, radius: z.number().positive() }) })).default([]),
    })
    .optional(),
  rallyPoints: z.object({ points: z.array(z.tuple([latitude, longitude, z.number()])).default([]) }).optional(),
});

/** What a `.plan` holds, as the vehicle stores it: mission item 0 is the planned home. */
export interface PlanItems {
  mission: MissionItem[];
  fence: MissionItem[];
  rally: MissionItem[];
  home: { lat: number; lon: number; altMsl: number };
}

/** One item from a file's values: params 1–4, then param5/6/7 as the file writes them for the frame. */
function itemFromFile(seq: number, command: number, frame: number, p: readonly number[], p5: number, p6: number, p7: number, autocontinue = true): MissionItem {
  return {
    seq, frame, command, current: false, autocontinue,
    param1: p[0] ?? 0, param2: p[1] ?? 0, param3: p[2] ?? 0, param4: p[3] ?? 0,
    x: fileValueToXY(frame, p5), y: fileValueToXY(frame, p6), z: Number.isNaN(p7) ? 0 : p7,
  };
}

/** The first out-of-range coordinate of a simple item in a global frame, as [params index, message]. */
function positionProblem(s: SimpleItem): [number, string] | null {
  if (!isGlobalFrame(s.frame)) return null;
  const [, , , , lat, lon] = s.params;
  // NaN (null in the file) means "no position" for items such as a take-off.
  const problem = latLonProblem(Number.isNaN(lat) ? 0 : lat, Number.isNaN(lon) ? 0 : lon);
  return problem && [problem.axis === 'lat' ? 4 : 5, problem.message];
}

/** Parses a `.plan` document (text or already-parsed JSON) into mission, fence and rally items. */
export function parseQgcPlan(input: string | unknown): ParseResult<PlanItems> {
  let json: unknown = input;
  if (typeof input === 'string') {
    const text = parseJsonText(input);
    if (!text.ok) return text;
    json = text.value;
  }
  const parsed = PlanSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(jsonPath(issue.path), issue.message);
  }
  const plan = parsed.data;
  const [hLat, hLon, hAlt] = plan.mission.plannedHomePosition;
  // Item 0 is home, as the vehicle stores it.
  const mission: MissionItem[] = [itemFromFile(0, MAV_CMD_NAV_WAYPOINT, MAV_FRAME_GLOBAL, [0, 0, 0, 0], hLat, hLon, hAlt)];
  for (const [i, it] of plan.mission.items.entries()) {
    let simple: SimpleItem[] | undefined;
    let path = `mission.items[${i}]`;
    if (it.type === 'SimpleItem') simple = [it];
    else if (it.TransectStyleComplexItem) [simple, path] = [it.TransectStyleComplexItem.Items, `${path}.TransectStyleComplexItem.Items`];
    else if (it.Items) [simple, path] = [it.Items, `${path}.Items`];
    else return fail(path, `complex item '${it.complexItemType}' stores no mission items (QGroundControl keeps them only for Survey and Corridor Scan); convert it to simple waypoints in QGroundControl and save again`);
    for (const [j, s] of simple.entries()) {
      const problem = positionProblem(s);
      if (problem) return fail(`${it.type === 'SimpleItem' ? path : `${path}[${j}]`}.params[${problem[0]}]`, problem[1]);
      const [p1, p2, p3, p4, p5, p6, p7] = s.params;
      mission.push(itemFromFile(mission.length, s.command, s.frame, [p1, p2, p3, p4], p5, p6, p7, s.autoContinue));
    }
  }
  const fence: MissionItem[] = [];
  for (const p of plan.geoFence?.polygons ?? []) {
    for (const [lat, lon] of p.polygon) {
      fence.push(itemFromFile(fence.length, p.inclusion ? FENCE_POLYGON_INCLUSION : FENCE_POLYGON_EXCLUSION, MAV_FRAME_GLOBAL, [p.polygon.length, 0, 0, 0], lat, lon, 0));
    }
  }
  for (const c of plan.geoFence?.circles ?? []) {
    const [lat, lon] = c.circle.center;
    fence.push(itemFromFile(fence.length, c.inclusion ? FENCE_CIRCLE_INCLUSION : FENCE_CIRCLE_EXCLUSION, MAV_FRAME_GLOBAL, [c.circle.radius, 0, 0, 0], lat, lon, 0));
  }
  const rally = (plan.rallyPoints?.points ?? []).map(([lat, lon, alt], i) => itemFromFile(i, NAV_RALLY_POINT, MAV_FRAME_GLOBAL_RELATIVE_ALT, [0, 0, 0, 0], lat, lon, alt));
  return ok({ mission, fence, rally, home: { lat: hLat, lon: hLon, altMsl: hAlt } });
}
