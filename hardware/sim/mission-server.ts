/**
 * The vehicle side of the MAVLink mission protocol, for mission, fence and rally lists.
 *
 * Upload (ground → vehicle) is a state machine on the clock: MISSION_COUNT starts it; the vehicle
 * asks for each item in order (MISSION_REQUEST_INT, or legacy MISSION_REQUEST as ArduPilot does),
 * re-asks for the same item after 250 ms of silence, and gives up with MISSION_ACK
 * OPERATION_CANCELLED after 8 s without the item (32 re-asks), as ArduPilot's upload timeout does.
 * Items out of sequence are ignored (the re-ask fetches the right one). A bad item ends the transfer at once with the matching MAV_MISSION_RESULT; the list is
 * stored only when every item is in and the whole list checks out, then ACK ACCEPTED. One upload
 * at a time: another sender (or another list) gets MAV_MISSION_DENIED; the same sender repeating
 * MISSION_COUNT restarts. A repeated last item after the ACK gets the ACK again (it was lost).
 *
 * Download (vehicle → ground) is stateless: MISSION_REQUEST_LIST → MISSION_COUNT, and any
 * MISSION_REQUEST_INT / MISSION_REQUEST → that item as MISSION_ITEM_INT.
 */
import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../missions/mission-item.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { InboundMessage } from '../mavlink/frame.js';
import { itemFromInt, itemFromLegacy, missionItemInt } from '../vehicle/mission-transfer/mission-messages.js';
import { MISSION_TYPE_ALL, MISSION_TYPE_NUM, checkItem, checkList, missionTypeOf, type MissionStore } from './mission-store.js';

export const MISSION_MSG = {
  MISSION_ITEM: 39,
  MISSION_REQUEST: 40,
  MISSION_SET_CURRENT: 41,
  MISSION_CURRENT: 42,
  MISSION_REQUEST_LIST: 43,
  MISSION_COUNT: 44,
  MISSION_CLEAR_ALL: 45,
  MISSION_ITEM_REACHED: 46,
  MISSION_ACK: 47,
  MISSION_REQUEST_INT: 51,
  MISSION_ITEM_INT: 73,
} as const;

/** Silence before the vehicle asks for the same item again, ms of clock time. */
export const ITEM_RETRY_MS = 250;
/** Re-asks for one item before the upload is abandoned: 8 s, so a lossy radio link is ridden out. */
export const ITEM_RETRIES = 32;
/** Default most items a list may hold (MAV_MISSION_NO_SPACE above it). */
export const DEFAULT_MAX_ITEMS = 700;

const R = common.MavMissionResult;

interface Peer {
  sysid: number;
  compid: number;
}

type Step =
  | { kind: 'idle' }
  | { kind: 'receiving'; type: MissionType; count: number; next: number; retries: number; items: MissionItem[]; peer: Peer; timer: TimerHandle | null };

export interface MissionServerDeps {
  store: MissionStore;
  clock: Clock;
  send: (data: MavLinkData) => void;
  addressedToMe: (targetSystem: number, targetComponent: number) => boolean;
  /** MISSION_SET_CURRENT: true when `seq` was taken. */
  setCurrent: (seq: number) => boolean;
  /** Ask with MISSION_REQUEST (as ArduPilot does) instead of MISSION_REQUEST_INT. */
  legacyRequests?: boolean;
  maxItems?: number;
}

export class MissionServer {
  private step: Step = { kind: 'idle' };
  /** The last upload that completed, so a lost final ACK can be sent again. */
  private last: { type: MissionType; count: number; peer: Peer } | null = null;
  private readonly maxItems: number;

  constructor(private readonly d: MissionServerDeps) {
    this.maxItems = d.maxItems ?? DEFAULT_MAX_ITEMS;
  }

  /** True while an upload is in progress. */
  get receiving(): boolean {
    return this.step.kind === 'receiving';
  }

  /** Routes one inbound message; true when it belonged to the mission protocol. */
  handle(m: InboundMessage): boolean {
    switch (m.msgid) {
      case MISSION_MSG.MISSION_COUNT: this.onCount(m); return true;
      case MISSION_MSG.MISSION_ITEM_INT: this.onItem(m, true); return true;
      case MISSION_MSG.MISSION_ITEM: this.onItem(m, false); return true;
      case MISSION_MSG.MISSION_REQUEST_LIST: this.onRequestList(m); return true;
      case MISSION_MSG.MISSION_REQUEST_INT:
      case MISSION_MSG.MISSION_REQUEST: this.onRequest(m); return true;
      case MISSION_MSG.MISSION_CLEAR_ALL: this.onClearAll(m); return true;
      case MISSION_MSG.MISSION_SET_CURRENT: this.onSetCurrent(m); return true;
      case MISSION_MSG.MISSION_ACK: this.onAck(m); return true;
      default: return false;
    }
  }

  /** Abandons an upload in progress without a word (the vehicle is shutting down). */
  stop(): void {
    if (this.step.kind === 'receiving' && this.step.timer) this.d.clock.clear(this.step.timer);
    this.step = { kind: 'idle' };
  }

  private onCount(m: InboundMessage): void {
    const c = m.data as common.MissionCount;
    if (!this.d.addressedToMe(c.targetSystem, c.targetComponent)) return;
    const peer = { sysid: m.sysid, compid: m.compid };
    const type = missionTypeOf(c.missionType);
    if (!type) return this.ack(peer, c.missionType, R.UNSUPPORTED);
    const s = this.step;
    if (s.kind === 'receiving') {
      // The same sender starting over (its COUNT retry, or a fresh upload) restarts; anyone else waits.
      if (s.peer.sysid !== peer.sysid || s.peer.compid !== peer.compid || s.type !== type) return this.ack(peer, c.missionType, R.DENIED);
      this.stop();
    }
    if (c.count > this.maxItems) return this.ack(peer, c.missionType, R.NO_SPACE);
    if (c.count === 0) {
      this.d.store.clear(type);
      this.last = { type, count: 0, peer };
      return this.ack(peer, c.missionType, R.ACCEPTED);
    }
    this.step = { kind: 'receiving', type, count: c.count, next: 0, retries: 0, items: [], peer, timer: null };
    this.request();
  }

  private onItem(m: InboundMessage, viaInt: boolean): void {
    const it = m.data as common.MissionItemInt | common.MissionItem;
    if (!this.d.addressedToMe(it.targetSystem, it.targetComponent)) return;
    const s = this.step;
    const type = missionTypeOf(it.missionType);
    if (s.kind !== 'receiving') {
      // Our ACK was lost and the sender repeats its last item: say it again.
      const l = this.last;
      if (l && type === l.type && it.seq === l.count - 1 && m.sysid === l.peer.sysid && m.compid === l.peer.compid) this.ack(l.peer, MISSION_TYPE_NUM[l.type], R.ACCEPTED);
      return;
    }
    if (type !== s.type || m.sysid !== s.peer.sysid || m.compid !== s.peer.compid) return;
    if (it.seq !== s.next) return; // a duplicate or a jump ahead: the re-ask fetches the right one
    const item = viaInt ? itemFromInt(it as common.MissionItemInt) : itemFromLegacy(it as common.MissionItem);
    const check = checkItem(s.type, item);
    if (check !== R.ACCEPTED) return this.finish(check);
    s.items.push(item);
    s.next++;
    s.retries = 0;
    if (s.next < s.count) return this.request();
    this.finish(checkList(s.type, s.items));
  }

  private onTimeout(): void {
    const s = this.step;
    if (s.kind !== 'receiving') return;
    s.timer = null;
    if (s.retries >= ITEM_RETRIES) return this.finish(R.OPERATION_CANCELLED);
    s.retries++;
    this.request();
  }

  /** Ends the upload: stores the list when accepted, and sends the one MISSION_ACK. */
  private finish(result: number, reply = true): void {
    const s = this.step;
    if (s.kind !== 'receiving') return;
    this.stop();
    if (result === R.ACCEPTED) {
      this.d.store.replace(s.type, s.items);
      this.last = { type: s.type, count: s.count, peer: s.peer };
    }
    if (reply) this.ack(s.peer, MISSION_TYPE_NUM[s.type], result);
  }

  private request(): void {
    const s = this.step;
    if (s.kind !== 'receiving') return;
    // One timer at a time: an answer restarts the wait for the next item.
    if (s.timer) this.d.clock.clear(s.timer);
    const r = this.d.legacyRequests ? new common.MissionRequest() : new common.MissionRequestInt();
    r.seq = s.next;
    r.targetSystem = s.peer.sysid;
    r.targetComponent = s.peer.compid;
    r.missionType = MISSION_TYPE_NUM[s.type];
    this.d.send(r);
    s.timer = this.d.clock.setTimeout(() => this.onTimeout(), ITEM_RETRY_MS);
  }

  private onAck(m: InboundMessage): void {
    const a = m.data as common.MissionAck;
    const s = this.step;
    // A ground station may cancel its own upload with an ACK; download ACKs need nothing.
    if (s.kind === 'receiving' && m.sysid === s.peer.sysid && m.compid === s.peer.compid && a.missionType === MISSION_TYPE_NUM[s.type]) {
      this.finish(R.OPERATION_CANCELLED, false);
    }
  }

  private onRequestList(m: InboundMessage): void {
    const r = m.data as common.MissionRequestList;
    if (!this.d.addressedToMe(r.targetSystem, r.targetComponent)) return;
    const type = missionTypeOf(r.missionType);
    const peer = { sysid: m.sysid, compid: m.compid };
    if (!type) return this.ack(peer, r.missionType, R.UNSUPPORTED);
    const c = new common.MissionCount();
    c.count = this.d.store.count(type);
    c.targetSystem = peer.sysid;
    c.targetComponent = peer.compid;
    c.missionType = r.missionType;
    c.opaqueId = 0;
    this.d.send(c);
  }

  private onRequest(m: InboundMessage): void {
    const r = m.data as common.MissionRequestInt | common.MissionRequest;
    if (!this.d.addressedToMe(r.targetSystem, r.targetComponent)) return;
    const type = missionTypeOf(r.missionType);
    const peer = { sysid: m.sysid, compid: m.compid };
    if (!type) return this.ack(peer, r.missionType, R.UNSUPPORTED);
    const item = this.d.store.items(type)[r.seq];
    if (!item) return this.ack(peer, r.missionType, R.INVALID_SEQUENCE);
    this.d.send(missionItemInt({ targetSystem: peer.sysid, targetComponent: peer.compid }, type, item));
  }

  private onClearAll(m: InboundMessage): void {
    const c = m.data as common.MissionClearAll;
    if (!this.d.addressedToMe(c.targetSystem, c.targetComponent)) return;
    const peer = { sysid: m.sysid, compid: m.compid };
    const types = c.missionType === MISSION_TYPE_ALL ? (['mission', 'fence', 'rally'] as const) : [missionTypeOf(c.missionType)];
    if (types.some((t) => t === null)) return this.ack(peer, c.missionType, R.UNSUPPORTED);
    for (const t of types) if (t) this.d.store.clear(t);
    this.ack(peer, c.missionType, R.ACCEPTED);
  }

  private onSetCurrent(m: InboundMessage): void {
    const c = m.data as common.MissionSetCurrent;
    if (!this.d.addressedToMe(c.targetSystem, c.targetComponent)) return;
    // The answer is the next MISSION_CURRENT (sent on change by the autopilot); a bad seq changes nothing.
    this.d.setCurrent(c.seq);
  }

  private ack(peer: Peer, missionType: number, result: number): void {
    const a = new common.MissionAck();
    a.targetSystem = peer.sysid;
    a.targetComponent = peer.compid;
    a.type = result;
    a.missionType = missionType;
    a.opaqueId = 0;
    this.d.send(a);
  }
}
