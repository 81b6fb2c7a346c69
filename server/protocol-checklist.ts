/**
 * The pre-flight checklist contract shared by the server and the dashboard: the per-site template,
 * a vehicle's checklist as the API answers it, and the request bodies with their zod schemas.
 * Plain data, no I/O.
 */
import { z } from 'zod';

/** Items the server checks itself from telemetry and from what the vehicle holds. */
export const AUTO_ITEMS = ['battery', 'gps', 'link', 'geofence'] as const;
export type AutoItemId = (typeof AUTO_ITEMS)[number];

/** Manual items every site starts with; the dashboard translates their ids. */
export const BUILT_IN_MANUAL_ITEMS = ['weather', 'airspace', 'airframe'] as const;

const ITEM_ID = /^[a-z][a-z0-9_-]{0,31}$/;

export const ManualItemSchema = z.strictObject({
  id: z.string().regex(ITEM_ID, { error: 'must be 1–32 lowercase letters, digits, _ or -, starting with a letter' }),
  /** Shown as written; null for built-in items, which the dashboard translates. */
  label: z.string().trim().min(1).max(120).nullable().default(null),
  /** The operator must write what was noted (e.g. the wind) to tick it. */
  requiresNote: z.boolean().default(false),
});
export type ManualItem = z.infer<typeof ManualItemSchema>;

/** What a site's pilots must check before arming. */
export const ChecklistTemplateSchema = z
  .strictObject({
    minBatteryPercent: z.number().min(0).max(100),
    minSatellites: z.number().int().min(0).max(64),
    requireGeofence: z.boolean(),
    manual: z.array(ManualItemSchema).max(30),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.manual.forEach((item, i) => {
      if ((AUTO_ITEMS as readonly string[]).includes(item.id)) {
        ctx.addIssue({ code: 'custom', path: ['manual', i, 'id'], message: `${item.id} is an automatic item` });
      } else if (seen.has(item.id)) {
        ctx.addIssue({ code: 'custom', path: ['manual', i, 'id'], message: `${item.id} is listed twice` });
      }
      seen.add(item.id);
    });
  });
export type ChecklistTemplate = z.infer<typeof ChecklistTemplateSchema>;

/** Used for vehicles on no site, and for sites without their own template. */
export const DEFAULT_CHECKLIST_TEMPLATE: ChecklistTemplate = {
  minBatteryPercent: 80,
  minSatellites: 8,
  requireGeofence: true,
  manual: [
    { id: 'weather', label: null, requiresNote: true },
    { id: 'airspace', label: null, requiresNote: false },
    { id: 'airframe', label: null, requiresNote: false },
  ],
};

/** `PUT /api/vehicles/:id/checklist`: tick or untick manual items, optionally choosing the site. */
export const ChecklistTickSchema = z
  .strictObject({
    siteId: z.string().min(1).nullable().optional(),
    items: z
      .array(z.strictObject({ id: z.string().min(1).max(32), done: z.boolean(), note: z.string().trim().max(500).optional() }))
      .max(30)
      .default([]),
  })
  .refine((b) => b.siteId !== undefined || b.items.length > 0, { error: 'give items to tick or a siteId', path: ['items'] });
export type ChecklistTick = z.infer<typeof ChecklistTickSchema>;

/** `POST /api/vehicles/:id/checklist/override`: an admin lets the vehicle arm without it. */
export const ChecklistOverrideSchema = z.strictObject({
  reason: z.string({ error: 'must say why' }).trim().min(3, { error: 'must say why (at least 3 characters)' }).max(500),
});

/** How an item stands; anything but `pass` blocks arming. */
export type ItemState = 'pass' | 'fail' | 'unknown';

/**
 * Why an item does not pass, as a code the dashboard translates:
 * below (a value under what is needed), no_fix, no_data, lost (link), not_checked, check_failed,
 * none_loaded (no geofence), not_done, expired (ticked too long ago), note_missing.
 */
export type ItemReason = 'below' | 'no_fix' | 'no_data' | 'lost' | 'not_checked' | 'check_failed' | 'none_loaded' | 'not_done' | 'expired' | 'note_missing';

export interface ChecklistItemDTO {
  id: string;
  kind: 'auto' | 'manual';
  /** A site's own wording; null for built-in items. */
  label: string | null;
  state: ItemState;
  reason: ItemReason | null;
  /** Auto items: what was measured (percent, satellites, geofence items). */
  value: number | null;
  /** Auto items: what is needed. */
  need: number | null;
  /** One English line for API users and logs. */
  message: string;
  requiresNote: boolean;
  note: string | null;
  /** Who ticked it (manual) and when; for the geofence, when it was last checked. */
  doneBy: string | null;
  doneAt: number | null;
}

export interface ChecklistOverrideDTO {
  by: string;
  at: number;
  reason: string;
  /** ms since the epoch when the override lapses. */
  until: number;
}

/** A vehicle's checklist as `GET /api/vehicles/:id/checklist` answers it. */
export interface ChecklistDTO {
  vehicleId: string;
  siteId: string | null;
  items: ChecklistItemDTO[];
  /** Every item passes. */
  complete: boolean;
  /** An admin's override in force, if any. */
  override: ChecklistOverrideDTO | null;
  /** Whether this server holds arming back until the checklist is complete (on unless started without). */
  required: boolean;
  /** Complete, overridden, or not required: the server lets an arm command through. */
  canArm: boolean;
  /** Server time of this evaluation (ms). */
  checkedAt: number;
}
