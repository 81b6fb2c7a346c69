/**
 * Asks a vehicle for the telemetry the dashboard needs, and for its AUTOPILOT_VERSION.
 * Many autopilots (ArduPilot especially) stream almost nothing until a ground station asks.
 *
 * Streams: after the first heartbeat, wait `firstWaitMs` for GLOBAL_POSITION_INT and ATTITUDE.
 * If either is missing, send SET_MESSAGE_INTERVAL for each message in `intervals`. If that is
 * refused (COMMAND_ACK DENIED/UNSUPPORTED before any ACCEPTED) or nothing arrives within
 * `retryMs`, fall back to legacy REQUEST_DATA_STREAM, repeating every `retryMs` until both
 * messages arrive or `maxAttempts` requests in all have gone unanswered.
 *
 * Version: after the first heartbeat, MAV_CMD_REQUEST_MESSAGE(AUTOPILOT_VERSION); on refusal
 * MAV_CMD_REQUEST_AUTOPILOT_CAPABILITIES; on silence alternate the two, `versionAttempts` in all.
 */
import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import type { Clock, TimerHandle } from '../clock.js';
import { CMD, MSG, RESULT } from './message-ids.js';

/** A message and the rate to ask for it at. */
export interface MessageRate {
  msgid: number;
  hz: number;
}

/** A legacy MAV_DATA_STREAM and its rate. */
export interface StreamRate {
  stream: number;
  hz: number;
}

/** What the dashboard shows, at rates that fit a 57600-baud radio. */
export const DEFAULT_INTERVALS: readonly MessageRate[] = [
  { msgid: MSG.GLOBAL_POSITION_INT, hz: 10 },
  { msgid: MSG.ATTITUDE, hz: 10 },
  { msgid: MSG.VFR_HUD, hz: 4 },
  { msgid: MSG.SYS_STATUS, hz: 2 },
  { msgid: MSG.GPS_RAW_INT, hz: 2 },
  { msgid: MSG.BATTERY_STATUS, hz: 2 },
  { msgid: MSG.HOME_POSITION, hz: 0.5 },
];

/** MAV_DATA_STREAM ids. */
const STREAM = { EXTENDED_STATUS: 2, POSITION: 6, EXTRA1: 10, EXTRA2: 11, EXTRA3: 12 } as const;

/**
 * ArduPilot's legacy groups: EXTENDED_STATUS carries SYS_STATUS and GPS_RAW_INT, POSITION carries
 * GLOBAL_POSITION_INT, EXTRA1 ATTITUDE, EXTRA2 VFR_HUD, EXTRA3 BATTERY_STATUS.
 */
export const DEFAULT_STREAMS: readonly StreamRate[] = [
  { stream: STREAM.EXTENDED_STATUS, hz: 2 },
  { stream: STREAM.POSITION, hz: 10 },
  { stream: STREAM.EXTRA1, hz: 10 },
  { stream: STREAM.EXTRA2, hz: 4 },
  { stream: STREAM.EXTRA3, hz: 2 },
];

export type StreamPhase =
  /** No heartbeat yet. */
  | 'idle'
  /** Heartbeat seen; giving the vehicle `firstWaitMs` to stream on its own. */
  | 'waiting'
  | 'interval'
  | 'legacy'
  | 'streaming'
  | 'gave-up'
  | 'stopped';

export type VersionPhase = 'idle' | 'requested' | 'received' | 'gave-up' | 'stopped';

export interface StreamRequestOptions {
  clock: Clock;
  send: (data: MavLinkData) => void;
  targetSystem: number;
  targetComponent: number;
  firstWaitMs?: number;
  retryMs?: number;
  /** Stream requests in all (the interval request and each legacy request). */
  maxAttempts?: number;
  versionAttempts?: number;
  intervals?: readonly MessageRate[];
  streams?: readonly StreamRate[];
}

/** Builds a COMMAND_LONG addressed to the vehicle. */
export function commandLong(targetSystem: number, targetComponent: number, command: number, params: readonly number[], confirmation = 0): common.CommandLong {
  const m = new common.CommandLong();
  m.targetSystem = targetSystem;
  m.targetComponent = targetComponent;
  m.command = command as common.MavCmd;
  m.confirmation = confirmation;
  m._param1 = params[0] ?? 0;
  m._param2 = params[1] ?? 0;
  m._param3 = params[2] ?? 0;
  m._param4 = params[3] ?? 0;
  m._param5 = params[4] ?? 0;
  m._param6 = params[5] ?? 0;
  m._param7 = params[6] ?? 0;
  return m;
}

/** Pure state machine over an injected clock and send port; feed it the autopilot's messages. */
export class StreamRequester {
  private readonly o: Required<StreamRequestOptions>;
  private streamPhase: StreamPhase = 'idle';
  private versionState: VersionPhase = 'idle';
  private seenPosition = false;
  private seenAttitude = false;
  private intervalAccepted = false;
  private attempts = 0;
  private streamTimer: TimerHandle | null = null;
  private versionTimer: TimerHandle | null = null;
  private versionSent = 0;
  private lastVersionCmd = 0;
  private capabilitiesOnly = false;

  constructor(opts: StreamRequestOptions) {
    this.o = {
      clock: opts.clock,
      send: opts.send,
      targetSystem: opts.targetSystem,
      targetComponent: opts.targetComponent,
      firstWaitMs: opts.firstWaitMs ?? 1500,
      retryMs: opts.retryMs ?? 3000,
      maxAttempts: opts.maxAttempts ?? 4,
      versionAttempts: opts.versionAttempts ?? 3,
      intervals: opts.intervals ?? DEFAULT_INTERVALS,
      streams: opts.streams ?? DEFAULT_STREAMS,
    };
  }

  get phase(): StreamPhase {
    return this.streamPhase;
  }

  get versionPhase(): VersionPhase {
    return this.versionState;
  }

  /** Observes one message from the vehicle's autopilot. */
  onMessage(msgid: number, data: MavLinkData): void {
    switch (msgid) {
      case MSG.HEARTBEAT:
        if (this.streamPhase === 'idle') this.firstHeartbeat();
        return;
      case MSG.GLOBAL_POSITION_INT:
        if (!this.seenPosition) {
          this.seenPosition = true;
          this.checkStreaming();
        }
        return;
      case MSG.ATTITUDE:
        if (!this.seenAttitude) {
          this.seenAttitude = true;
          this.checkStreaming();
        }
        return;
      case MSG.AUTOPILOT_VERSION:
        if (this.versionState === 'requested' || this.versionState === 'gave-up' || this.versionState === 'idle') {
          this.versionState = 'received';
          this.clearVersionTimer();
        }
        return;
      case MSG.COMMAND_ACK:
        this.onAck(data as common.CommandAck);
        return;
      default:
    }
  }

  /**
   * Starts over as after a first heartbeat, keeping what is known about the version: for a link
   * that came back (the vehicle may have rebooted and forgotten unsaved rates).
   */
  restart(): void {
    if (this.streamPhase === 'stopped') return;
    this.clearStreamTimer();
    this.seenPosition = false;
    this.seenAttitude = false;
    this.intervalAccepted = false;
    this.attempts = 0;
    this.streamPhase = 'waiting';
    this.streamTimer = this.o.clock.setTimeout(() => this.onStreamTimeout(), this.o.firstWaitMs);
  }

  /** Cancels timers; nothing more is sent. */
  stop(): void {
    this.clearStreamTimer();
    this.clearVersionTimer();
    this.streamPhase = 'stopped';
    this.versionState = 'stopped';
  }

  private firstHeartbeat(): void {
    if (this.seenPosition && this.seenAttitude) this.streamPhase = 'streaming';
    else this.restart();
    if (this.versionState === 'idle') this.requestVersion();
  }

  private checkStreaming(): void {
    if (!this.seenPosition || !this.seenAttitude) return;
    if (this.streamPhase === 'waiting' || this.streamPhase === 'interval' || this.streamPhase === 'legacy' || this.streamPhase === 'gave-up') {
      this.streamPhase = 'streaming';
      this.clearStreamTimer();
    }
  }

  private onStreamTimeout(): void {
    this.streamTimer = null;
    if (this.streamPhase === 'waiting') this.requestIntervals();
    else if (this.attempts < this.o.maxAttempts) this.requestLegacy();
    else this.streamPhase = 'gave-up';
  }

  private onAck(ack: common.CommandAck): void {
    const command = ack.command as number;
    const result = ack.result as number;
    if (command === CMD.SET_MESSAGE_INTERVAL && this.streamPhase === 'interval') {
      if (result === RESULT.ACCEPTED) this.intervalAccepted = true;
      else if ((result === RESULT.DENIED || result === RESULT.UNSUPPORTED) && !this.intervalAccepted) {
        // The firmware does not do per-message intervals: go legacy now rather than wait.
        this.clearStreamTimer();
        this.requestLegacy();
      }
      return;
    }
    if (this.versionState !== 'requested' || command !== this.lastVersionCmd) return;
    if (result === RESULT.ACCEPTED || result === RESULT.IN_PROGRESS) return;
    if (command === CMD.REQUEST_MESSAGE) {
      this.capabilitiesOnly = true;
      this.clearVersionTimer();
      this.requestVersion();
    }
  }

  private requestIntervals(): void {
    this.attempts++;
    this.streamPhase = 'interval';
    for (const { msgid, hz } of this.o.intervals) {
      this.o.send(this.command(CMD.SET_MESSAGE_INTERVAL, [msgid, Math.round(1e6 / hz), 0, 0, 0, 0, 0]));
    }
    this.streamTimer = this.o.clock.setTimeout(() => this.onStreamTimeout(), this.o.retryMs);
  }

  private requestLegacy(): void {
    this.attempts++;
    this.streamPhase = 'legacy';
    for (const { stream, hz } of this.o.streams) {
      const m = new common.RequestDataStream();
      m.targetSystem = this.o.targetSystem;
      m.targetComponent = this.o.targetComponent;
      m.reqStreamId = stream;
      m.reqMessageRate = Math.round(hz);
      m.startStop = 1;
      this.o.send(m);
    }
    this.streamTimer = this.o.clock.setTimeout(() => this.onStreamTimeout(), this.o.retryMs);
  }

  private requestVersion(): void {
    if (this.versionSent >= this.o.versionAttempts) {
      this.versionState = 'gave-up';
      return;
    }
    // Alternate on silence (either may have been lost); only capabilities once REQUEST_MESSAGE is refused.
    const useCapabilities = this.capabilitiesOnly || (this.versionSent % 2 === 1);
    const cmd = useCapabilities ? CMD.REQUEST_AUTOPILOT_CAPABILITIES : CMD.REQUEST_MESSAGE;
    const params = useCapabilities ? [1] : [MSG.AUTOPILOT_VERSION];
    this.versionSent++;
    this.lastVersionCmd = cmd;
    this.versionState = 'requested';
    this.o.send(this.command(cmd, params));
    this.versionTimer = this.o.clock.setTimeout(() => {
      this.versionTimer = null;
      if (this.versionState === 'requested') this.requestVersion();
    }, this.o.retryMs);
  }

  private command(cmd: number, params: readonly number[]): common.CommandLong {
    return commandLong(this.o.targetSystem, this.o.targetComponent, cmd, params);
  }

  private clearStreamTimer(): void {
    if (this.streamTimer !== null) this.o.clock.clear(this.streamTimer);
    this.streamTimer = null;
  }

  private clearVersionTimer(): void {
    if (this.versionTimer !== null) this.o.clock.clear(this.versionTimer);
    this.versionTimer = null;
  }
}
