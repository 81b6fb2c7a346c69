/**
 * Message rate scheduler: which telemetry messages are due at each physics step.
 *
 * Each streamed message has its own interval (SET_MESSAGE_INTERVAL) and next due time; the drone
 * asks `due(now)` once per step, so there are no per-message timers. Rates faster than the step
 * rate are delivered once per step.
 */

/** Message ids the simulator can produce. */
export const MSG = {
  HEARTBEAT: 0,
  SYS_STATUS: 1,
  GPS_RAW_INT: 24,
  ATTITUDE: 30,
  GLOBAL_POSITION_INT: 33,
  MISSION_CURRENT: 42,
  VFR_HUD: 74,
  BATTERY_STATUS: 147,
  AUTOPILOT_VERSION: 148,
  HOME_POSITION: 242,
} as const;

/** Default intervals, ms; null: sent only on request. */
export const DEFAULT_INTERVALS: ReadonlyMap<number, number | null> = new Map([
  [MSG.HEARTBEAT, 1000],
  [MSG.GLOBAL_POSITION_INT, 100],
  [MSG.ATTITUDE, 100],
  [MSG.VFR_HUD, 250],
  [MSG.SYS_STATUS, 500],
  [MSG.GPS_RAW_INT, 500],
  [MSG.BATTERY_STATUS, 1000],
  [MSG.MISSION_CURRENT, 1000],
  [MSG.HOME_POSITION, 5000],
  [MSG.AUTOPILOT_VERSION, null],
]);

/** ArduPilot's grouping of messages into legacy REQUEST_DATA_STREAM groups (MAV_DATA_STREAM ids). */
export const STREAM_GROUPS: ReadonlyMap<number, readonly number[]> = new Map([
  [2, [MSG.SYS_STATUS, MSG.GPS_RAW_INT, MSG.MISSION_CURRENT]], // EXTENDED_STATUS
  [6, [MSG.GLOBAL_POSITION_INT]], // POSITION
  [10, [MSG.ATTITUDE]], // EXTRA1
  [11, [MSG.VFR_HUD]], // EXTRA2
  [12, [MSG.BATTERY_STATUS]], // EXTRA3
]);
const ALL_STREAMS = 0;
/** ArduPilot caps legacy stream rates at 50 Hz. */
const MAX_STREAM_HZ = 50;

interface Entry {
  /** Interval in ms, or null when off. */
  interval: number | null;
  due: number;
}

export class StreamScheduler {
  private readonly entries = new Map<number, Entry>();

  /**
   * @param now clock time of boot.
   * @param streamOnStart false: only HEARTBEAT runs until a ground station asks, as ArduPilot does.
   */
  constructor(now: number, streamOnStart = true) {
    for (const [id, ms] of DEFAULT_INTERVALS) {
      const on = id === MSG.HEARTBEAT || streamOnStart;
      this.entries.set(id, { interval: on ? ms : null, due: now });
    }
  }

  /** True for message ids this scheduler can stream or send on request. */
  knows(msgid: number): boolean {
    return this.entries.has(msgid);
  }

  /**
   * Applies SET_MESSAGE_INTERVAL semantics: `intervalUs` > 0 sets it, 0 restores the default,
   * -1 (any negative) stops it. Returns false for a message this vehicle cannot send.
   */
  setIntervalUs(msgid: number, intervalUs: number, now: number): boolean {
    const e = this.entries.get(msgid);
    if (!e || !Number.isFinite(intervalUs)) return false;
    if (intervalUs < 0) e.interval = null;
    else if (intervalUs === 0) e.interval = DEFAULT_INTERVALS.get(msgid) ?? null;
    else e.interval = Math.max(1, intervalUs / 1000);
    e.due = now;
    return true;
  }

  /** The interval as MESSAGE_INTERVAL reports it: µs, -1 when off, 0 when unknown. */
  intervalUs(msgid: number): number {
    const e = this.entries.get(msgid);
    if (!e) return 0;
    return e.interval === null ? -1 : Math.round(e.interval * 1000);
  }

  /**
   * Applies REQUEST_DATA_STREAM: sets every message of group `streamId` (0 for all) to `rateHz`,
   * or stops them when `start` is false or the rate is 0. Returns false for a group we do not know.
   */
  requestStream(streamId: number, rateHz: number, start: boolean, now: number): boolean {
    const ids = streamId === ALL_STREAMS ? [...STREAM_GROUPS.values()].flat() : STREAM_GROUPS.get(streamId);
    if (!ids) return false;
    const hz = start ? Math.min(rateHz, MAX_STREAM_HZ) : 0;
    for (const id of ids) this.setIntervalUs(id, hz > 0 ? 1e6 / hz : -1, now);
    // Home is not in any legacy group; a ground station asking for everything wants it too.
    if (streamId === ALL_STREAMS && hz > 0 && this.intervalUs(MSG.HOME_POSITION) < 0) this.setIntervalUs(MSG.HOME_POSITION, 0, now);
    return true;
  }

  /** Appends to `out` the ids due at `now` and schedules their next time. */
  due(now: number, out: number[]): void {
    for (const [id, e] of this.entries) {
      if (e.interval === null || now < e.due) continue;
      out.push(id);
      e.due += e.interval;
      // Fell behind (a stalled event loop, or a rate above the step rate): restart from now.
      if (e.due <= now) e.due = now + e.interval;
    }
  }
}
