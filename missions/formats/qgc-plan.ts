/**
 * QGroundControl `.plan` files (JSON, version 1): mission, geofence and rally points → MAVLink
 * mission items. Complex items (Survey, CorridorScan, StructureScan) contribute the simple items
 * QGroundControl stores inside them.
 */
import { z } from 'zod';
import type { MissionItem } from '../mission-item.js';
import { fail, jsonPath, ok, type ParseResult } from './parse-result.js';

const MAV_CMD_NAV_WAYPOINT = 16;
const MAV_FRAME_GLOBAL = 0;
const MAV_FRAME_GLOBAL_RELATIVE_ALT = 3;
const FENCE_POLYGON_INCLUSION = 5001;
const FENCE_POLYGON_EXCLUSION = 5002;
const FENCE_CIRCLE_INCLUSION = 5003;
const FENCE_CIRCLE_EXCLUSION = 5004;
const NAV_RALLY_POINT = 5100;

const param = z.union([z.number(), z.null()]).transform((v) => (v === null ? NaN : v));
const SimpleItem = z.object({
  type: z.literal('SimpleItem'),
  command: z.number().int().min(0).max(65535),
  frame: z.number().int().min(0).max(255),
  params: z.array(param).length(7),
  autoContinue: z.boolean().default(true),
  doJumpId: z.number().int().optional(),
});
const ComplexItem = z.object({
  type: z.literal('ComplexItem'),
  complexItemType: z.string(),
  TransectStyleComplexItem: z.object({ Items: z.array(SimpleItem) }).optional(),
  Items: z.array(SimpleItem).optional(),
});
const LatLon = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);
const PlanSchema = z.object({
  fileType: z.literal('Plan'),
  version: z.literal(1),
  groundStation: z.string().optional(),
  mission: z.object({
    version: z.number().int(),
    items: z.array(z.discriminatedUnion('type', [SimpleItem, ComplexItem])),
    plannedHomePosition: z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180), z.number()]),
    cruiseSpeed: z.number().optional(),
    hoverSpeed: z.number().optional(),
  }),
  geoFence: z
    .object({
      polygons: z.array(z.object({ inclusion: z.boolean(), polygon: z.array(LatLon).min(3) })).default([]),
      circles: z.array(z.object({ inclusion: z.boolean(), circle: z.object({ center: LatLon, radius: z.number().positive() }) })).default([]),
    })
    .optional(),
  rallyPoints: z.object({ points: z.array(z.tuple([z.number(), z.number(), z.number()])).default([]) }).optional(),
});

export interface PlanItems {
  mission: MissionItem[];
  fence: MissionItem[];
  rally: MissionItem[];
  home: { lat: number; lon: number; altMsl: number };
}

function item(seq: number, command: number, frame: number, p: number[], lat: number, lon: number, alt: number, autocontinue = true): MissionItem {
  return {
    seq, frame, command, current: false, autocontinue,
    param1: p[0] ?? 0, param2: p[1] ?? 0, param3: p[2] ?? 0, param4: p[3] ?? 0,
    x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z: alt,
  };
}

/** Parses a `.plan` document (text or already-parsed JSON) into mission, fence and rally items. */
export function parseQgcPlan(input: string | unknown): ParseResult<PlanItems> {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (err) {
      return fail('(root)', `not JSON: ${(err as Error).message}`);
    }
  }
  const parsed = PlanSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(jsonPath(issue.path), issue.message);
  }
  const plan = parsed.data;
  const [hLat, hLon, hAlt] = plan.mission.plannedHomePosition;
  // Item 0 is home, as the vehicle stores it.
  const mission: MissionItem[] = [item(0, MAV_CMD_NAV_WAYPOINT, MAV_FRAME_GLOBAL, [0, 0, 0, 0], hLat, hLon, hAlt)];
  for (const [i, it] of plan.mission.items.entries()) {
    const simple = it.type === 'SimpleItem' ? [it] : it.TransectStyleComplexItem?.Items ?? it.Items;
    if (!simple) return fail(`mission.items[${i}]`, `complex item '${it.type === 'ComplexItem' ? it.complexItemType : ''}' has no stored items; save it again from QGroundControl`);
    for (const s of simple) {
      const [p1, p2, p3, p4, lat, lon, alt] = s.params;
      mission.push(item(mission.length, s.command, s.frame, [p1, p2, p3, p4], Number.isNaN(lat) ? 0 : lat, Number.isNaN(lon) ? 0 : lon, Number.isNaN(alt) ? 0 : alt, s.autoContinue));
    }
  }
  const fence: MissionItem[] = [];
  for (const p of plan.geoFence?.polygons ?? []) {
    for (const [lat, lon] of p.polygon) {
      fence.push(item(fence.length, p.inclusion ? FENCE_POLYGON_INCLUSION : FENCE_POLYGON_EXCLUSION, MAV_FRAME_GLOBAL, [p.polygon.length, 0, 0, 0], lat, lon, 0));
    }
  }
  for (const c of plan.geoFence?.circles ?? []) {
    const [lat, lon] = c.circle.center;
    fence.push(item(fence.length, c.inclusion ? FENCE_CIRCLE_INCLUSION : FENCE_CIRCLE_EXCLUSION, MAV_FRAME_GLOBAL, [c.circle.radius, 0, 0, 0], lat, lon, 0));
  }
  const rally = (plan.rallyPoints?.points ?? []).map(([lat, lon, alt], i) => item(i, NAV_RALLY_POINT, MAV_FRAME_GLOBAL_RELATIVE_ALT, [0, 0, 0, 0], lat, lon, alt));
  return ok({ mission, fence, rally, home: { lat: hLat, lon: hLon, altMsl: hAlt } });
}
