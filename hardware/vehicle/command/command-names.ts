/** Readable names for MAV_CMD and MAV_RESULT numbers, from the dialect enums. */
import { ardupilotmega, common } from 'node-mavlink';

const COMMON_CMD = common.MavCmd as unknown as Record<number, string | undefined>;
const ARDUPILOT_CMD = ardupilotmega.MavCmd as unknown as Record<number, string | undefined>;
const RESULTS = common.MavResult as unknown as Record<number, string | undefined>;

/**
 * A command's MAV_CMD name without the `MAV_CMD_` prefix (`COMPONENT_ARM_DISARM`), as pilots read
 * it in ground-station logs; `MAV_CMD(<n>)` for a number neither dialect knows.
 */
export function commandName(command: number): string {
  return COMMON_CMD[command] ?? ARDUPILOT_CMD[command] ?? `MAV_CMD(${command})`;
}

/** A MAV_RESULT's name without the prefix (`DENIED`), or null for a number the dialect lacks. */
export function resultName(result: number): string | null {
  return RESULTS[result] ?? null;
}
