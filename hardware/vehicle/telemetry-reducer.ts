/**
 * Reduces one vehicle's MAVLink messages into its live {@link VehicleTelemetry}, in place.
 * On the hot path: one switch on the message id, no allocation for steady-state updates.
 * Feed it only the autopilot component's messages (other components keep their own sequence numbers).
 */
import type { common, minimal, standard } from 'node-mavlink';
import type { InboundMessage } from '../mavlink/frame.js';
import { classifyFirmware, modeName } from './flight-modes.js';
import { MSG } from './message-ids.js';
import { MISSION_PROGRESS_MSG, reduceMissionCurrent, reduceMissionItemReached } from './mission-progress.js';
import type { VehicleTelemetry } from './telemetry.js';

/** How many STATUSTEXT entries a vehicle keeps. */
export const STATUS_TEXT_LIMIT = 50;

/**
 * Packet-loss rule. Each frame's sequence number should be the previous one + 1 (mod 256).
 * - A forward gap of n ≤ 128 counts n lost frames.
 * - Anything else is a frame from behind: a duplicate, a late (reordered) frame or a counter that
 *   restarted. It is not counted and does not move the expected number, so a late frame does not
 *   make the next in-order frame look like a gap; a late frame is not subtracted from the losses.
 *   A restarted counter catches up within 128 frames.
 * - After at least {@link SEQ_RESYNC_AFTER_MS} of silence the counter resyncs without counting:
 *   an outage is reported as link loss, not packet loss, and a vehicle that rebooted meanwhile
 *   restarts its counter anywhere.
 */
export const SEQ_RESYNC_AFTER_MS = 3000;
const SEQ_MAX_GAP = 128;

/** A source is preferred while it was heard this recently (ms). */
const VFR_HUD_FRESH_MS = 2500;
const GPI_HEADING_FRESH_MS = 2500;
const BATTERY_STATUS_FRESH_MS = 5000;
/** Chunked STATUSTEXT parts arriving later than this after the previous part start a new text. */
const STATUSTEXT_CHUNK_MS = 2000;
const STATUSTEXT_CHUNK_LEN = 50;

const UINT16_MAX = 65535;
const MAV_MODE_FLAG_SAFETY_ARMED = 128;
const MAV_STATE_NAMES = ['uninit', 'boot', 'calibrating', 'standby', 'active', 'critical', 'emergency', 'poweroff', 'flight_termination'];

/** Bookkeeping the reducer needs but the dashboard does not: kept off the plain data under a symbol. */
interface Aux {
  seenHeartbeat: boolean;
  lastSeq: number;
  vfrHudAt: number;
  gpiHeadingAt: number;
  batteryStatusAt: number;
  chunkId: number;
  chunkNext: number;
  chunkSeverity: number;
  chunkText: string;
  chunkAt: number;
}

const AUX = Symbol('telemetry-aux');
type Reduced = VehicleTelemetry & { [AUX]?: Aux };

function attachAux(state: Reduced): Aux {
  const aux: Aux = {
    seenHeartbeat: false,
    lastSeq: -1,
    vfrHudAt: -Infinity,
    gpiHeadingAt: -Infinity,
    batteryStatusAt: -Infinity,
    chunkId: 0,
    chunkNext: 0,
    chunkSeverity: 0,
    chunkText: '',
    chunkAt: -Infinity,
  };
  // Not enumerable: spreads, JSON and structured clones of the telemetry stay plain data.
  Object.defineProperty(state, AUX, { value: aux, enumerable: false, writable: false });
  return aux;
}

/** Fresh telemetry for a vehicle not heard from yet. */
export function createTelemetry(sysid: number, compid: number): VehicleTelemetry {
  const state: VehicleTelemetry = {
    sysid,
    compid,
    vehicleType: 0,
    autopilot: 0,
    firmware: 'generic',
    mode: 'UNKNOWN',
    baseMode: 0,
    customMode: 0,
    armed: false,
    systemStatus: 'uninit',
    position: null,
    heading: null,
    groundSpeed: null,
    climbRate: null,
    airSpeed: null,
    attitude: null,
    battery: { percent: null, voltage: null, current: null },
    gps: { fixType: 0, satellites: null, hdop: null },
    home: null,
    statusTexts: [],
    lastHeard: 0,
    lastHeartbeat: 0,
    packets: { received: 0, lost: 0 },
    mission: { current: null, count: null, lastReached: null, state: null },
    uid: null,
  };
  attachAux(state);
  return state;
}

/**
 * Applies one message to `state` (mutating it and its nested objects) at clock time `now`.
 * Returns true when a field the dashboard shows changed; `lastHeard`, `lastHeartbeat` and the
 * received-frame count change on every message and do not count.
 */
export function reduceTelemetry(state: VehicleTelemetry, msg: InboundMessage, now: number): boolean {
  const s = state as Reduced;
  const aux = s[AUX] ?? attachAux(s);
  let changed = countSequence(s, aux, msg.seq, now);
  s.lastHeard = now;

  switch (msg.msgid) {
    case MSG.HEARTBEAT: return reduceHeartbeat(s, aux, msg.data as minimal.Heartbeat, now) || changed;
    case MSG.GLOBAL_POSITION_INT: return reduceGlobalPosition(s, aux, msg.data as common.GlobalPositionInt, now) || changed;
    case MSG.ATTITUDE: {
      const d = msg.data as common.Attitude;
      const a = s.attitude;
      if (a === null) {
        s.attitude = { roll: d.roll, pitch: d.pitch, yaw: d.yaw };
        return true;
      }
      if (a.roll !== d.roll || a.pitch !== d.pitch || a.yaw !== d.yaw) {
        a.roll = d.roll;
        a.pitch = d.pitch;
        a.yaw = d.yaw;
        changed = true;
      }
      return changed;
    }
    case MSG.VFR_HUD: return reduceVfrHud(s, aux, msg.data as common.VfrHud, now) || changed;
    case MSG.SYS_STATUS: {
      if (now - aux.batteryStatusAt < BATTERY_STATUS_FRESH_MS) return changed;
      const d = msg.data as common.SysStatus;
      return setBattery(s,
        d.batteryRemaining === -1 ? null : d.batteryRemaining,
        d.voltageBattery === UINT16_MAX ? null : d.voltageBattery / 1000,
        d.currentBattery === -1 ? null : d.currentBattery / 100) || changed;
    }
    case MSG.BATTERY_STATUS: {
      const d = msg.data as common.BatteryStatus;
      if (d.id !== 0) return changed; // the primary battery only
      aux.batteryStatusAt = now;
      return setBattery(s,
        d.batteryRemaining === -1 ? null : d.batteryRemaining,
        cellSum(d.voltages, d.voltagesExt),
        d.currentBattery === -1 ? null : d.currentBattery / 100) || changed;
    }
    case MSG.GPS_RAW_INT: {
      const d = msg.data as common.GpsRawInt;
      const g = s.gps;
      const fix = d.fixType as number;
      const sats = d.satellitesVisible === 255 ? null : d.satellitesVisible;
      const hdop = d.eph === UINT16_MAX ? null : d.eph / 100;
      if (g.fixType !== fix || g.satellites !== sats || g.hdop !== hdop) {
        g.fixType = fix;
        g.satellites = sats;
        g.hdop = hdop;
        changed = true;
      }
      return changed;
    }
    case MSG.HOME_POSITION: {
      const d = msg.data as common.HomePosition;
      const lat = d.latitude / 1e7;
      const lon = d.longitude / 1e7;
      const altMsl = d.altitude / 1000;
      const h = s.home;
      if (h === null) {
        s.home = { lat, lon, altMsl };
        return true;
      }
      if (h.lat !== lat || h.lon !== lon || h.altMsl !== altMsl) {
        h.lat = lat;
        h.lon = lon;
        h.altMsl = altMsl;
        changed = true;
      }
      return changed;
    }
    case MSG.STATUSTEXT: return reduceStatusText(s, aux, msg.data as common.StatusText, now) || changed;
    case MISSION_PROGRESS_MSG.MISSION_CURRENT: return reduceMissionCurrent(s.mission, msg.data as common.MissionCurrent) || changed;
    case MISSION_PROGRESS_MSG.MISSION_ITEM_REACHED: return reduceMissionItemReached(s.mission, msg.data as common.MissionItemReached) || changed;
    case MSG.AUTOPILOT_VERSION: {
      const uid = uidOf(msg.data as standard.AutopilotVersion);
      if (uid !== null && uid !== s.uid) {
        s.uid = uid;
        changed = true;
      }
      return changed;
    }
    default:
      return changed;
  }
}

/** Packet accounting per the rule on {@link SEQ_RESYNC_AFTER_MS}; true when the lost count grew. */
function countSequence(s: VehicleTelemetry, aux: Aux, seq: number, now: number): boolean {
  const p = s.packets;
  p.received++;
  const last = aux.lastSeq;
  if (last < 0 || now - s.lastHeard >= SEQ_RESYNC_AFTER_MS) {
    aux.lastSeq = seq;
    return false;
  }
  const gap = (seq - last - 1) & 0xff;
  if (gap > SEQ_MAX_GAP) return false;
  aux.lastSeq = seq;
  if (gap === 0) return false;
  p.lost += gap;
  return true;
}

function reduceHeartbeat(s: VehicleTelemetry, aux: Aux, d: minimal.Heartbeat, now: number): boolean {
  let changed = false;
  s.lastHeartbeat = now;
  const type = d.type as number;
  const autopilot = d.autopilot as number;
  const baseMode = d.baseMode as number;
  const customMode = d.customMode;
  let remode = !aux.seenHeartbeat;
  aux.seenHeartbeat = true;
  if (type !== s.vehicleType || autopilot !== s.autopilot) {
    s.vehicleType = type;
    s.autopilot = autopilot;
    s.firmware = classifyFirmware(autopilot, type);
    remode = true;
    changed = true;
  }
  if (customMode !== s.customMode || remode) {
    s.customMode = customMode;
    const name = modeName(s.firmware, customMode);
    if (name !== s.mode) {
      s.mode = name;
      changed = true;
    }
  }
  if (baseMode !== s.baseMode) {
    s.baseMode = baseMode;
    const armed = (baseMode & MAV_MODE_FLAG_SAFETY_ARMED) !== 0;
    if (armed !== s.armed) {
      s.armed = armed;
      changed = true;
    }
  }
  const status = MAV_STATE_NAMES[d.systemStatus as number] ?? `state(${d.systemStatus as number})`;
  if (status !== s.systemStatus) {
    s.systemStatus = status;
    changed = true;
  }
  return changed;
}

function reduceGlobalPosition(s: VehicleTelemetry, aux: Aux, d: common.GlobalPositionInt, now: number): boolean {
  let changed = false;
  // Exactly 0,0 is what autopilots send before they have a position estimate: not a place to draw.
  if (d.lat !== 0 || d.lon !== 0) {
    const lat = d.lat / 1e7;
    const lon = d.lon / 1e7;
    const altMsl = d.alt / 1000;
    const altRel = d.relativeAlt / 1000;
    const p = s.position;
    if (p === null) {
      s.position = { lat, lon, altMsl, altRel };
      changed = true;
    } else if (p.lat !== lat || p.lon !== lon || p.altMsl !== altMsl || p.altRel !== altRel) {
      p.lat = lat;
      p.lon = lon;
      p.altMsl = altMsl;
      p.altRel = altRel;
      changed = true;
    }
  }
  if (d.hdg !== UINT16_MAX) {
    aux.gpiHeadingAt = now;
    const heading = d.hdg / 100;
    if (heading !== s.heading) {
      s.heading = heading;
      changed = true;
    }
  }
  // VFR_HUD speeds are the autopilot's own; velocities here stand in only while it is absent.
  if (now - aux.vfrHudAt >= VFR_HUD_FRESH_MS) {
    const speed = Math.hypot(d.vx, d.vy) / 100;
    const climb = -d.vz / 100;
    if (speed !== s.groundSpeed || climb !== s.climbRate) {
      s.groundSpeed = speed;
      s.climbRate = climb;
      changed = true;
    }
  }
  return changed;
}

function reduceVfrHud(s: VehicleTelemetry, aux: Aux, d: common.VfrHud, now: number): boolean {
  let changed = false;
  aux.vfrHudAt = now;
  if (d.groundspeed !== s.groundSpeed || d.airspeed !== s.airSpeed || d.climb !== s.climbRate) {
    s.groundSpeed = d.groundspeed;
    s.airSpeed = d.airspeed;
    s.climbRate = d.climb;
    changed = true;
  }
  // Whole degrees here; GLOBAL_POSITION_INT's centidegrees win while they keep coming.
  if (now - aux.gpiHeadingAt >= GPI_HEADING_FRESH_MS && d.heading !== s.heading) {
    s.heading = d.heading;
    changed = true;
  }
  return changed;
}

function setBattery(s: VehicleTelemetry, percent: number | null, voltage: number | null, current: number | null): boolean {
  const b = s.battery;
  if (b.percent === percent && b.voltage === voltage && b.current === current) return false;
  b.percent = percent;
  b.voltage = voltage;
  b.current = current;
  return true;
}

/** Pack voltage in volts from BATTERY_STATUS cells (mV; 65535 unused, 0 unused in the extension), or null. */
function cellSum(cells: ArrayLike<number>, ext: ArrayLike<number> | undefined): number | null {
  let mv = 0;
  let any = false;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c !== UINT16_MAX) {
      mv += c;
      any = true;
    }
  }
  if (ext) {
    for (let i = 0; i < ext.length; i++) {
      const c = ext[i];
      if (c !== 0 && c !== UINT16_MAX) mv += c;
    }
  }
  return any ? mv / 1000 : null;
}

function cleanText(raw: string): string {
  const nul = raw.indexOf('\0');
  return nul < 0 ? raw : raw.slice(0, nul);
}

/**
 * STATUSTEXT, including MAVLink 2 chunked texts: parts share a non-zero `id` and count up in
 * `chunk_seq`; a part shorter than the 50-character field ends the text. A part that breaks the
 * sequence first flushes what was gathered, so a lost last part never swallows a message.
 */
function reduceStatusText(s: VehicleTelemetry, aux: Aux, d: common.StatusText, now: number): boolean {
  const raw = d.text ?? '';
  const text = cleanText(raw);
  const severity = d.severity as number;
  const id = d.id ?? 0;
  let changed = false;
  if (aux.chunkId !== 0) {
    const continues = id === aux.chunkId && d.chunkSeq === aux.chunkNext && now - aux.chunkAt < STATUSTEXT_CHUNK_MS;
    if (continues) {
      aux.chunkText += text;
      aux.chunkNext++;
      aux.chunkAt = now;
      if (text.length < STATUSTEXT_CHUNK_LEN) return flushChunk(s, aux, now);
      return false;
    }
    changed = flushChunk(s, aux, now);
  }
  if (id === 0 || text.length < STATUSTEXT_CHUNK_LEN) {
    pushStatusText(s, now, severity, text);
    return true;
  }
  aux.chunkId = id;
  aux.chunkNext = d.chunkSeq + 1;
  aux.chunkSeverity = severity;
  aux.chunkText = text;
  aux.chunkAt = now;
  return changed;
}

function flushChunk(s: VehicleTelemetry, aux: Aux, now: number): boolean {
  pushStatusText(s, now, aux.chunkSeverity, aux.chunkText);
  aux.chunkId = 0;
  aux.chunkText = '';
  return true;
}

function pushStatusText(s: VehicleTelemetry, time: number, severity: number, text: string): void {
  const list = s.statusTexts;
  list.push({ time, severity, text });
  if (list.length > STATUS_TEXT_LIMIT) list.splice(0, list.length - STATUS_TEXT_LIMIT);
}

/** AUTOPILOT_VERSION uid as 16 hex digits, else uid2 as hex when uid is 0, else null. */
function uidOf(d: standard.AutopilotVersion): string | null {
  const uid = typeof d.uid === 'bigint' ? d.uid : BigInt(d.uid ?? 0);
  if (uid !== 0n) return uid.toString(16).padStart(16, '0');
  const uid2 = d.uid2;
  if (!uid2 || !Array.from(uid2).some((b) => b !== 0)) return null;
  let hex = '';
  for (const b of uid2) hex += (b & 0xff).toString(16).padStart(2, '0');
  return hex;
}
