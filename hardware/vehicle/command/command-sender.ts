/**
 * The command microservice for one vehicle: matches COMMAND_ACKs to the command waiting for them,
 * runs one command per MAV_CMD number at a time (a second of the same number waits its turn, as
 * acknowledgements name only the command), and turns outcomes into promises.
 */
import type { MavLinkData } from 'node-mavlink';
import type { common } from 'node-mavlink';
import type { Clock } from '../../clock.js';
import type { InboundMessage } from '../../mavlink/frame.js';
import { MSG } from '../message-ids.js';
import { CommandError } from './command-error.js';
import { commandName } from './command-names.js';
import { COMMAND_DEFAULTS, requestProblem, resolveRequest } from './command-request.js';
import type { CommandRequest, CommandTiming } from './command-request.js';
import { CommandTransaction } from './command-transaction.js';
import type { CommandOutcome } from './command-transaction.js';

export interface CommandSenderOptions {
  clock: Clock;
  /** Writes one message to this vehicle. */
  send: (data: MavLinkData) => void;
  targetSystem: number;
  /** The component commands go to; 0 (broadcast) accepts acknowledgements from any component. */
  targetComponent: number;
  /** How errors name the vehicle ("Forest survey refused …"). */
  vehicleName: string;
  /** Our system id, to skip acknowledgements addressed to another ground station (default 255). */
  ownSystem?: number;
  /** Our component id (default 190). */
  ownComponent?: number;
  /** Defaults for requests that leave timing out. */
  timing?: Partial<CommandTiming>;
}

/** Per-call hooks, kept out of `CommandRequest` so requests stay plain data. */
export interface SendOptions {
  /** IN_PROGRESS reports: percent 0–100, or null when the vehicle does not say. */
  onProgress?: (percent: number | null) => void;
  /** Aborting cancels the command (queued or in flight) with code `cancelled`. */
  signal?: AbortSignal;
}

interface Entry {
  req: CommandRequest;
  opts: SendOptions;
  resolve: (o: CommandOutcome) => void;
  reject: (e: CommandError) => void;
  tx: CommandTransaction | null;
  unlisten: () => void;
}

export class CommandSender {
  /** May be changed when the vehicle is renamed; later errors use the new name. */
  vehicleName: string;
  private readonly clock: Clock;
  private readonly port: (data: MavLinkData) => void;
  private readonly targetSystem: number;
  private readonly targetComponent: number;
  private readonly ownSystem: number;
  private readonly ownComponent: number;
  private readonly timing: CommandTiming;
  /** Per MAV_CMD: the running entry first, then those waiting. */
  private readonly queues = new Map<number, Entry[]>();
  private stopped = false;

  constructor(opts: CommandSenderOptions) {
    this.clock = opts.clock;
    this.port = opts.send;
    this.targetSystem = opts.targetSystem;
    this.targetComponent = opts.targetComponent;
    this.vehicleName = opts.vehicleName;
    this.ownSystem = opts.ownSystem ?? 255;
    this.ownComponent = opts.ownComponent ?? 190;
    this.timing = { ...COMMAND_DEFAULTS, ...opts.timing };
  }

  /**
   * Sends `req` and settles with the vehicle's answer: resolves on ACCEPTED, rejects with a
   * `CommandError` on any other result, on silence after every try, on cancel/stop, or at once
   * (code `invalid`, nothing sent) when the request is malformed.
   */
  send(req: CommandRequest, opts: SendOptions = {}): Promise<CommandOutcome> {
    const problem = requestProblem(req);
    if (problem !== null) return Promise.reject(this.error('invalid', req, `bad ${commandName(req.command)} for ${this.vehicleName}: ${problem}`));
    if (this.stopped) return Promise.reject(this.error('cancelled', req, `${commandName(req.command)} to ${this.vehicleName} not sent: command service stopped`));
    if (opts.signal?.aborted) return Promise.reject(this.error('cancelled', req, `${commandName(req.command)} to ${this.vehicleName} not sent: aborted`));
    return new Promise<CommandOutcome>((resolve, reject) => {
      const entry: Entry = { req, opts, resolve, reject, tx: null, unlisten: () => {} };
      const signal = opts.signal;
      if (signal) {
        const onAbort = (): void => this.drop(entry, 'aborted');
        signal.addEventListener('abort', onAbort, { once: true });
        entry.unlisten = () => signal.removeEventListener('abort', onAbort);
      }
      const queue = this.queues.get(req.command);
      if (queue) queue.push(entry);
      else {
        this.queues.set(req.command, [entry]);
        this.run(entry);
      }
    });
  }

  /** Takes one inbound message of this vehicle's system; only matching COMMAND_ACKs matter. */
  handle(msg: InboundMessage): void {
    if (msg.msgid !== MSG.COMMAND_ACK || msg.sysid !== this.targetSystem) return;
    if (this.targetComponent !== 0 && msg.compid !== this.targetComponent) return;
    const ack = msg.data as common.CommandAck;
    // Zero targets come from firmware that leaves them unset; other values name who the ACK is for.
    const toSystem = ack.targetSystem as number;
    const toComponent = ack.targetComponent as number;
    if (toSystem !== 0 && toSystem !== this.ownSystem) return;
    if (toComponent !== 0 && toComponent !== this.ownComponent) return;
    this.queues.get(ack.command as number)?.[0]?.tx?.onAck(ack);
  }

  /** Cancels every queued and running command with MAV_CMD `command`, or all of them when omitted. */
  cancel(command?: number, reason = 'cancelled by request'): void {
    const commands = command === undefined ? [...this.queues.keys()] : [command];
    for (const c of commands) {
      const queue = this.queues.get(c);
      if (!queue) continue;
      // Waiting ones first, so finishing the running one does not start the next.
      for (const entry of queue.slice(1).reverse()) this.drop(entry, reason);
      if (queue[0]) this.drop(queue[0], reason);
    }
  }

  /** Fails everything pending with code `cancelled`; later sends are refused. */
  stop(reason = 'command service stopped'): void {
    this.stopped = true;
    this.cancel(undefined, reason);
  }

  /** MAV_CMD numbers with a command in flight or waiting. */
  busy(): number[] {
    return [...this.queues.keys()];
  }

  private run(entry: Entry): void {
    const tx = new CommandTransaction(resolveRequest(entry.req, this.timing), {
      clock: this.clock,
      send: (d) => this.port(d),
      targetSystem: this.targetSystem,
      targetComponent: this.targetComponent,
      vehicleName: () => this.vehicleName,
      progress: (p) => entry.opts.onProgress?.(p),
      finish: (result) => this.settle(entry, result),
    });
    entry.tx = tx;
    tx.start();
  }

  /** Removes a finished entry, settles its promise and starts the next of the same command. */
  private settle(entry: Entry, result: CommandOutcome | CommandError): void {
    entry.unlisten();
    const queue = this.queues.get(entry.req.command);
    if (queue) {
      const i = queue.indexOf(entry);
      if (i >= 0) queue.splice(i, 1);
      if (queue.length === 0) this.queues.delete(entry.req.command);
      else if (i === 0 && !this.stopped) this.run(queue[0]);
    }
    if (result instanceof CommandError) entry.reject(result);
    else entry.resolve(result);
  }

  private drop(entry: Entry, reason: string): void {
    if (entry.tx) entry.tx.cancel(reason);
    else this.settle(entry, this.error('cancelled', entry.req, `${commandName(entry.req.command)} to ${this.vehicleName} cancelled before it was sent: ${reason}`));
  }

  private error(code: 'invalid' | 'cancelled', req: CommandRequest, message: string): CommandError {
    return new CommandError(message, { code, command: req.command, commandName: commandName(req.command), vehicle: this.vehicleName, tries: 0, label: req.label });
  }
}
