/** Why a parameter operation failed. */

/**
 * `timeout`: no answer after every try; `incomplete`: a full fetch ended with values missing;
 * `rejected`: the vehicle answered a set with another value (refused, clamped or read-only);
 * `invalid`: bad name or value, nothing sent; `cancelled`: stopped on our side.
 */
export type ParamErrorCode = 'timeout' | 'incomplete' | 'rejected' | 'invalid' | 'cancelled';

export interface ParamErrorInit {
  code: ParamErrorCode;
  vehicle: string;
  /** The parameter, for get and set. */
  name?: string;
  /** For `incomplete`: values received and expected. */
  received?: number;
  total?: number;
  /** For `rejected`: the value the vehicle kept. */
  actual?: number;
}

export class ParamError extends Error {
  override readonly name = 'ParamError';
  readonly code: ParamErrorCode;
  readonly vehicle: string;
  readonly param?: string;
  readonly received?: number;
  readonly total?: number;
  readonly actual?: number;

  constructor(message: string, init: ParamErrorInit) {
    super(message);
    this.code = init.code;
    this.vehicle = init.vehicle;
    if (init.name !== undefined) this.param = init.name;
    if (init.received !== undefined) this.received = init.received;
    if (init.total !== undefined) this.total = init.total;
    if (init.actual !== undefined) this.actual = init.actual;
  }
}
