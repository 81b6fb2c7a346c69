/**
 * The vehicle side of the MAVLink parameter protocol, as ArduPilot answers it:
 * - PARAM_REQUEST_LIST: every parameter as PARAM_VALUE with its index and the count, a few per
 *   step (paced like a real autopilot over a radio, never all at once); a new request restarts.
 * - PARAM_REQUEST_READ: one PARAM_VALUE, by name (index -1) or by index; unknown ones get no answer.
 * - PARAM_SET: store, then echo the stored value (which differs from the asked one when rounded,
 *   clamped or refused). ArduPilot sends that echo with index 65535, and so do we. Unknown names
 *   get no answer; read-only ones get a STATUSTEXT and their unchanged value.
 */
import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { InboundMessage } from '../mavlink/frame.js';
import type { ParamStore } from './param-store.js';

/** PARAM_VALUE messages sent per step while a list is streaming (20 Hz steps: ~100 a second). */
export const PARAMS_PER_STEP = 5;
/** param_index of a PARAM_SET echo, as ArduPilot sends it. */
const NO_INDEX = 65535;

export const PARAM_MSG = { PARAM_REQUEST_READ: 20, PARAM_REQUEST_LIST: 21, PARAM_VALUE: 22, PARAM_SET: 23 } as const;

export interface ParamServerDeps {
  store: ParamStore;
  send: (data: MavLinkData) => void;
  /** True when a message's target ids include this vehicle. */
  addressedToMe: (targetSystem: number, targetComponent: number) => boolean;
  /** Tells the ground about a refused write. */
  text: (severity: number, text: string) => void;
}

export class ParamServer {
  /** Next index of a list being streamed, or -1 when none is. */
  private next = -1;

  constructor(private readonly d: ParamServerDeps) {}

  /** Routes one inbound message; true when it was a parameter message. */
  handle(m: InboundMessage): boolean {
    switch (m.msgid) {
      case PARAM_MSG.PARAM_REQUEST_LIST: {
        const r = m.data as common.ParamRequestList;
        if (this.d.addressedToMe(r.targetSystem, r.targetComponent)) this.next = 0;
        return true;
      }
      case PARAM_MSG.PARAM_REQUEST_READ:
        this.read(m.data as common.ParamRequestRead);
        return true;
      case PARAM_MSG.PARAM_SET:
        this.set(m.data as common.ParamSet);
        return true;
      default:
        return false;
    }
  }

  /** True while a list is being streamed. */
  get listing(): boolean {
    return this.next >= 0;
  }

  /** Sends the next few values of a list in progress; call once per step. */
  step(): void {
    if (this.next < 0) return;
    const s = this.d.store;
    for (let k = 0; k < PARAMS_PER_STEP && this.next < s.count; k++, this.next++) this.sendValue(this.next, this.next);
    if (this.next >= s.count) this.next = -1;
  }

  private read(r: common.ParamRequestRead): void {
    if (!this.d.addressedToMe(r.targetSystem, r.targetComponent)) return;
    const i = r.paramIndex >= 0 ? r.paramIndex : this.d.store.indexOf(r.paramId);
    if (i >= 0 && i < this.d.store.count) this.sendValue(i, i);
  }

  private set(p: common.ParamSet): void {
    if (!this.d.addressedToMe(p.targetSystem, p.targetComponent)) return;
    const r = this.d.store.set(p.paramId, p.paramValue);
    if (!r) return;
    if (r.status === 'readonly') this.d.text(common.MavSeverity.WARNING, `Param write denied (${p.paramId})`);
    this.sendValue(this.d.store.indexOf(p.paramId), NO_INDEX);
  }

  private sendValue(i: number, reportedIndex: number): void {
    const s = this.d.store;
    const def = s.def(i);
    if (!def) return;
    const v = new common.ParamValue();
    v.paramId = def.name;
    v.paramValue = s.valueAt(i);
    v.paramType = def.type;
    v.paramCount = s.count;
    v.paramIndex = reportedIndex;
    this.d.send(v);
  }
}
