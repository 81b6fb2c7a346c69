/**
 * The parameter microservice for one vehicle: full download, read one, set one. Operations run one
 * at a time in call order (PARAM_VALUE answers carry no request id, so overlapping ones would steal
 * each other's answers); every PARAM_VALUE heard also updates a cache.
 */
import type { MavLinkData } from 'node-mavlink';
import { common } from 'node-mavlink';
import type { Clock } from '../../clock.js';
import type { InboundMessage } from '../../mavlink/frame.js';
import { message } from '../../mavlink/messages.js';
import { ParamError } from './param-error.js';
import { ParamExchange } from './param-exchange.js';
import { FETCH_DEFAULTS, ParamFetch } from './param-fetch.js';
import type { FetchTiming, ReportedParam } from './param-fetch.js';
import { INDEX_NONE, PARAM_TYPE, fromWire, paramIdProblem, paramValueProblem, sameParamValue, toWire } from './param-value.js';
import type { ParamEntry } from './param-value.js';

const PARAM_VALUE = 22;

export interface ParamTiming extends FetchTiming {
  /** Wait per try for the answer to a read or set. */
  timeoutMs: number;
  /** Resends of a read or set after the first try. */
  retries: number;
}

export const PARAM_DEFAULTS: ParamTiming = { ...FETCH_DEFAULTS, timeoutMs: 1000, retries: 3 };

export interface ParamClientOptions {
  clock: Clock;
  send: (data: MavLinkData) => void;
  targetSystem: number;
  /** The component whose parameters these are; 0 accepts PARAM_VALUE from any component. */
  targetComponent: number;
  vehicleName: string;
  /** Integers travel bytewise in the float (PX4); default false: cast to float (ArduPilot). */
  bytewise?: boolean;
  timing?: Partial<ParamTiming>;
}

export interface FetchAllOptions {
  /** After each new value: how many of how many have arrived. */
  onProgress?: (received: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ParamCallOptions {
  signal?: AbortSignal;
}

/** A request ready to send and how to judge its answer. */
interface Prepared {
  request: MavLinkData;
  judge: (p: ReportedParam) => ParamEntry | ParamError;
}

/** An operation that fails as soon as it starts, sending nothing. */
function refused<T>(error: ParamError, done: (r: T | ParamError) => void): Op {
  return { start: () => done(error), onValue: () => {}, cancel: () => {} };
}

/** A queued or running operation. */
interface Op {
  start(): void;
  onValue(p: ReportedParam): void;
  cancel(reason: string): void;
}

export class ParamClient {
  /** May be changed when the vehicle is renamed. */
  vehicleName: string;
  private readonly o: Omit<Required<ParamClientOptions>, 'timing' | 'vehicleName'> & { timing: ParamTiming };
  private readonly cache = new Map<string, ParamEntry>();
  private readonly queue: Op[] = [];
  private fetching: { promise: Promise<Map<string, ParamEntry>>; listeners: ((r: number, t: number) => void)[] } | null = null;
  private stopped = false;

  constructor(opts: ParamClientOptions) {
    this.vehicleName = opts.vehicleName;
    this.o = {
      clock: opts.clock,
      send: opts.send,
      targetSystem: opts.targetSystem,
      targetComponent: opts.targetComponent,
      bytewise: opts.bytewise ?? false,
      timing: { ...PARAM_DEFAULTS, ...opts.timing },
    };
  }

  /**
   * Downloads every parameter: resolves with name → entry in index order, or rejects with
   * `timeout` (silent vehicle) or `incomplete` (values still missing after the re-request rounds).
   * A call while a download is queued or running joins it (and shares its fate if it is aborted).
   */
  fetchAll(opts: FetchAllOptions = {}): Promise<Map<string, ParamEntry>> {
    if (this.fetching) {
      if (opts.onProgress) this.fetching.listeners.push(opts.onProgress);
      return this.fetching.promise;
    }
    const listeners = opts.onProgress ? [opts.onProgress] : [];
    const joinable = { promise: null as unknown as Promise<Map<string, ParamEntry>>, listeners };
    this.fetching = joinable;
    const settled = (): void => {
      if (this.fetching === joinable) this.fetching = null;
    };
    joinable.promise = this.enqueue<Map<string, ParamEntry>>(opts.signal, 'parameter download', settled, (done) => {
      const fetch = new ParamFetch(this.o.timing, {
        clock: this.o.clock,
        send: this.o.send,
        targetSystem: this.o.targetSystem,
        targetComponent: this.o.targetComponent,
        vehicleName: () => this.vehicleName,
        progress: (r, t) => {
          for (const l of listeners) l(r, t);
        },
        finish: (result) => {
          if (!(result instanceof ParamError)) for (const [name, entry] of result) this.cache.set(name, { ...entry });
          done(result);
        },
      });
      return fetch;
    });
    return joinable.promise;
  }

  /** Reads one parameter by name (PARAM_REQUEST_READ with index -1), resending on silence. */
  get(name: string, opts: ParamCallOptions = {}): Promise<ParamEntry> {
    const problem = paramIdProblem(name);
    if (problem !== null) return Promise.reject(this.invalid(problem, name));
    return this.exchange(name, opts.signal, `reading ${name}`, () => {
      const m = new common.ParamRequestRead();
      m.targetSystem = this.o.targetSystem;
      m.targetComponent = this.o.targetComponent;
      m.paramId = name;
      m.paramIndex = -1;
      return { request: m, judge: (p) => this.entryOf(p) };
    });
  }

  /**
   * Sets one parameter with PARAM_SET and resolves once the vehicle echoes the same value (compared
   * as the float that travelled). `type` defaults to the type known when the set gets its turn (from
   * a download, read or report), else REAL32. Rejects with `rejected` when the echo differs
   * (refused, clamped, read-only), `timeout` on silence, `invalid` (nothing sent) for a bad name or
   * a value the type cannot hold.
   */
  set(name: string, value: number, type?: number, opts: ParamCallOptions = {}): Promise<ParamEntry> {
    const idProblem = paramIdProblem(name);
    if (idProblem !== null) return Promise.reject(this.invalid(idProblem, name));
    const known = type ?? this.cache.get(name)?.type ?? PARAM_TYPE.REAL32;
    const early = paramValueProblem(name, value, known);
    if (early !== null) return Promise.reject(this.invalid(early, name));
    return this.exchange(name, opts.signal, `setting ${name} = ${value}`, () => {
      // A download that ran first may have taught us the type.
      const t = type ?? this.cache.get(name)?.type ?? PARAM_TYPE.REAL32;
      const problem = paramValueProblem(name, value, t);
      if (problem !== null) return this.invalid(problem, name);
      const request = message(common.ParamSet, {
        targetSystem: this.o.targetSystem,
        targetComponent: this.o.targetComponent,
        paramId: name,
        paramValue: toWire(value, t, this.o.bytewise),
        paramType: t,
      });
      const judge = (p: ReportedParam): ParamEntry | ParamError => {
        const entry = this.entryOf(p);
        if (sameParamValue(value, entry.value, t, this.o.bytewise)) return entry;
        return new ParamError(`${this.vehicleName} kept ${name} at ${entry.value} instead of ${value} (refused, clamped or read-only)`, {
          code: 'rejected',
          vehicle: this.vehicleName,
          name,
          actual: entry.value,
        });
      };
      return { request, judge };
    });
  }

  /** The last value heard for `name`, from any operation or unasked report. */
  cached(name: string): ParamEntry | undefined {
    const e = this.cache.get(name);
    return e ? { ...e } : undefined;
  }

  /** A copy of every value heard so far. */
  snapshot(): Map<string, ParamEntry> {
    return new Map([...this.cache].map(([k, v]) => [k, { ...v }]));
  }

  /** Takes one inbound message of this vehicle's system; only PARAM_VALUE from our component matters. */
  handle(msg: InboundMessage): void {
    if (msg.msgid !== PARAM_VALUE || msg.sysid !== this.o.targetSystem) return;
    if (this.o.targetComponent !== 0 && msg.compid !== this.o.targetComponent) return;
    const pv = msg.data as common.ParamValue;
    const type = pv.paramType as number;
    const p: ReportedParam = {
      name: pv.paramId,
      value: fromWire(pv.paramValue, type, this.o.bytewise),
      type,
      index: pv.paramIndex,
      count: pv.paramCount,
    };
    const old = this.cache.get(p.name);
    const index = p.index !== INDEX_NONE ? p.index : old?.index ?? -1;
    this.cache.set(p.name, { value: p.value, type, index });
    this.queue[0]?.onValue(p);
  }

  /** Cancels the running operation and everything queued (code `cancelled`). */
  cancel(reason = 'cancelled by request'): void {
    for (const op of this.queue.slice(1).reverse()) op.cancel(reason);
    this.queue[0]?.cancel(reason);
  }

  /** Cancels everything; later calls are refused. */
  stop(reason = 'parameter service stopped'): void {
    this.stopped = true;
    this.cancel(reason);
  }

  /**
   * Queues a named request; `prepare` runs when its turn comes and builds the message and the judge
   * of the answer, or refuses (then nothing is sent).
   */
  private exchange(name: string, signal: AbortSignal | undefined, what: string, prepare: () => Prepared | ParamError): Promise<ParamEntry> {
    return this.enqueue<ParamEntry>(signal, what, () => {}, (done) => {
      const prepared = prepare();
      if (prepared instanceof ParamError) return refused(prepared, done);
      return new ParamExchange(name, prepared.request, this.o.timing.timeoutMs, this.o.timing.retries, {
        clock: this.o.clock,
        send: this.o.send,
        finish: (r) => {
          if (r.kind === 'answer') done(prepared.judge(r.param));
          else if (r.kind === 'timeout') {
            done(new ParamError(`no answer from ${this.vehicleName} to ${what} after ${r.tries} ${r.tries === 1 ? 'try' : 'tries'}`, { code: 'timeout', vehicle: this.vehicleName, name }));
          } else done(new ParamError(`${what} on ${this.vehicleName} cancelled: ${r.reason}`, { code: 'cancelled', vehicle: this.vehicleName, name }));
        },
      });
    });
  }

  /**
   * Queues an operation built by `make` once its turn comes; `done` settles the promise and starts
   * the next; `settled` runs first, however it ends. Queued operations can be cancelled before they
   * start (by `signal`, `cancel`, `stop`).
   */
  private enqueue<T>(signal: AbortSignal | undefined, what: string, settled: () => void, make: (done: (r: T | ParamError) => void) => Op): Promise<T> {
    const refusal = this.stopped ? 'parameter service stopped' : signal?.aborted ? 'aborted' : null;
    if (refusal !== null) {
      settled();
      return Promise.reject(new ParamError(`${what} on ${this.vehicleName} not started: ${refusal}`, { code: 'cancelled', vehicle: this.vehicleName }));
    }
    return new Promise<T>((resolve, reject) => {
      let inner: Op | null = null;
      const onAbort = (): void => op.cancel('aborted');
      const done = (r: T | ParamError): void => {
        settled();
        signal?.removeEventListener('abort', onAbort);
        const i = this.queue.indexOf(op);
        if (i >= 0) this.queue.splice(i, 1);
        if (i === 0 && this.queue.length > 0 && !this.stopped) this.queue[0].start();
        if (r instanceof ParamError) reject(r);
        else resolve(r);
      };
      const op: Op = {
        start: () => {
          inner = make(done);
          inner.start();
        },
        onValue: (p) => inner?.onValue(p),
        cancel: (reason) => {
          if (inner) inner.cancel(reason);
          else done(new ParamError(`${what} on ${this.vehicleName} cancelled before it started: ${reason}`, { code: 'cancelled', vehicle: this.vehicleName }));
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(op);
      if (this.queue.length === 1) op.start();
    });
  }

  private entryOf(p: ReportedParam): ParamEntry {
    return { value: p.value, type: p.type, index: p.index !== INDEX_NONE ? p.index : this.cache.get(p.name)?.index ?? -1 };
  }

  private invalid(problem: string, name: unknown): ParamError {
    return new ParamError(problem, { code: 'invalid', vehicle: this.vehicleName, name: typeof name === 'string' ? name : undefined });
  }
}
