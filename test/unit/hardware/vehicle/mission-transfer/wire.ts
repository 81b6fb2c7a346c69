/**
 * Test wiring for mission transfers: a MissionTransfer whose every send is encoded with the real
 * MavlinkWriter and decoded with the real MavlinkReader, and a vehicle end that answers with real
 * encoded frames. Scripted tests read `sent` and answer with `reply(...)` by hand.
 */
import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { ManualClock } from '../../../../../hardware/clock.js';
import type { InboundMessage } from '../../../../../hardware/mavlink/frame.js';
import { heartbeat, message } from '../../../../../hardware/mavlink/messages.js';
import { MavlinkReader } from '../../../../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../../../../hardware/mavlink/writer.js';
import { MissionTransfer } from '../../../../../hardware/vehicle/mission-transfer/mission-transfer.js';
import type { MissionTransferOptions } from '../../../../../hardware/vehicle/mission-transfer/mission-transfer.js';
import { MISSION_TYPE_ID } from '../../../../../missions/mission-item.js';
import type { MissionItem, MissionType } from '../../../../../missions/mission-item.js';

export const VEHICLE = { sysid: 1, compid: 1 } as const;
export const GCS = { sysid: 255, compid: 190 } as const;
export const NAME = 'Forest survey';

/** Message ids, written out here so the tests do not lean on the code under test. */
export const ID = {
  MISSION_ITEM: 39,
  MISSION_REQUEST: 40,
  MISSION_REQUEST_LIST: 43,
  MISSION_COUNT: 44,
  MISSION_CLEAR_ALL: 45,
  MISSION_ACK: 47,
  MISSION_REQUEST_INT: 51,
  MISSION_ITEM_INT: 73,
} as const;

/** `n` waypoints around Guiyang with float32-exact params (they cross the wire as float32). */
export function waypoints(n: number): MissionItem[] {
  return Array.from({ length: n }, (_, seq) => ({
    seq,
    frame: 3,
    command: 16,
    current: seq === 0,
    autocontinue: true,
    param1: seq % 3,
    param2: Math.fround(0.5 + seq / 8),
    param3: 0,
    param4: seq % 5 === 0 ? NaN : Math.fround(seq * 1.25),
    x: 265_800_000 + seq * 1000,
    y: 1_066_300_000 - seq * 777,
    z: Math.fround(30 + (seq % 40) * 0.5),
  }));
}

/** Decodes MAVLink frames with the project's reader, one peer per instance. */
export class Decoder {
  private readonly reader: MavlinkReader;

  constructor(linkId: string, private readonly peer: string) {
    this.reader = new MavlinkReader(linkId);
  }

  push(bytes: Buffer, onMessage: (m: InboundMessage) => void): void {
    this.reader.push(bytes, this.peer, onMessage);
  }
}

const to = { targetSystem: GCS.sysid, targetComponent: GCS.compid };

/** Vehicle-side messages, addressed to the ground station (but for the broadcast heartbeat). */
export const vehicleSays = {
  /** A quadrotor on PX4, standing by: says the vehicle is there and nothing about any transfer. */
  heartbeat(): MavLinkData {
    return heartbeat({ type: 2, autopilot: 12, baseMode: 0, customMode: 0, systemStatus: 3 });
  },
  request(seq: number, type: MissionType = 'mission', legacy = false): MavLinkData {
    return legacy
      ? message(common.MissionRequest, { ...to, seq, missionType: MISSION_TYPE_ID[type] })
      : message(common.MissionRequestInt, { ...to, seq, missionType: MISSION_TYPE_ID[type] });
  },
  count(count: number, type: MissionType = 'mission'): MavLinkData {
    return message(common.MissionCount, { ...to, count, missionType: MISSION_TYPE_ID[type] });
  },
  ack(result: number, type: MissionType = 'mission'): MavLinkData {
    return message(common.MissionAck, { ...to, type: result, missionType: MISSION_TYPE_ID[type] });
  },
  itemInt(item: MissionItem, type: MissionType = 'mission'): MavLinkData {
    return message(common.MissionItemInt, {
      ...to,
      seq: item.seq,
      frame: item.frame,
      command: item.command,
      current: item.current ? 1 : 0,
      autocontinue: item.autocontinue ? 1 : 0,
      param1: item.param1,
      param2: item.param2,
      param3: item.param3,
      param4: item.param4,
      x: item.x,
      y: item.y,
      z: item.z,
      missionType: MISSION_TYPE_ID[type],
    });
  },
  /** Legacy MISSION_ITEM: x/y as float degrees (global) or metres (local). */
  itemLegacy(item: MissionItem, x: number, y: number, type: MissionType = 'mission'): MavLinkData {
    return message(common.MissionItem, {
      ...to,
      seq: item.seq,
      frame: item.frame,
      command: item.command,
      current: item.current ? 1 : 0,
      autocontinue: item.autocontinue ? 1 : 0,
      param1: item.param1,
      param2: item.param2,
      param3: item.param3,
      param4: item.param4,
      x,
      y,
      z: item.z,
      missionType: MISSION_TYPE_ID[type],
    });
  },
};

/** The item a MISSION_ITEM_INT carries, read field by field. */
export function itemOf(m: common.MissionItemInt): MissionItem {
  return {
    seq: m.seq,
    frame: m.frame as number,
    command: m.command as number,
    current: m.current === 1,
    autocontinue: m.autocontinue === 1,
    param1: m.param1,
    param2: m.param2,
    param3: m.param3,
    param4: m.param4,
    x: m.x,
    y: m.y,
    z: m.z,
  };
}

export interface Scripted {
  clock: ManualClock;
  mt: MissionTransfer;
  /** Everything the transfer sent, as the vehicle decoded it. */
  sent: InboundMessage[];
  /** Sends `data` from the vehicle (or from `from`) to the transfer as a real frame. */
  reply(data: MavLinkData, from?: { sysid: number; compid: number }): void;
  /** Sent messages of one id. */
  sentOf<T extends MavLinkData>(msgid: number): T[];
  /** Sent messages since the last `take()`, emptied. */
  take(): InboundMessage[];
  /** Makes the send port throw (as a closed link might) until set back to false. */
  failSends(failing: boolean): void;
}

/** A transfer against a vehicle the test plays by hand. */
export function scripted(opts: Partial<MissionTransferOptions> = {}): Scripted {
  const clock = new ManualClock(1000);
  const gcsWriter = new MavlinkWriter(GCS.sysid, GCS.compid);
  const atVehicle = new Decoder('test://vehicle', 'gcs');
  const sent: InboundMessage[] = [];
  let taken = 0;
  let failing = false;
  const mt = new MissionTransfer({
    clock,
    send: (d) => {
      if (failing) throw new Error('link closed');
      atVehicle.push(gcsWriter.encode(d), (m) => sent.push(m));
    },
    targetSystem: VEHICLE.sysid,
    targetComponent: VEHICLE.compid,
    vehicleName: NAME,
    ...opts,
  });
  const writers = new Map<string, MavlinkWriter>();
  const atGcs = new Decoder('test://gcs', 'vehicle');
  return {
    clock,
    mt,
    sent,
    reply(data, from = VEHICLE) {
      const key = `${from.sysid}/${from.compid}`;
      let w = writers.get(key);
      if (!w) writers.set(key, (w = new MavlinkWriter(from.sysid, from.compid)));
      atGcs.push(w.encode(data), (m) => mt.handle(m));
    },
    sentOf<T extends MavLinkData>(msgid: number): T[] {
      return sent.filter((m) => m.msgid === msgid).map((m) => m.data as T);
    },
    take() {
      const out = sent.slice(taken);
      taken = sent.length;
      return out;
    },
    failSends(f) {
      failing = f;
    },
  };
}

/** Name and key fields of a sent message, for compact assertions. */
export function describeSent(m: InboundMessage): string {
  const d = m.data as unknown as Record<string, number>;
  switch (m.msgid) {
    case ID.MISSION_COUNT: return `COUNT ${d.count}`;
    case ID.MISSION_ITEM_INT: return `ITEM ${d.seq}`;
    case ID.MISSION_REQUEST_LIST: return 'REQUEST_LIST';
    case ID.MISSION_REQUEST_INT: return `REQUEST ${d.seq}`;
    case ID.MISSION_CLEAR_ALL: return 'CLEAR_ALL';
    case ID.MISSION_ACK: return `ACK ${d.type}`;
    default: return `msg ${m.msgid}`;
  }
}

/** Collects a promise's outcome without awaiting, so tests can look while the clock is stopped. */
export function track<T>(p: Promise<T>): { readonly settled: boolean; readonly value: T | undefined; readonly error: unknown } {
  const s = { settled: false, value: undefined as T | undefined, error: undefined as unknown };
  p.then((v) => {
    s.settled = true;
    s.value = v;
  }, (e: unknown) => {
    s.settled = true;
    s.error = e;
  });
  return s;
}

/** Lets promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
