/**
 * One command's exchange with a vehicle, as a state machine on an injected clock: send, wait for
 * COMMAND_ACK, resend on silence, follow IN_PROGRESS reports, finish exactly once.
 */
import type { MavLinkData } from 'node-mavlink';
import type { common } from 'node-mavlink';
import type { Clock, TimerHandle } from '../../clock.js';
import { RESULT } from '../message-ids.js';
import { CommandError } from './command-error.js';
import type { CommandErrorCode } from './command-error.js';
import { commandName, resultName } from './command-names.js';
import { commandMessage } from './command-request.js';
import type { ResolvedRequest } from './command-request.js';

/** A command the vehicle accepted. */
export interface CommandOutcome {
  result: 'accepted';
  /** The ACK's `result_param2`, when nonzero (command-specific extra information). */
  resultParam2?: number;
  /** Sends it took. */
  tries: number;
}

export type CommandStep =
  | { kind: 'idle' }
  /** Sent `tries` times; waiting for an acknowledgement. */
  | { kind: 'awaiting_ack'; tries: number }
  /** The vehicle said IN_PROGRESS; waiting for more without resending. `progress` is 0–100 or null when unknown. */
  | { kind: 'in_progress'; tries: number; progress: number | null }
  | { kind: 'finished' };

export interface CommandTransactionPorts {
  clock: Clock;
  send: (data: MavLinkData) => void;
  targetSystem: number;
  targetComponent: number;
  /** The vehicle's current name, for messages. */
  vehicleName: () => string;
  /** Each IN_PROGRESS report: percent 0–100, or null when the vehicle does not know (255). */
  progress: (percent: number | null) => void;
  /** Called exactly once. */
  finish: (result: CommandOutcome | CommandError) => void;
}

const CANCELLED = 6;
const UNKNOWN_PROGRESS = 255;

export class CommandTransaction {
  private current: CommandStep = { kind: 'idle' };
  private timer: TimerHandle | null = null;
  readonly name: string;

  constructor(
    private readonly req: ResolvedRequest,
    private readonly ports: CommandTransactionPorts,
  ) {
    this.name = commandName(req.command);
  }

  get step(): CommandStep {
    return this.current;
  }

  get command(): number {
    return this.req.command;
  }

  /** Sends the first try. */
  start(): void {
    if (this.current.kind !== 'idle') return;
    this.transmit(0);
  }

  /** Takes an acknowledgement already matched to this command and vehicle. */
  onAck(ack: common.CommandAck): void {
    const s = this.current;
    if (s.kind !== 'awaiting_ack' && s.kind !== 'in_progress') return;
    const result = ack.result as number;
    if (result === RESULT.IN_PROGRESS) {
      const raw = ack.progress as number;
      const progress = raw === UNKNOWN_PROGRESS ? null : Math.min(100, Math.max(0, raw));
      this.current = { kind: 'in_progress', tries: s.tries, progress };
      this.arm(this.req.inProgressTimeoutMs);
      this.ports.progress(progress);
      return;
    }
    const param2 = ack.resultParam2 as number;
    if (result === RESULT.ACCEPTED) {
      this.finish(param2 ? { result: 'accepted', resultParam2: param2, tries: s.tries } : { result: 'accepted', tries: s.tries });
      return;
    }
    const name = resultName(result);
    const code = (name === null ? 'unknown_result' : name.toLowerCase()) as CommandErrorCode;
    const words = name === null ? `result ${result}` : name.toLowerCase().replace(/_/g, ' ');
    const verb = result === CANCELLED ? 'cancelled' : 'refused';
    this.fail(code, `${this.ports.vehicleName()} ${verb} ${this.name}: ${words}`, s.tries, param2 || undefined);
  }

  /** Stops waiting and fails with code `cancelled`; `reason` ends the message. */
  cancel(reason: string): void {
    const s = this.current;
    if (s.kind === 'finished') return;
    const tries = s.kind === 'idle' ? 0 : s.tries;
    this.fail('cancelled', `${this.name} to ${this.ports.vehicleName()} cancelled: ${reason}`, tries);
  }

  private onTimeout(): void {
    this.timer = null;
    const s = this.current;
    if (s.kind === 'awaiting_ack') {
      if (s.tries <= this.req.retries) this.transmit(s.tries);
      else this.fail('timeout', `no answer from ${this.ports.vehicleName()} to ${this.name} after ${s.tries} ${s.tries === 1 ? 'try' : 'tries'}`, s.tries);
    } else if (s.kind === 'in_progress') {
      const seconds = this.req.inProgressTimeoutMs / 1000;
      this.fail('timeout', `${this.ports.vehicleName()} stopped reporting progress on ${this.name} (nothing for ${seconds} s)`, s.tries);
    }
  }

  /** Sends try number `index` (0-based) and waits for its answer. */
  private transmit(index: number): void {
    this.current = { kind: 'awaiting_ack', tries: index + 1 };
    this.arm(this.req.timeoutMs);
    this.ports.send(commandMessage(this.req, this.ports.targetSystem, this.ports.targetComponent, index));
  }

  private arm(ms: number): void {
    this.clearTimer();
    this.timer = this.ports.clock.setTimeout(() => this.onTimeout(), ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.ports.clock.clear(this.timer);
    this.timer = null;
  }

  private fail(code: CommandErrorCode, message: string, tries: number, resultParam2?: number): void {
    this.finish(new CommandError(message, {
      code,
      command: this.req.command,
      commandName: this.name,
      vehicle: this.ports.vehicleName(),
      tries,
      label: this.req.label,
      resultParam2,
    }));
  }

  private finish(result: CommandOutcome | CommandError): void {
    this.clearTimer();
    this.current = { kind: 'finished' };
    this.ports.finish(result);
  }
}
