/**
 * The plans and sites contract between server and dashboard: request bodies (zod, validated on the
 * server, usable in the browser for early feedback), answers and the change events. Browser-safe.
 */
import { z } from 'zod';
import type { MissionItem } from '../missions/mission-item.js';
import type { PatternKind, Plan } from '../missions/plan.js';
import type { Finding } from '../missions/validate.js';

/** Altitude limit a site gets when none is given (metres above take-off; light UAV rule in China). */
export const DEFAULT_SITE_ALTITUDE_LIMIT_M = 120;
/** Highest altitude limit a site may set. */
export const MAX_SITE_ALTITUDE_LIMIT_M = 1000;
/** Most steps a stored plan may have (each makes one or a few mission items). */
export const MAX_PLAN_STEPS = 10_000;
/** Most expected photo points a stored plan may carry. */
export const MAX_PLAN_PHOTOS = 50_000;

const LatLonSchema = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });
const altitude = z.number();

const PlanStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('takeoff'), altitude }),
  z.object({ kind: z.literal('waypoint'), at: LatLonSchema, altitude, holdS: z.number().min(0).optional(), acceptRadiusM: z.number().min(0).optional() }),
  z.object({ kind: z.literal('speed'), speed: z.number().positive() }),
  z.object({ kind: z.literal('camera-distance'), distanceM: z.number().min(0) }),
  z.object({ kind: z.literal('photo') }),
  z.object({ kind: z.literal('roi'), at: LatLonSchema, altitude }),
  z.object({ kind: z.literal('roi-none') }),
  z.object({ kind: z.literal('yaw'), heading: z.number() }),
  z.object({ kind: z.literal('gimbal'), pitch: z.number().min(-180).max(180), yaw: z.number().optional() }),
  z.object({ kind: z.literal('loiter-time'), at: LatLonSchema, altitude, seconds: z.number().min(0) }),
  z.object({ kind: z.literal('loiter-turns'), at: LatLonSchema, altitude, turns: z.number().positive(), radiusM: z.number() }),
  z.object({ kind: z.literal('land'), at: LatLonSchema }),
  z.object({ kind: z.literal('rtl') }),
]);

/** A patrol plan as the planner produces it (see missions/plan.ts). */
export const PlanSchema = z.object({
  pattern: z.enum(['survey', 'corridor', 'search', 'orbit', 'waypoints']),
  home: LatLonSchema.extend({ altMsl: z.number().optional() }),
  steps: z.array(PlanStepSchema).min(1).max(MAX_PLAN_STEPS),
  photos: z.array(LatLonSchema.extend({ altitude, heading: z.number() })).max(MAX_PLAN_PHOTOS),
  areaM2: z.number().min(0).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<Plan>;

const NameSchema = z.string().trim().min(1, 'must not be empty').max(200);
const IdSchema = z.string().min(1).max(100);

/** `POST /api/plans`. Errors of validation refuse the save; warnings come back with the plan. */
export const PlanCreateSchema = z.strictObject({
  name: NameSchema,
  siteId: IdSchema.nullable().optional(),
  plan: PlanSchema,
});
export type PlanCreateBody = z.infer<typeof PlanCreateSchema>;

/** `PUT /api/plans/:id`: the version read, and the fields to change. */
export const PlanUpdateSchema = z.strictObject({
  version: z.number().int().positive(),
  name: NameSchema.optional(),
  siteId: IdSchema.nullable().optional(),
  plan: PlanSchema.optional(),
});
export type PlanUpdateBody = z.infer<typeof PlanUpdateSchema>;

/** `POST /api/plans/:id/upload`. */
export const PlanUploadSchema = z.strictObject({ vehicleId: IdSchema });

/** `GET /api/plans/:id/export?format=`. */
export const PlanExportFormatSchema = z.enum(['plan', 'waypoints', 'geojson']);
export type PlanExportFormat = z.infer<typeof PlanExportFormatSchema>;

const PositionSchema = z.array(z.number()).min(2).max(3);
const PolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(PositionSchema).min(4, 'a ring needs at least 4 positions (closed)')).min(1) });
const MultiPolygonSchema = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(PolygonSchema.shape.coordinates).min(1) });

/** A site's area: a GeoJSON Polygon or MultiPolygon. */
export const SiteAreaSchema = z.discriminatedUnion('type', [PolygonSchema, MultiPolygonSchema]);

/** A geofence: a polygon the vehicle must stay inside (inclusion) or out of (exclusion). */
export const GeofenceSchema = z.object({
  type: z.literal('Feature'),
  properties: z.looseObject({ kind: z.enum(['inclusion', 'exclusion']), name: z.string().max(200).optional() }),
  geometry: PolygonSchema,
});
export type GeofenceDTO = z.infer<typeof GeofenceSchema>;

const AltitudeLimitSchema = z.number().positive().max(MAX_SITE_ALTITUDE_LIMIT_M);

/** `POST /api/sites`. */
export const SiteCreateSchema = z.strictObject({
  name: NameSchema,
  area: SiteAreaSchema,
  altitudeLimitM: AltitudeLimitSchema.default(DEFAULT_SITE_ALTITUDE_LIMIT_M),
  geofences: z.array(GeofenceSchema).max(200).default([]),
});
export type SiteCreateBody = z.infer<typeof SiteCreateSchema>;

/** `PUT /api/sites/:id`: the fields to change. */
export const SiteUpdateSchema = z.strictObject({
  name: NameSchema.optional(),
  area: SiteAreaSchema.optional(),
  altitudeLimitM: AltitudeLimitSchema.optional(),
  geofences: z.array(GeofenceSchema).max(200).optional(),
});
export type SiteUpdateBody = z.infer<typeof SiteUpdateSchema>;

/** A stored plan with its mission items and what validation found (warnings; errors are never stored). */
export interface PlanDTO {
  id: string;
  siteId: string | null;
  name: string;
  pattern: PatternKind;
  plan: Plan;
  items: MissionItem[];
  findings: Finding[];
  /** User id of the author. */
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
  /** Send it back on update and delete; a stale one is answered with 409. */
  version: number;
}

/** One row of `GET /api/plans`. */
export type PlanSummaryDTO = Omit<PlanDTO, 'plan' | 'items' | 'findings'> & { itemCount: number };

export interface SiteDTO {
  id: string;
  name: string;
  area: z.infer<typeof SiteAreaSchema>;
  altitudeLimitM: number;
  geofences: GeofenceDTO[];
  createdAt: number;
  updatedAt: number;
}

/** Broadcast to the fleet room whenever a plan is created, changed or deleted. */
export interface PlansChangedDTO {
  id: string;
  version: number;
  deleted?: true;
}

/** Broadcast to the fleet room whenever a site is created, changed or deleted. */
export interface SitesChangedDTO {
  id: string;
  deleted?: true;
}
