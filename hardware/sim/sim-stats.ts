/**
 * The simulator's counters as one JSON line, printed on SIGUSR2 by the CLI: how operators and
 * tests read what a drone refused without asking it over MAVLink (which signing would refuse too).
 */
import type { SigningStats } from '../mavlink/signing.js';
import type { SimHandle } from './sim-drone.js';

/** One drone's line item. */
export interface SimDroneStats {
  sysid: number;
  armed: boolean;
  mode: number;
  /** MAVLink signing: on or off, and what was accepted and refused. */
  signing: SigningStats & { active: boolean };
  /** Exceptions caught in the step loop or in handlers. */
  errors: number;
}

/** The stats line for `drones`: `{"stats":[…]}` and a newline. */
export function simStatsLine(drones: readonly SimHandle[]): string {
  const stats: SimDroneStats[] = drones.map((d) => {
    const s = d.state();
    return { sysid: d.sysid, armed: s.armed, mode: s.mode, signing: { active: d.drone.signing.active, ...d.drone.signing.stats() }, errors: d.drone.errors };
  });
  return `${JSON.stringify({ stats })}\n`;
}
