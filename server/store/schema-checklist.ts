/** Table types for pre-flight checklists: a template per site and the ticks per vehicle. */

/** The checklist a site's pilots follow; sites without a row use the default template. */
export interface ChecklistTemplatesTable {
  site_id: string;
  /** JSON of the template (thresholds and manual items). */
  template: string;
  updated_at: number;
  updated_by: string | null;
}

/** One vehicle's current checklist: the site it flies, ticked items and an admin's override. */
export interface VehicleChecklistsTable {
  /** Live fleet id of the vehicle. */
  vehicle_id: string;
  site_id: string | null;
  /** JSON object: item id → { by, userId, at, note }. */
  ticks: string;
  /** JSON { by, userId, at, reason, until } or null. */
  override: string | null;
  updated_at: number;
}
