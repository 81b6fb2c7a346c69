import type { VehicleDTO } from '../../server/protocol.js';

// Numeric collation so "drone-2" sorts before "drone-10".
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * List order: by name, then id. Both rarely change, so rows keep their places while
 * telemetry streams in.
 */
export function compareVehicles(a: Pick<VehicleDTO, 'name' | 'id'>, b: Pick<VehicleDTO, 'name' | 'id'>): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Vehicle ids in list order. */
export function sortedIds(vehicles: Iterable<Pick<VehicleDTO, 'name' | 'id'>>): string[] {
  return [...vehicles].sort(compareVehicles).map((v) => v.id);
}
