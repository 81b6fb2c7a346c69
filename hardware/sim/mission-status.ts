/**
 * MISSION_CURRENT as the simulated autopilot reports it: the current item, the mission's length
 * (items after home; UINT16_MAX when there is none), MISSION_STATE and mission mode (1 in AUTO, 2
 * suspended). Streamed at 1 Hz by the scheduler and sent on every change, checked after each step.
 */
import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { MissionExecutor } from './mission-executor.js';
import type { MissionStore } from './mission-store.js';

const MS = common.MissionState;
const NO_MISSION_TOTAL = 65535;

export class MissionStatus {
  private readonly msg = new common.MissionCurrent();
  /** seq, total, state, mode as last sent. */
  private sent = [-1, -1, -1, -1];

  constructor(
    private readonly executor: MissionExecutor,
    private readonly missions: MissionStore,
    private readonly inAuto: () => boolean,
    private readonly send: (data: MavLinkData) => void,
  ) {
    // Boot is no change: a drone that streams nothing until asked stays quiet.
    this.sent = this.numbers();
  }

  /** MISSION_CURRENT as it stands (the message object is reused). */
  message(): common.MissionCurrent {
    const m = this.msg;
    const [seq, total, state, mode] = (this.sent = this.numbers());
    m.seq = seq;
    m.total = total;
    m.missionState = state;
    m.missionMode = mode;
    m.missionId = 0;
    m.fenceId = 0;
    m.rallyPointsId = 0;
    return m;
  }

  /** Sends MISSION_CURRENT when anything in it changed since the last one went out. */
  publish(): void {
    const now = this.numbers();
    for (let i = 0; i < now.length; i++) {
      if (now[i] !== this.sent[i]) {
        this.send(this.message());
        return;
      }
    }
  }

  /** MISSION_ITEM_REACHED for item `seq`. */
  reached(seq: number): void {
    const r = new common.MissionItemReached();
    r.seq = seq;
    this.send(r);
  }

  private numbers(): number[] {
    const e = this.executor;
    const n = this.missions.missionLength;
    const auto = this.inAuto();
    let state: number = MS.NOT_STARTED;
    if (n === 0) state = MS.NO_MISSION;
    else if (e.run === 'complete') state = MS.COMPLETE;
    else if (e.run === 'paused' || (e.run === 'running' && !auto)) state = MS.PAUSED;
    else if (e.run === 'running') state = MS.ACTIVE;
    return [e.current, n > 0 ? n : NO_MISSION_TOTAL, state, auto ? 1 : 2];
  }
}
