/** Heartbeat watchdog for one vehicle: connected while heartbeats keep coming, lost after a quiet spell. */
import type { Clock, TimerHandle } from '../clock.js';

/** Link-lost threshold ground stations use (QGroundControl): 3.5 s without a heartbeat. */
export const DEFAULT_LOST_AFTER_MS = 3500;

export type LinkHealthEvent = { kind: 'lost' } | { kind: 'restored' };

/** `unknown` until the first heartbeat. */
export type LinkHealthState = 'unknown' | 'connected' | 'lost';

export interface LinkHealthOptions {
  clock: Clock;
  onEvent: (event: LinkHealthEvent) => void;
  lostAfterMs?: number;
}

/**
 * Tracks heartbeats on an injected clock. A heartbeat only records its time; one timer, armed for
 * the earliest moment the link could be lost, checks on expiry and re-arms for the remainder — so
 * a heartbeat costs no timer churn. Lost exactly `lostAfterMs` after the last heartbeat.
 */
export class LinkHealth {
  private readonly clock: Clock;
  private readonly onEvent: (event: LinkHealthEvent) => void;
  private readonly lostAfterMs: number;
  private lastHeartbeat = 0;
  private timer: TimerHandle | null = null;
  private current: LinkHealthState = 'unknown';
  private stopped = false;

  constructor(opts: LinkHealthOptions) {
    this.clock = opts.clock;
    this.onEvent = opts.onEvent;
    this.lostAfterMs = opts.lostAfterMs ?? DEFAULT_LOST_AFTER_MS;
  }

  get state(): LinkHealthState {
    return this.current;
  }

  /** Records a heartbeat; emits `restored` when the link was lost. */
  heartbeat(): void {
    if (this.stopped) return;
    this.lastHeartbeat = this.clock.now();
    if (this.timer === null) this.arm(this.lostAfterMs);
    if (this.current === 'lost') {
      this.current = 'connected';
      this.onEvent({ kind: 'restored' });
    } else {
      this.current = 'connected';
    }
  }

  /** Cancels the watchdog; no further events. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clear(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    this.timer = this.clock.setTimeout(() => this.expire(), ms);
  }

  private expire(): void {
    this.timer = null;
    if (this.stopped) return;
    const quiet = this.clock.now() - this.lastHeartbeat;
    if (quiet < this.lostAfterMs) {
      this.arm(this.lostAfterMs - quiet);
      return;
    }
    this.current = 'lost';
    this.onEvent({ kind: 'lost' });
  }
}
