/**
 * Downloading every parameter, as a state machine on an injected clock: PARAM_REQUEST_LIST, collect
 * PARAM_VALUEs by index, and once the stream goes quiet re-request the missing indexes with
 * PARAM_REQUEST_READ in rounds, until all are in or rounds stop bringing anything new.
 */
import type { MavLinkData } from 'node-mavlink';
import { common } from 'node-mavlink';
import type { Clock, TimerHandle } from '../../clock.js';
import { ParamError } from './param-error.js';
import type { ParamErrorCode } from './param-error.js';
import { INDEX_NONE } from './param-value.js';
import type { ParamEntry } from './param-value.js';

/** A PARAM_VALUE with its value already decoded. */
export interface ReportedParam {
  name: string;
  value: number;
  type: number;
  /** 0-based, or `INDEX_NONE` when reported by name only. */
  index: number;
  count: number;
}

export interface FetchTiming {
  /** Quiet time after the last new value before missing ones are asked for again. */
  quietMs: number;
  /** PARAM_REQUEST_LIST sends before giving up on a silent vehicle. */
  listTries: number;
  /** Re-request rounds in a row that may bring nothing new before giving up. */
  staleRounds: number;
  /** PARAM_REQUEST_READs per round, so a big gap does not flood a slow radio. */
  readsPerRound: number;
}

export const FETCH_DEFAULTS: FetchTiming = { quietMs: 1000, listTries: 3, staleRounds: 3, readsPerRound: 20 };

export type FetchStep =
  | { kind: 'idle' }
  /** PARAM_REQUEST_LIST sent `tries` times, nothing heard yet. */
  | { kind: 'listing'; tries: number }
  /** Values are arriving from the list request. */
  | { kind: 'streaming' }
  /** Asking for missing indexes; `stale` rounds in a row brought nothing. */
  | { kind: 'recovering'; round: number; stale: number }
  | { kind: 'finished' };

export interface FetchPorts {
  clock: Clock;
  send: (data: MavLinkData) => void;
  targetSystem: number;
  targetComponent: number;
  vehicleName: () => string;
  progress: (received: number, total: number) => void;
  /** Called exactly once: every parameter by name, in index order, or why not. */
  finish: (result: Map<string, ParamEntry> | ParamError) => void;
}

interface Slot {
  name: string;
  value: number;
  type: number;
}

export class ParamFetch {
  private current: FetchStep = { kind: 'idle' };
  private timer: TimerHandle | null = null;
  private total = 0;
  private readonly byIndex = new Map<number, Slot>();
  private readonly indexOf = new Map<string, number>();
  private newSinceRound = false;

  constructor(
    private readonly timing: FetchTiming,
    private readonly ports: FetchPorts,
  ) {}

  get step(): FetchStep {
    return this.current;
  }

  start(): void {
    if (this.current.kind === 'idle') this.requestList(1);
  }

  onValue(p: ReportedParam): void {
    const s = this.current;
    if (s.kind === 'idle' || s.kind === 'finished') return;
    if (p.index === INDEX_NONE) {
      // A change reported by name (another ground station set it): keep the newest value.
      const i = this.indexOf.get(p.name);
      const slot = i === undefined ? undefined : this.byIndex.get(i);
      if (slot) slot.value = p.value;
      return;
    }
    if (p.count !== this.total) this.resize(p.count);
    if (p.index >= this.total) return;
    const known = this.byIndex.get(p.index);
    this.byIndex.set(p.index, { name: p.name, value: p.value, type: p.type });
    this.indexOf.set(p.name, p.index);
    if (known) {
      // Only a shrunken count can complete the set without a new index.
      if (this.byIndex.size === this.total) this.succeed();
      return;
    }
    this.newSinceRound = true;
    if (s.kind === 'listing') this.current = { kind: 'streaming' };
    this.ports.progress(this.byIndex.size, this.total);
    if (this.byIndex.size === this.total) this.succeed();
    else this.arm();
  }

  cancel(reason: string): void {
    if (this.current.kind === 'finished') return;
    this.fail('cancelled', `parameter download from ${this.ports.vehicleName()} cancelled: ${reason}`);
  }

  private onTimeout(): void {
    this.timer = null;
    const s = this.current;
    if (s.kind === 'listing') {
      if (s.tries < this.timing.listTries) this.requestList(s.tries + 1);
      else this.fail('timeout', `no parameters from ${this.ports.vehicleName()} after ${s.tries} PARAM_REQUEST_LIST ${s.tries === 1 ? 'try' : 'tries'}`);
      return;
    }
    if (s.kind !== 'streaming' && s.kind !== 'recovering') return;
    const stale = s.kind === 'recovering' && !this.newSinceRound ? s.stale + 1 : 0;
    if (stale >= this.timing.staleRounds) {
      const got = this.byIndex.size;
      const missing = this.total - got;
      this.fail('incomplete', `${this.ports.vehicleName()} sent ${got} of ${this.total} parameters; ${missing} still missing after ${stale} re-request ${stale === 1 ? 'round' : 'rounds'} with no answer`);
      return;
    }
    this.current = { kind: 'recovering', round: s.kind === 'recovering' ? s.round + 1 : 1, stale };
    this.newSinceRound = false;
    for (const index of this.missing(this.timing.readsPerRound)) {
      const m = new common.ParamRequestRead();
      m.targetSystem = this.ports.targetSystem;
      m.targetComponent = this.ports.targetComponent;
      // By index: the id is ignored, so send it empty.
      m.paramId = '';
      m.paramIndex = index;
      this.ports.send(m);
    }
    this.arm();
  }

  private requestList(tries: number): void {
    this.current = { kind: 'listing', tries };
    const m = new common.ParamRequestList();
    m.targetSystem = this.ports.targetSystem;
    m.targetComponent = this.ports.targetComponent;
    this.arm();
    this.ports.send(m);
  }

  /** The vehicle's count changed (a parameter set enabled a feature): forget indexes past the end. */
  private resize(count: number): void {
    this.total = count;
    for (const [i, slot] of this.byIndex) {
      if (i >= count) {
        this.byIndex.delete(i);
        this.indexOf.delete(slot.name);
      }
    }
  }

  private missing(limit: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.total && out.length < limit; i++) if (!this.byIndex.has(i)) out.push(i);
    return out;
  }

  private arm(): void {
    if (this.timer !== null) this.ports.clock.clear(this.timer);
    this.timer = this.ports.clock.setTimeout(() => this.onTimeout(), this.timing.quietMs);
  }

  private succeed(): void {
    const out = new Map<string, ParamEntry>();
    for (let i = 0; i < this.total; i++) {
      const slot = this.byIndex.get(i);
      if (slot) out.set(slot.name, { value: slot.value, type: slot.type, index: i });
    }
    this.finish(out);
  }

  private fail(code: ParamErrorCode, message: string): void {
    this.finish(new ParamError(message, { code, vehicle: this.ports.vehicleName(), received: this.byIndex.size, total: this.total }));
  }

  private finish(result: Map<string, ParamEntry> | ParamError): void {
    if (this.timer !== null) this.ports.clock.clear(this.timer);
    this.timer = null;
    this.current = { kind: 'finished' };
    this.ports.finish(result);
  }
}
