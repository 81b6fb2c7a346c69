/**
 * Works out a vehicle's checklist from its live telemetry, the geofence it was last found to hold,
 * the site's template and the stored ticks. Pure: time is passed in.
 */
import type { VehicleDTO } from '../protocol.js';
import type { ChecklistDTO, ChecklistItemDTO, ChecklistTemplate, ManualItem } from '../protocol-checklist.js';
import type { Override, Tick } from './checklist-repo.js';

/** GPS_FIX_TYPE_3D_FIX: anything lower cannot hold a position. */
const FIX_3D = 3;

/** What the last look at the vehicle's geofence found. */
export interface FenceCheck {
  /** Fence items the vehicle holds; null when the check failed. */
  count: number | null;
  at: number;
  error: string | null;
}

export interface EvaluateInput {
  vehicle: Pick<VehicleDTO, 'id' | 'battery' | 'gps' | 'linkState'>;
  siteId: string | null;
  template: ChecklistTemplate;
  ticks: Readonly<Record<string, Tick>>;
  override: Override | null;
  fence: FenceCheck | null;
  now: number;
  /** A tick older than this no longer counts. */
  tickValidMs: number;
  /** Arming waits for the checklist. */
  required: boolean;
}

type AutoResult = Pick<ChecklistItemDTO, 'state' | 'reason' | 'value' | 'need' | 'message'> & Partial<Pick<ChecklistItemDTO, 'doneAt'>>;

function auto(id: string, r: AutoResult): ChecklistItemDTO {
  return { id, kind: 'auto', label: null, requiresNote: false, note: null, doneBy: null, doneAt: null, ...r };
}

function battery(v: EvaluateInput['vehicle'], need: number): ChecklistItemDTO {
  const value = v.battery.percent;
  if (value === null) return auto('battery', { state: 'unknown', reason: 'no_data', value, need, message: 'battery: the vehicle reports no charge' });
  if (value < need) return auto('battery', { state: 'fail', reason: 'below', value, need, message: `battery: ${value}% is below ${need}%` });
  return auto('battery', { state: 'pass', reason: null, value, need, message: `battery: ${value}%` });
}

function gps(v: EvaluateInput['vehicle'], need: number): ChecklistItemDTO {
  const value = v.gps.satellites;
  if (v.gps.fixType < FIX_3D) return auto('gps', { state: 'fail', reason: 'no_fix', value, need, message: 'gps: no 3D fix' });
  if (value === null) return auto('gps', { state: 'unknown', reason: 'no_data', value, need, message: 'gps: satellite count unknown' });
  if (value < need) return auto('gps', { state: 'fail', reason: 'below', value, need, message: `gps: ${value} satellites, needs ${need}` });
  return auto('gps', { state: 'pass', reason: null, value, need, message: `gps: 3D fix, ${value} satellites` });
}

function link(v: EvaluateInput['vehicle']): ChecklistItemDTO {
  return v.linkState === 'connected'
    ? auto('link', { state: 'pass', reason: null, value: null, need: null, message: 'link: connected' })
    : auto('link', { state: 'fail', reason: 'lost', value: null, need: null, message: 'link: lost' });
}

function geofence(fence: FenceCheck | null): ChecklistItemDTO {
  const base = { value: fence?.count ?? null, need: 1, doneAt: fence?.at ?? null };
  if (!fence) return auto('geofence', { ...base, state: 'unknown', reason: 'not_checked', message: 'geofence: not checked yet' });
  if (fence.count === null) return auto('geofence', { ...base, state: 'unknown', reason: 'check_failed', message: `geofence: check failed (${fence.error ?? 'no answer'})` });
  if (fence.count === 0) return auto('geofence', { ...base, state: 'fail', reason: 'none_loaded', message: 'geofence: the vehicle holds no fence' });
  return auto('geofence', { ...base, state: 'pass', reason: null, message: `geofence: ${fence.count} items loaded` });
}

function manual(item: ManualItem, tick: Tick | undefined, now: number, tickValidMs: number): ChecklistItemDTO {
  const base = { id: item.id, kind: 'manual' as const, label: item.label, requiresNote: item.requiresNote, value: null, need: null };
  const name = item.label ?? item.id;
  if (!tick) return { ...base, state: 'fail', reason: 'not_done', message: `${name}: not done`, note: null, doneBy: null, doneAt: null };
  const done = { note: tick.note, doneBy: tick.by, doneAt: tick.at };
  if (now - tick.at > tickValidMs) return { ...base, ...done, state: 'fail', reason: 'expired', message: `${name}: ticked too long ago, check again` };
  if (item.requiresNote && !tick.note) return { ...base, ...done, state: 'fail', reason: 'note_missing', message: `${name}: needs a note` };
  return { ...base, ...done, state: 'pass', reason: null, message: `${name}: done by ${tick.by}` };
}

/** The checklist as it stands at `now`. */
export function evaluateChecklist(input: EvaluateInput): ChecklistDTO {
  const { vehicle, template, now } = input;
  const items = [battery(vehicle, template.minBatteryPercent), gps(vehicle, template.minSatellites), link(vehicle)];
  if (template.requireGeofence) items.push(geofence(input.fence));
  for (const item of template.manual) items.push(manual(item, input.ticks[item.id], now, input.tickValidMs));
  const complete = items.every((i) => i.state === 'pass');
  const override = input.override && input.override.until > now ? input.override : null;
  return {
    vehicleId: vehicle.id,
    siteId: input.siteId,
    items,
    complete,
    override: override && { by: override.by, at: override.at, reason: override.reason, until: override.until },
    required: input.required,
    canArm: !input.required || complete || override !== null,
    checkedAt: now,
  };
}

/** The items that keep the checklist from being complete, as one line ("weather: not done; gps: no 3D fix"). */
export function blockingSummary(checklist: ChecklistDTO): string {
  return checklist.items
    .filter((i) => i.state !== 'pass')
    .map((i) => i.message)
    .join('; ');
}
