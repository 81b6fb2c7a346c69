/** Which patrol a plan flies, so the photos it takes go to that patrol's annotation queue. */
import type { Plan } from '../../missions/plan.js';
import { PATROLS, type Patrol } from '../protocol-imagery.js';

/** What each pattern looks for when the plan does not say: forest compartments are surveyed, lines followed, people searched for. */
const BY_PATTERN: Partial<Record<Plan['pattern'], Patrol>> = { survey: 'forest', corridor: 'powerline', search: 'rescue' };

/**
 * The patrol `plan` is flown for: its settings' `patrol` when it names one (an orbit round a
 * finding, a survey of a disaster area), else the pattern's own, else null (an orbit or hand-made
 * waypoints say nothing about what they look for).
 */
export function patrolOfPlan(plan: Pick<Plan, 'pattern' | 'settings'>): Patrol | null {
  const said = plan.settings?.patrol;
  if ((PATROLS as readonly unknown[]).includes(said)) return said as Patrol;
  return BY_PATTERN[plan.pattern] ?? null;
}
