/**
 * The actions the dashboard sends to vehicles (a subset of the server's action schema), which of
 * them need a second click, and how one is sent and answered over the live connection.
 */
import type { CommandResultDTO } from '../../server/protocol.js';
import type { FleetSocket } from '../net/socket.js';

/** One action for one vehicle; the server validates it again. */
export type FlyAction =
  | { type: 'arm' }
  | { type: 'disarm' }
  | { type: 'takeoff'; altitude: number }
  | { type: 'mission_start' }
  | { type: 'pause' }
  | { type: 'continue' }
  | { type: 'rtl' }
  | { type: 'land' }
  | { type: 'goto'; lat: number; lon: number; altitude: number };

export type FlyActionType = FlyAction['type'];

/** Actions that move or power a vehicle ask to be confirmed with a second click. */
export const NEEDS_CONFIRMATION: ReadonlySet<FlyActionType> = new Set(['arm', 'disarm', 'takeoff', 'land', 'rtl', 'goto']);

/** How one command ended: the vehicle's acceptance, or the server's precise reason. */
export type CommandOutcome = { ok: true; tries: number } | { ok: false; error: string };

/** Generous: a take-off is two commands, each retried by the server before it gives up. */
export const COMMAND_ACK_TIMEOUT_MS = 20_000;

/** Sends one action and waits for the server's acknowledgement. Never throws. */
export async function sendAction(socket: FleetSocket, vehicleId: string, action: FlyAction, timeoutMs = COMMAND_ACK_TIMEOUT_MS): Promise<CommandOutcome> {
  if (!socket.connected) return { ok: false, error: 'not connected to the server' };
  try {
    const answer = await socket.timeout(timeoutMs).emitWithAck('vehicle:command', vehicleId, action);
    return answer.ok ? { ok: true, tries: (answer.data as CommandResultDTO).tries } : { ok: false, error: answer.error };
  } catch {
    return { ok: false, error: `no answer from the server within ${Math.round(timeoutMs / 1000)} s` };
  }
}
