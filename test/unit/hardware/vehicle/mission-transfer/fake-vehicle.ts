/**
 * The vehicle side of the mission protocol, written independently of the code under test: it stores
 * three lists, answers downloads, asks for upload items one by one with its own re-requests (as
 * autopilots do), and restarts an upload on a new MISSION_COUNT (as ArduPilot does). By default it
 * answers late copies as PX4 does; {@link ARDUPILOT} makes it answer them as ArduPilot does.
 */
import type { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { Clock, TimerHandle } from '../../../../../hardware/clock.js';
import type { InboundMessage } from '../../../../../hardware/mavlink/frame.js';
import type { MissionItem, MissionType } from '../../../../../missions/mission-item.js';
import { ID, itemOf, vehicleSays } from './wire.js';

const TYPES: readonly MissionType[] = ['mission', 'fence', 'rally'];

export interface FakeVehicleOptions {
  clock: Clock;
  send: (data: MavLinkData) => void;
  /** Ask for upload items with legacy MISSION_REQUEST (ArduPilot does). */
  legacyRequests?: boolean;
  /** Answer download requests with legacy MISSION_ITEM (float degrees). */
  legacyItems?: boolean;
  /** Re-request an upload item after this much silence, this many times, then give up silently. */
  retryMs?: number;
  retries?: number;
  /** An item after the upload ended: ACK ACCEPTED again (PX4, for a repeated last item) or ACK ERROR (ArduPilot). */
  lateItem?: 'reack' | 'error';
  /** An item other than the one asked for: drop it quietly, or answer INVALID_SEQUENCE and keep going (ArduPilot). */
  outOfSequence?: 'ignore' | 'nack';
}

/** ArduPilot's habits: legacy requests, a re-request each second, INVALID_SEQUENCE and ERROR answers. */
export const ARDUPILOT: Partial<FakeVehicleOptions> = { legacyRequests: true, retryMs: 1000, lateItem: 'error', outOfSequence: 'nack' };

interface Receiving {
  type: MissionType;
  count: number;
  items: MissionItem[];
}

export class FakeVehicle {
  readonly lists: Record<MissionType, MissionItem[]> = { mission: [], fence: [], rally: [] };
  /** Uploads that reached the end (after restarts, one per completed transfer). */
  completedUploads = 0;
  private receiving: Receiving | null = null;
  private lastCompleted: { type: MissionType; count: number } | null = null;
  private timer: TimerHandle | null = null;
  private retriesLeft = 0;
  private readonly o: Required<FakeVehicleOptions>;

  constructor(opts: FakeVehicleOptions) {
    this.o = { legacyRequests: false, legacyItems: false, retryMs: 300, retries: 10, lateItem: 'reack', outOfSequence: 'ignore', ...opts };
  }

  handle(msg: InboundMessage): void {
    const d = msg.data as unknown as { missionType?: number };
    const type = TYPES[d.missionType ?? 0];
    if (type === undefined) return;
    switch (msg.msgid) {
      case ID.MISSION_COUNT: return this.onCount(type, (msg.data as common.MissionCount).count);
      case ID.MISSION_ITEM_INT: return this.onItem(type, itemOf(msg.data as common.MissionItemInt));
      case ID.MISSION_REQUEST_LIST: return this.o.send(vehicleSays.count(this.lists[type].length, type));
      case ID.MISSION_REQUEST_INT:
      case ID.MISSION_REQUEST: return this.onRequest(type, (msg.data as common.MissionRequestInt).seq);
      case ID.MISSION_CLEAR_ALL:
        this.lists[type] = [];
        return this.o.send(vehicleSays.ack(0, type));
      case ID.MISSION_ACK:
        if (this.receiving?.type === type && (msg.data as common.MissionAck).type === 15) this.abandon();
        return;
      default:
    }
  }

  private onCount(type: MissionType, count: number): void {
    this.abandon();
    if (count === 0) {
      this.lists[type] = [];
      this.lastCompleted = { type, count: 0 };
      this.o.send(vehicleSays.ack(0, type));
      return;
    }
    this.receiving = { type, count, items: [] };
    this.retriesLeft = this.o.retries;
    this.requestNext();
  }

  private onItem(type: MissionType, item: MissionItem): void {
    const r = this.receiving;
    if (r === null) {
      if (this.o.lateItem === 'error') {
        this.o.send(vehicleSays.ack(1, type));
        return;
      }
      // Our ACK was lost and the ground station resent the last item: acknowledge again.
      const c = this.lastCompleted;
      if (c !== null && c.type === type && item.seq === c.count - 1) this.o.send(vehicleSays.ack(0, type));
      return;
    }
    if (r.type !== type) return;
    if (item.seq !== r.items.length) {
      if (this.o.outOfSequence === 'nack') this.o.send(vehicleSays.ack(13, type));
      return;
    }
    r.items.push(item);
    this.retriesLeft = this.o.retries;
    if (r.items.length < r.count) {
      this.requestNext();
      return;
    }
    this.abandon();
    this.lists[type] = r.items;
    this.lastCompleted = { type, count: r.count };
    this.completedUploads++;
    this.o.send(vehicleSays.ack(0, type));
  }

  private onRequest(type: MissionType, seq: number): void {
    const item = this.lists[type][seq];
    if (item === undefined) return;
    this.o.send(this.o.legacyItems ? vehicleSays.itemLegacy(item, item.x / 1e7, item.y / 1e7, type) : vehicleSays.itemInt(item, type));
  }

  private requestNext(): void {
    const r = this.receiving;
    if (r === null) return;
    this.o.send(vehicleSays.request(r.items.length, r.type, this.o.legacyRequests));
    if (this.timer !== null) this.o.clock.clear(this.timer);
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      if (this.retriesLeft-- <= 0) this.abandon();
      else this.requestNext();
    }, this.o.retryMs);
  }

  private abandon(): void {
    if (this.timer !== null) this.o.clock.clear(this.timer);
    this.timer = null;
    this.receiving = null;
  }
}
