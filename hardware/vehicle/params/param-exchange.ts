/**
 * One named parameter request (read or set) as a state machine on an injected clock: send, wait for
 * a PARAM_VALUE with that name, resend on silence, finish exactly once. Judging the answer (is it
 * the value we set?) is the caller's.
 */
import type { MavLinkData } from 'node-mavlink';
import type { Clock, TimerHandle } from '../../clock.js';
import type { ReportedParam } from './param-fetch.js';

export type ExchangeResult =
  | { kind: 'answer'; param: ReportedParam; tries: number }
  | { kind: 'timeout'; tries: number }
  | { kind: 'cancelled'; reason: string; tries: number };

export type ExchangeStep = { kind: 'idle' } | { kind: 'waiting'; tries: number } | { kind: 'finished' };

export interface ExchangePorts {
  clock: Clock;
  send: (data: MavLinkData) => void;
  /** Called exactly once. */
  finish: (result: ExchangeResult) => void;
}

export class ParamExchange {
  private current: ExchangeStep = { kind: 'idle' };
  private timer: TimerHandle | null = null;

  /** Sends `request` up to `1 + retries` times, `timeoutMs` apart, until `name` is reported. */
  constructor(
    readonly name: string,
    private readonly request: MavLinkData,
    private readonly timeoutMs: number,
    private readonly retries: number,
    private readonly ports: ExchangePorts,
  ) {}

  get step(): ExchangeStep {
    return this.current;
  }

  start(): void {
    if (this.current.kind === 'idle') this.transmit(1);
  }

  onValue(p: ReportedParam): void {
    const s = this.current;
    if (s.kind !== 'waiting' || p.name !== this.name) return;
    this.finish({ kind: 'answer', param: p, tries: s.tries });
  }

  cancel(reason: string): void {
    const s = this.current;
    if (s.kind === 'finished') return;
    this.finish({ kind: 'cancelled', reason, tries: s.kind === 'waiting' ? s.tries : 0 });
  }

  private onTimeout(): void {
    this.timer = null;
    const s = this.current;
    if (s.kind !== 'waiting') return;
    if (s.tries <= this.retries) this.transmit(s.tries + 1);
    else this.finish({ kind: 'timeout', tries: s.tries });
  }

  private transmit(tries: number): void {
    this.current = { kind: 'waiting', tries };
    this.timer = this.ports.clock.setTimeout(() => this.onTimeout(), this.timeoutMs);
    this.ports.send(this.request);
  }

  private finish(result: ExchangeResult): void {
    if (this.timer !== null) this.ports.clock.clear(this.timer);
    this.timer = null;
    this.current = { kind: 'finished' };
    this.ports.finish(result);
  }
}
