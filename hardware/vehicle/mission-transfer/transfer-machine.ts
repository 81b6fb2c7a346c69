/**
 * One mission, geofence or rally transfer as a pure state machine: it sends through a port, asks the
 * shell to arm timers, and ends in exactly one `finish`. No clock, no I/O.
 *
 * Upload:   MISSION_COUNT → (vehicle) MISSION_REQUEST[_INT] n → MISSION_ITEM_INT n … → (vehicle) MISSION_ACK
 * Download: MISSION_REQUEST_LIST → (vehicle) MISSION_COUNT → MISSION_REQUEST_INT n → (vehicle) MISSION_ITEM[_INT] n … → MISSION_ACK
 * Clear:    MISSION_CLEAR_ALL → (vehicle) MISSION_ACK
 *
 * Three timers: `retry` resends the last thing sent after `retryMs` without an answer about the
 * transfer; `transfer` gives up when nothing at all has been heard from the vehicle for
 * `transferTimeoutMs` (it is gone); `stall` gives up when the transfer has not moved for
 * `stallTimeoutMs` although the vehicle keeps talking (e.g. asking for the same item over and over).
 * On a lossy radio a live vehicle is never given up on for a few unlucky losses in a row: resends
 * go on while it is heard, which is what keeps long uploads alive where ground stations that stop
 * after a fixed number of retries fail. Progress is: the count arriving, the next item arriving
 * (download), or a request for a new highest item or for the item after the one last asked
 * (upload: a vehicle that restarted at 0 is moving again).
 *
 * Duplicates, losses and reordering: only the item asked for is ever sent; out-of-sequence items
 * are dropped; an ACCEPTED before the last item went out is a stale one and ignored;
 * MAV_MISSION_INVALID_SEQUENCE never ends a transfer (the spec calls it recoverable; ArduPilot
 * answers a duplicate item with it and asks again). During an upload, ERROR once the last item is
 * out is `unconfirmed`, not a rejection: ArduPilot answers any item arriving after the upload ended
 * (our resend, or a copy the link duplicated) with ERROR, so that is what a lost ACCEPTED looks
 * like. A transfer that times out tells the vehicle with MISSION_ACK OPERATION_CANCELLED, as a
 * cancelled one does.
 */
import type { MavLinkData } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../../missions/mission-item.js';
import { MissionTransferError, ackError, transferWords, unconfirmedError } from './mission-transfer-error.js';
import type { TransferOperation } from './mission-transfer-error.js';
import { MISSION_RESULT, missionAck, missionClearAll, missionCount, missionItemInt, missionRequestInt, missionRequestList } from './mission-messages.js';
import type { Target } from './mission-messages.js';

export interface MissionTiming {
  /** Silence after our last send before we resend it. */
  retryMs: number;
  /** Resends in a row without any answer about the transfer that a silent vehicle gets. */
  retries: number;
  /** Time without hearing the vehicle at all before the transfer fails. */
  transferTimeoutMs: number;
  /** Time without progress, while the vehicle is heard, before the transfer fails. */
  stallTimeoutMs: number;
}

/** The mission protocol's numbers: 250 ms item retry, 5 retries, 1.5 s transfer timeout; 20 s stall. */
export const MISSION_TIMING: Readonly<MissionTiming> = Object.freeze({ retryMs: 250, retries: 5, transferTimeoutMs: 1500, stallTimeoutMs: 20_000 });

/** Items confirmed so far (upload: asked past or acknowledged; download: received) out of `total`. */
export interface TransferProgress {
  done: number;
  total: number;
}

export type TransferRequest =
  | { operation: 'upload'; items: readonly MissionItem[] }
  | { operation: 'download' }
  | { operation: 'clear' };

export type TransferResult =
  | { ok: true; items: MissionItem[] | null }
  | { ok: false; error: MissionTransferError };

export type TransferStep =
  | { kind: 'idle' }
  /** Upload: MISSION_COUNT sent, no request yet (or, for 0 items, waiting for the ACK). */
  | { kind: 'sending-count' }
  /** Upload: answering requests; `asked` is the latest item asked for. */
  | { kind: 'sending-items'; asked: number }
  /** Download: MISSION_REQUEST_LIST sent, waiting for MISSION_COUNT. */
  | { kind: 'requesting-count' }
  /** Download: MISSION_REQUEST_INT for `next` outstanding. */
  | { kind: 'requesting-items'; next: number }
  /** MISSION_CLEAR_ALL sent, waiting for the ACK. */
  | { kind: 'clearing' }
  | { kind: 'done' };

export type TimerKind = 'retry' | 'transfer' | 'stall';

/** What the machine needs from its shell. */
export interface MachinePorts {
  send(data: MavLinkData): void;
  /** Arms the timer of this kind, replacing it if armed; the shell calls `onTimeout(kind)` when it fires. */
  arm(timer: TimerKind, ms: number): void;
  progress(p: TransferProgress): void;
  /** Called exactly once; the shell disarms every timer. */
  finish(result: TransferResult): void;
}

export interface MachineInit {
  vehicle: string;
  type: MissionType;
  request: TransferRequest;
  target: Target;
  timing: MissionTiming;
  ports: MachinePorts;
}

export class TransferMachine {
  readonly operation: TransferOperation;
  readonly type: MissionType;
  private state: TransferStep = { kind: 'idle' };
  private readonly items: readonly MissionItem[];
  /** Outgoing items, built on first request (resends reuse them). */
  private readonly built: MavLinkData[] = [];
  private readonly received: MissionItem[] = [];
  private total: number | null = null;
  private done = -1;
  private retries = 0;
  private lastSent: MavLinkData | null = null;
  /** Upload: highest item asked for. */
  private highest = -1;
  /** Upload: whether the last item has gone out. Before, an ACCEPTED is stale; after, an ERROR is ambiguous. */
  private lastItemOut = false;
  /** The vehicle has answered INVALID_SEQUENCE: worth saying if the transfer then times out. */
  private outOfSequence = false;

  constructor(private readonly init: MachineInit) {
    this.operation = init.request.operation;
    this.type = init.type;
    this.items = init.request.operation === 'upload' ? init.request.items : [];
  }

  get step(): TransferStep {
    return this.state;
  }

  /** Items done and the total (null until a download learns it). */
  get position(): { done: number; total: number | null } {
    return { done: Math.max(0, this.done), total: this.total };
  }

  /** Sends the first message. */
  start(): void {
    if (this.state.kind !== 'idle') return;
    const t = this.init.target;
    switch (this.operation) {
      case 'upload':
        this.total = this.items.length;
        this.report(0);
        this.state = { kind: 'sending-count' };
        this.transmit(missionCount(t, this.type, this.items.length));
        break;
      case 'download':
        this.state = { kind: 'requesting-count' };
        this.transmit(missionRequestList(t, this.type));
        break;
      case 'clear':
        this.state = { kind: 'clearing' };
        this.transmit(missionClearAll(t, this.type));
        break;
    }
    this.moved();
  }

  /** MISSION_REQUEST_INT or legacy MISSION_REQUEST: answer with exactly the item asked for. */
  onRequest(type: MissionType, seq: number): void {
    const s = this.state;
    if (type !== this.type || (s.kind !== 'sending-count' && s.kind !== 'sending-items')) return;
    // Past the end there is nothing to answer with; a stale request from an older transfer looks like this.
    if (seq >= this.items.length) return;
    this.retries = 0;
    const forward = s.kind === 'sending-count' || seq > this.highest || seq === s.asked + 1;
    this.state = { kind: 'sending-items', asked: seq };
    let msg = this.built[seq];
    if (msg === undefined) {
      msg = missionItemInt(this.init.target, this.type, this.items[seq]);
      this.built[seq] = msg;
    }
    this.transmit(msg);
    if (seq === this.items.length - 1) this.lastItemOut = true;
    if (seq > this.highest) this.highest = seq;
    // Asking for item n means items before it arrived.
    if (forward) this.moved();
    this.report(seq);
  }

  /** MISSION_COUNT from the vehicle (download). */
  onCount(type: MissionType, count: number): void {
    if (type !== this.type || this.state.kind !== 'requesting-count') return;
    this.total = count;
    this.report(0);
    if (count === 0) {
      this.succeed([]);
      return;
    }
    this.state = { kind: 'requesting-items', next: 0 };
    this.transmit(missionRequestInt(this.init.target, this.type, 0));
    this.moved();
  }

  /** MISSION_ITEM_INT, or legacy MISSION_ITEM already converted to the _INT scaling (download). */
  onItem(type: MissionType, item: MissionItem): void {
    const s = this.state;
    if (type !== this.type || s.kind !== 'requesting-items') return;
    this.retries = 0;
    if (item.seq < s.next) return; // a duplicate of one we have
    if (item.seq > s.next) {
      // Not what we asked for: ask again for the one we want.
      this.transmit(missionRequestInt(this.init.target, this.type, s.next));
      return;
    }
    this.received.push(item);
    const next = s.next + 1;
    this.report(next);
    if (next === this.total) {
      this.succeed(this.received);
      return;
    }
    this.state = { kind: 'requesting-items', next };
    this.transmit(missionRequestInt(this.init.target, this.type, next));
    this.moved();
  }

  /** MISSION_ACK from the vehicle. */
  onAck(type: MissionType, result: number): void {
    const s = this.state;
    if (type !== this.type || s.kind === 'idle' || s.kind === 'done') return;
    // Out of sequence is recoverable (the spec says so): ArduPilot answers a duplicate item with it
    // and keeps asking. It is an answer all the same: the vehicle is there.
    if (result === MISSION_RESULT.INVALID_SEQUENCE) {
      this.retries = 0;
      this.outOfSequence = true;
      return;
    }
    if (s.kind === 'sending-items' && result === MISSION_RESULT.ERROR && this.lastItemOut) {
      this.finish({ ok: false, error: unconfirmedError(this.init.vehicle, this.type, this.items.length - 1) });
      return;
    }
    if (result !== MISSION_RESULT.ACCEPTED) {
      const seq = s.kind === 'sending-items' ? s.asked : s.kind === 'requesting-items' ? s.next : null;
      this.finish({ ok: false, error: ackError(this.init.vehicle, this.operation, this.type, result, seq) });
      return;
    }
    if (s.kind === 'clearing') {
      this.finish({ ok: true, items: null });
    } else if ((s.kind === 'sending-count' && this.items.length === 0) || (s.kind === 'sending-items' && this.lastItemOut)) {
      this.report(this.items.length);
      this.finish({ ok: true, items: null });
    }
    // Any other ACCEPTED (e.g. a late duplicate from an earlier transfer) proves nothing: ignore it.
  }

  /** A timer the shell armed has fired. */
  onTimeout(timer: TimerKind): void {
    const s = this.state;
    if (s.kind === 'idle' || s.kind === 'done') return;
    const { retries, retryMs, transferTimeoutMs, stallTimeoutMs } = this.init.timing;
    const nack = this.outOfSequence ? '; it had answered "item out of sequence"' : '';
    if (timer === 'transfer') {
      this.abort('timeout', `nothing heard for ${transferTimeoutMs / 1000} s after ${Math.min(this.retries, retries)} retries (waiting for ${this.awaited()}${nack})`);
      return;
    }
    if (timer === 'stall') {
      this.abort('timeout', `no progress for ${stallTimeoutMs / 1000} s although it answers (waiting for ${this.awaited()}${nack})`);
      return;
    }
    this.retries++;
    if (this.lastSent !== null) this.init.ports.send(this.lastSent);
    this.init.ports.arm('retry', retryMs);
  }

  /** Stops the transfer on our side: tells the vehicle (upload and download) and fails with `cancelled`. */
  cancel(): boolean {
    const s = this.state;
    if (s.kind === 'idle' || s.kind === 'done') return false;
    this.abort('cancelled', null);
    return true;
  }

  /** The connection is closing: fail with `stopped`, sending nothing. */
  stop(): void {
    const s = this.state;
    if (s.kind === 'done') return;
    this.fail('stopped', null);
  }

  /** Ends the transfer on our side and tells the vehicle so it stops asking (a clear has nothing to stop). */
  private abort(code: 'timeout' | 'cancelled', why: string | null): void {
    if (this.operation !== 'clear') this.init.ports.send(missionAck(this.init.target, this.type, MISSION_RESULT.OPERATION_CANCELLED));
    this.fail(code, why);
  }

  private transmit(msg: MavLinkData): void {
    this.lastSent = msg;
    this.init.ports.send(msg);
    this.init.ports.arm('retry', this.init.timing.retryMs);
  }

  /** The transfer advanced: the retry count and the no-progress deadline start over. (Any answer resets the retry count.) */
  private moved(): void {
    this.retries = 0;
    this.init.ports.arm('transfer', this.init.timing.transferTimeoutMs);
    this.init.ports.arm('stall', this.init.timing.stallTimeoutMs);
  }

  /** Anything at all from the vehicle while the transfer runs: it is still there. */
  heard(): void {
    const s = this.state.kind;
    if (s !== 'idle' && s !== 'done') this.init.ports.arm('transfer', this.init.timing.transferTimeoutMs);
  }

  private report(done: number): void {
    if (done <= this.done || this.total === null) return;
    this.done = done;
    this.init.ports.progress({ done, total: this.total });
  }

  private succeed(items: MissionItem[]): void {
    this.init.ports.send(missionAck(this.init.target, this.type, MISSION_RESULT.ACCEPTED));
    this.finish({ ok: true, items });
  }

  /** What we were waiting for, in the words of the protocol. */
  private awaited(): string {
    const s = this.state;
    switch (s.kind) {
      case 'sending-count': return this.items.length === 0 ? 'MISSION_ACK' : 'the first item request';
      case 'sending-items': return s.asked === this.items.length - 1 ? 'MISSION_ACK' : `the request after item ${s.asked}`;
      case 'requesting-count': return 'MISSION_COUNT';
      case 'requesting-items': return `item ${s.next}`;
      case 'clearing': return 'MISSION_ACK';
      default: return 'nothing';
    }
  }

  private fail(code: 'timeout' | 'cancelled' | 'stopped', why: string | null): void {
    const { vehicle } = this.init;
    const s = this.state;
    const seq = s.kind === 'sending-items' ? s.asked : s.kind === 'requesting-items' ? s.next : null;
    const words = transferWords(this.operation, this.type);
    const title = words[0].toUpperCase() + words.slice(1);
    const at = this.total === null || this.operation === 'clear' ? '' : ` at item ${Math.max(0, this.done)} of ${this.total}`;
    const dir = this.operation === 'download' ? 'from' : this.operation === 'upload' ? 'to' : 'on';
    const message = code === 'timeout'
      ? `${title} ${dir} ${vehicle} timed out: ${why ?? ''}`
      : code === 'cancelled'
        ? `${title} ${dir} ${vehicle} cancelled${at}`
        : `${title} ${dir} ${vehicle} stopped${at}: the vehicle connection closed`;
    this.finish({ ok: false, error: new MissionTransferError(message, { code, vehicle, operation: this.operation, missionType: this.type, seq }) });
  }

  private finish(result: TransferResult): void {
    if (this.state.kind === 'done') return;
    this.state = { kind: 'done' };
    this.init.ports.finish(result);
  }
}
