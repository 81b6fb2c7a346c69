/**
 * Re-inspection: from a finding, an orbit plan round its ground position with photos facing it,
 * saved as a plan an operator can upload to a drone.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { orbitPlan } from '../../missions/patterns/orbit.js';
import { planToItems } from '../../missions/plan-to-items.js';
import type { LatLon } from '../../missions/plan.js';
import type { ReinspectSchema } from '../protocol-annotation.js';
import type { PlansRepo } from '../store/plans-repo.js';
import type { Schema } from '../store/schema.js';
import { AnnotationError } from './annotation-error.js';
import { getFinding } from './findings.js';
import { readTaskImage } from './task-image.js';

export type ReinspectOptions = z.infer<typeof ReinspectSchema>;

/** Makes and saves the orbit plan round the finding; its plan id. 409 when the finding has no ground position. */
export async function createReinspectPlan(
  db: Kysely<Schema>,
  plans: PlansRepo,
  req: { findingId: string; userId: string; now: number; options: ReinspectOptions },
): Promise<{ planId: string }> {
  const finding = await getFinding(db, req.findingId);
  if (!finding.geometry) {
    throw new AnnotationError(409, 'no_position', `finding ${req.findingId} has no ground position (its photo carried none)`);
  }
  const [lon, lat] = finding.geometry.coordinates;
  const image = await readTaskImage(db, finding.properties.imageId);
  // Without a take-off point given, start from where the drone was when it saw the object.
  const home: LatLon = req.options.home ?? (image?.lat != null && image.lon != null ? { lat: image.lat, lon: image.lon } : { lat, lon });
  let plan;
  try {
    plan = orbitPlan({ center: { lat, lon }, radiusM: req.options.radiusM, altitude: req.options.altitude, photos: req.options.photos, home });
  } catch (err) {
    throw new AnnotationError(400, 'invalid', (err as Error).message);
  }
  // Photos of the re-inspection go to the queue the finding came from.
  const queue = await db.selectFrom('annotation_queues').select('patrol').where('id', '=', finding.properties.queueId).executeTakeFirst();
  if (queue?.patrol) plan = { ...plan, settings: { ...plan.settings, patrol: queue.patrol } };
  const name = req.options.name ?? `Re-inspect ${finding.properties.type.replaceAll('-', ' ')} ${finding.id.slice(0, 8)}`;
  const saved = await plans.create({ name, pattern: 'orbit', plan, items: planToItems(plan), createdBy: req.userId }, req.now);
  return { planId: saved.id };
}
