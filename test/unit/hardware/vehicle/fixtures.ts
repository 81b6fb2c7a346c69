/** Messages for vehicle-layer tests, taken through the real encoder and reader so fields look as on the wire. */
import { MavLinkProtocolV2, common, minimal, standard } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { InboundMessage } from '../../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../../hardware/mavlink/reader.js';

export interface From {
  sysid?: number;
  compid?: number;
  seq?: number;
  peer?: string;
  linkId?: string;
}

/** One MAVLink 2 frame of `data` as a vehicle would send it. */
export function frameOf(data: MavLinkData, sysid = 1, compid = 1, seq = 0): Buffer {
  return new MavLinkProtocolV2(sysid, compid).serialize(data, seq & 0xff);
}

/** Decodes every frame in `bytes` with the project's reader. */
export function decodeAll(bytes: Buffer, peer = 'p', linkId = 'test://link'): InboundMessage[] {
  const out: InboundMessage[] = [];
  new MavlinkReader(linkId).push(bytes, peer, (m) => out.push(m));
  return out;
}

/** `data` encoded and decoded again, as the reader would hand it over. */
export function inbound<T extends MavLinkData>(data: T, from: From = {}): InboundMessage<T> {
  const bytes = frameOf(data, from.sysid ?? 1, from.compid ?? 1, from.seq ?? 0);
  const [msg] = decodeAll(bytes, from.peer ?? 'p', from.linkId ?? 'test://link');
  if (!msg) throw new Error('fixture did not decode');
  return msg as InboundMessage<T>;
}

export interface HeartbeatFields {
  type?: number;
  autopilot?: number;
  baseMode?: number;
  customMode?: number;
  systemStatus?: number;
}

/** HEARTBEAT with numeric fields; an ArduPilot quadcopter in STABILIZE, standby, by default. */
export function heartbeat(f: HeartbeatFields = {}): minimal.Heartbeat {
  const m = new minimal.Heartbeat();
  m.type = (f.type ?? 2) as minimal.MavType;
  m.autopilot = (f.autopilot ?? 3) as minimal.MavAutopilot;
  m.baseMode = (f.baseMode ?? 1) as minimal.MavModeFlag;
  m.customMode = f.customMode ?? 0;
  m.systemStatus = (f.systemStatus ?? 3) as minimal.MavState;
  m.mavlinkVersion = 3;
  return m;
}

/** A GCS's heartbeat (MAV_TYPE_GCS, MAV_AUTOPILOT_INVALID). */
export function gcsHeartbeat(): minimal.Heartbeat {
  return heartbeat({ type: 6, autopilot: 8, baseMode: 0, systemStatus: 4 });
}

export function globalPosition(f: Partial<Pick<common.GlobalPositionInt, 'lat' | 'lon' | 'alt' | 'relativeAlt' | 'vx' | 'vy' | 'vz' | 'hdg'>> = {}): common.GlobalPositionInt {
  const m = new common.GlobalPositionInt();
  m.lat = f.lat ?? 266000000;
  m.lon = f.lon ?? 1063000000;
  m.alt = f.alt ?? 1100000;
  m.relativeAlt = f.relativeAlt ?? 30000;
  m.vx = f.vx ?? 0;
  m.vy = f.vy ?? 0;
  m.vz = f.vz ?? 0;
  m.hdg = f.hdg ?? 65535;
  return m;
}

export function attitude(roll = 0, pitch = 0, yaw = 0): common.Attitude {
  const m = new common.Attitude();
  m.roll = roll;
  m.pitch = pitch;
  m.yaw = yaw;
  return m;
}

export function statusText(text: string, severity = 6, id = 0, chunkSeq = 0): common.StatusText {
  const m = new common.StatusText();
  m.severity = severity as common.MavSeverity;
  m.text = text;
  m.id = id;
  m.chunkSeq = chunkSeq;
  return m;
}

export function autopilotVersion(uid: bigint, uid2: number[] = []): standard.AutopilotVersion {
  const m = new standard.AutopilotVersion();
  m.capabilities = 0n as unknown as standard.MavProtocolCapability;
  m.uid = uid;
  m.uid2 = uid2;
  return m;
}

export function commandAck(command: number, result: number): common.CommandAck {
  const m = new common.CommandAck();
  m.command = command as common.MavCmd;
  m.result = result as common.MavResult;
  return m;
}
