import { ActionError } from '../../hardware/vehicle/actions.js';
import { CommandError } from '../../hardware/vehicle/command/index.js';
import { MissionTransferError } from '../../hardware/vehicle/mission-transfer/index.js';
import { ParamError } from '../../hardware/vehicle/params/index.js';

/** An error the API answers with a status and a code, never a stack. */
export class ControlError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const REFUSED = 409;
const NO_ANSWER = 504;

/** Maps a microservice failure to what the operator sees: who refused what, or who did not answer. */
export function toControlError(err: unknown): ControlError {
  if (err instanceof ControlError) return err;
  if (err instanceof ActionError) return new ControlError(400, 'invalid', err.message);
  if (err instanceof CommandError) {
    const message = err.detail ? `${err.message} (${err.detail})` : err.message;
    if (err.code === 'invalid') return new ControlError(400, 'invalid', message);
    return new ControlError(err.code === 'timeout' ? NO_ANSWER : REFUSED, err.code, message);
  }
  if (err instanceof MissionTransferError) {
    if (err.code === 'invalid_items') return new ControlError(400, err.code, err.message);
    return new ControlError(err.code === 'timeout' ? NO_ANSWER : REFUSED, err.code, err.message);
  }
  if (err instanceof ParamError) {
    if (err.code === 'invalid') return new ControlError(400, err.code, err.message);
    return new ControlError(err.code === 'timeout' || err.code === 'incomplete' ? NO_ANSWER : REFUSED, err.code, err.message);
  }
  return new ControlError(500, 'internal', (err as Error)?.message ?? String(err));
}
