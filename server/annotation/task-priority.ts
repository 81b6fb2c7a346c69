/**
 * Task priority: rescue photos first (people may be waiting), then tasks an operator raised, then
 * the rest; within a priority, the oldest photo first.
 */

/** Priority levels; higher is served first. */
export const PRIORITY = { rescue: 200, raised: 100, normal: 0 } as const;

/** The priority of a new task for a photo of `patrol`; `requested` raises it (never lowers a rescue photo). */
export function intakePriority(patrol: string | null, requested?: number): number {
  if (patrol === 'rescue') return Math.max(PRIORITY.rescue, requested ?? PRIORITY.rescue);
  return requested ?? PRIORITY.normal;
}
