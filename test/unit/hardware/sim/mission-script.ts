/** A scripted ground-station side of the mission and parameter protocols, plus item builders, for simulator tests. */
import { common } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../../../missions/mission-item.js';
import type { InboundMessage } from '../../../../hardware/mavlink/frame.js';
import { LocalFrame } from '../../../../hardware/sim/world.js';
import { HOME, type GroundStation } from './ground-station.js';

const C = common.MavCmd;
const TYPE: Record<MissionType, number> = { mission: 0, fence: 1, rally: 2 };
const FRAME_REL = common.MavFrame.GLOBAL_RELATIVE_ALT;
const frame = new LocalFrame(HOME);

/** An item at `east`/`north` metres from HOME; seq is filled in by `numbered`. */
export function item(command: number, east = 0, north = 0, z = 0, params: Partial<Pick<MissionItem, 'param1' | 'param2' | 'param3' | 'param4' | 'frame'>> = {}): MissionItem {
  const p = east === 0 && north === 0 ? { lat: 0, lon: 0 } : frame.toGeo(east, north);
  return {
    seq: 0, frame: FRAME_REL, command, current: false, autocontinue: true,
    param1: 0, param2: 0, param3: 0, param4: 0, ...params,
    x: Math.round(p.lat * 1e7), y: Math.round(p.lon * 1e7), z,
  };
}

export const home = (): MissionItem => item(C.NAV_WAYPOINT, 0, 0, 0, { frame: common.MavFrame.GLOBAL });
export const takeoff = (alt: number): MissionItem => item(C.NAV_TAKEOFF, 0, 0, alt);
export const waypoint = (east: number, north: number, alt: number, hold = 0): MissionItem => item(C.NAV_WAYPOINT, east, north, alt, { param1: hold });
export const rtl = (): MissionItem => item(C.NAV_RETURN_TO_LAUNCH);
export const land = (east = 0, north = 0): MissionItem => item(C.NAV_LAND, east, north, 0);
export const jump = (target: number, repeat: number): MissionItem => item(C.DO_JUMP, 0, 0, 0, { param1: target, param2: repeat, frame: common.MavFrame.MISSION });

/** Gives items their sequence numbers in order. */
export function numbered(items: MissionItem[]): MissionItem[] {
  return items.map((it, seq) => ({ ...it, seq }));
}

export interface UploadResult {
  /** MISSION_ACK type, or null when none came. */
  result: number | null;
  /** Sequence numbers the vehicle asked for, in order, with clock times. */
  requests: { seq: number; at: number; legacy: boolean }[];
}

/**
 * Uploads `items` to `sysid` as a ground station does, answering each request with MISSION_ITEM_INT
 * unless `drop(seq, nth)` (nth: how many times that seq was asked so far, from 1) says to stay silent.
 */
export async function upload(
  gcs: GroundStation,
  sysid: number,
  items: MissionItem[],
  opts: { type?: MissionType; drop?: (seq: number, nth: number) => boolean; maxMs?: number } = {},
): Promise<UploadResult> {
  const type = opts.type ?? 'mission';
  const list = numbered(items);
  const asked = new Map<number, number>();
  const out: UploadResult = { result: null, requests: [] };
  const stop = gcs.listen((m: InboundMessage) => {
    if (m.msgid === 51 || m.msgid === 40) {
      const r = m.data as common.MissionRequestInt;
      if (r.missionType !== TYPE[type]) return;
      const nth = (asked.get(r.seq) ?? 0) + 1;
      asked.set(r.seq, nth);
      out.requests.push({ seq: r.seq, at: gcs.now(), legacy: m.msgid === 40 });
      if (opts.drop?.(r.seq, nth)) return;
      const it = list[r.seq];
      if (it) gcs.send(toItemInt(it, sysid, TYPE[type]));
    } else if (m.msgid === 47) {
      const a = m.data as common.MissionAck;
      if (a.missionType === TYPE[type]) out.result = a.type;
    }
  });
  const count = new common.MissionCount();
  Object.assign(count, { targetSystem: sysid, targetComponent: 1, count: list.length, missionType: TYPE[type], opaqueId: 0 });
  gcs.send(count);
  try {
    await gcs.runUntil('MISSION_ACK', () => out.result !== null, opts.maxMs ?? 5000, 10);
  } finally {
    stop();
  }
  return out;
}

/** Downloads list `type` from `sysid` item by item; returns the items as received. */
export async function download(gcs: GroundStation, sysid: number, type: MissionType = 'mission'): Promise<MissionItem[]> {
  let count: number | null = null;
  const got = new Map<number, MissionItem>();
  const stop = gcs.listen((m) => {
    if (m.msgid === 44 && (m.data as common.MissionCount).missionType === TYPE[type]) count = (m.data as common.MissionCount).count;
    if (m.msgid === 73) {
      const it = m.data as common.MissionItemInt;
      if (it.missionType !== TYPE[type]) return;
      got.set(it.seq, {
        seq: it.seq, frame: it.frame, command: it.command, current: it.current !== 0, autocontinue: it.autocontinue !== 0,
        param1: it.param1, param2: it.param2, param3: it.param3, param4: it.param4, x: it.x, y: it.y, z: it.z,
      });
    }
  });
  try {
    const list = new common.MissionRequestList();
    Object.assign(list, { targetSystem: sysid, targetComponent: 1, missionType: TYPE[type] });
    gcs.send(list);
    await gcs.runUntil('MISSION_COUNT', () => count !== null, 2000, 10);
    for (let seq = 0; seq < count!; seq++) {
      const r = new common.MissionRequestInt();
      Object.assign(r, { targetSystem: sysid, targetComponent: 1, seq, missionType: TYPE[type] });
      gcs.send(r);
      await gcs.runUntil(`item ${seq}`, () => got.has(seq), 2000, 10);
    }
    const ack = new common.MissionAck();
    Object.assign(ack, { targetSystem: sysid, targetComponent: 1, type: 0, missionType: TYPE[type], opaqueId: 0 });
    gcs.send(ack);
  } finally {
    stop();
  }
  return [...got.values()];
}

function toItemInt(it: MissionItem, sysid: number, missionType: number): common.MissionItemInt {
  const m = new common.MissionItemInt();
  Object.assign(m, {
    ...it, current: it.current ? 1 : 0, autocontinue: it.autocontinue ? 1 : 0, targetSystem: sysid, targetComponent: 1, missionType,
  });
  return m;
}

/** Sends PARAM_SET. */
export function paramSet(gcs: GroundStation, sysid: number, name: string, value: number, type = common.MavParamType.REAL32): void {
  const p = new common.ParamSet();
  Object.assign(p, { targetSystem: sysid, targetComponent: 1, paramId: name, paramValue: value, paramType: type });
  gcs.send(p);
}

/** Sends PARAM_REQUEST_READ by name (index -1) or by index. */
export function paramRead(gcs: GroundStation, sysid: number, nameOrIndex: string | number): void {
  const p = new common.ParamRequestRead();
  const byName = typeof nameOrIndex === 'string';
  Object.assign(p, { targetSystem: sysid, targetComponent: 1, paramId: byName ? nameOrIndex : '', paramIndex: byName ? -1 : nameOrIndex });
  gcs.send(p);
}
