/**
 * One action for many vehicles: sent with bounded concurrency, every vehicle's outcome kept, so a
 * fleet command on hundreds of drones neither floods the server nor hides a single failure.
 */
import type { CommandOutcome, FlyAction } from './actions.js';

/** Actions offered on a multi-selection. */
export const FLEET_ACTIONS = ['mission_start', 'pause', 'rtl'] as const;
export type FleetActionType = (typeof FLEET_ACTIONS)[number];

export function fleetAction(type: FleetActionType): FlyAction {
  return { type };
}

/** Outcomes per vehicle id, in the order the ids were given. */
export type FleetOutcomes = Map<string, CommandOutcome | null>;

export interface FleetRunOptions {
  /** Commands in flight at once. */
  concurrency?: number;
  /** Called as each vehicle's outcome arrives. */
  onResult?(id: string, outcome: CommandOutcome): void;
}

/** Runs `send` for every id, at most `concurrency` at a time; resolves when all have answered. */
export async function runFleetAction(ids: readonly string[], send: (id: string) => Promise<CommandOutcome>, opts: FleetRunOptions = {}): Promise<FleetOutcomes> {
  const outcomes: FleetOutcomes = new Map(ids.map((id) => [id, null]));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++];
      let outcome: CommandOutcome;
      try {
        outcome = await send(id);
      } catch (err) {
        outcome = { ok: false, error: (err as Error).message };
      }
      outcomes.set(id, outcome);
      opts.onResult?.(id, outcome);
    }
  };
  const workers = Math.max(1, Math.min(opts.concurrency ?? 16, ids.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}

/** Counts of a run so far. */
export function summarise(outcomes: FleetOutcomes): { ok: number; failed: number; waiting: number } {
  let ok = 0;
  let failed = 0;
  let waiting = 0;
  for (const o of outcomes.values()) {
    if (o === null) waiting++;
    else if (o.ok) ok++;
    else failed++;
  }
  return { ok, failed, waiting };
}
