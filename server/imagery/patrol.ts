/** Which patrol a photo belongs to, when no plan says so. */
import type { Patrol } from '../protocol-imagery.js';

const BY_NAME: [RegExp, Patrol][] = [
  [/forest|wood|fire|林|火/i, 'forest'],
  [/power|line|tower|pylon|grid|电|线|塔/i, 'powerline'],
  [/rescue|search|sar\b|救|搜/i, 'rescue'],
];

/**
 * The patrol a vehicle's name suggests ("Forest survey", "Power line patrol", "River valley search",
 * 林区巡查 …), or null. Used only when neither a plan nor an operator setting names the patrol.
 */
export function patrolFromName(name: string | null | undefined): Patrol | null {
  if (!name) return null;
  for (const [pattern, patrol] of BY_NAME) if (pattern.test(name)) return patrol;
  return null;
}
