/**
 * The ground-station side of the MAVLink mission protocol for one vehicle: upload, download and
 * clear of its mission, geofence and rally lists. A thin shell around {@link TransferMachine}: it
 * checks items, enforces one transfer at a time, wires Clock timers and the send port, and feeds
 * the machine the vehicle's messages (from `VehicleConnection.subscribeMessages`).
 */
import type { MavLinkData, common } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../../missions/mission-item.js';
import type { Clock, TimerHandle } from '../../clock.js';
import type { InboundMessage } from '../../mavlink/frame.js';
import { checkMissionItems } from './check-items.js';
import { MISSION_MSG, itemFromInt, itemFromLegacy, missionTypeOf } from './mission-messages.js';
import { MissionTransferError, transferWords } from './mission-transfer-error.js';
import type { MissionErrorCode, TransferOperation } from './mission-transfer-error.js';
import { MISSION_TIMING, TransferMachine } from './transfer-machine.js';
import type { MissionTiming, TimerKind, TransferProgress, TransferRequest, TransferResult } from './transfer-machine.js';

export interface MissionTransferOptions {
  clock: Clock;
  /** Writes one message to this vehicle's link and peer. */
  send: (data: MavLinkData) => void;
  /** The vehicle's system id and its autopilot's component id. */
  targetSystem: number;
  targetComponent: number;
  /** How errors name the vehicle ("Forest survey rejected the mission at item 12: …"). */
  vehicleName: string;
  /** Our own ids: requests addressed to another ground station are not ours to answer. Default 255/190. */
  ourSysid?: number;
  ourCompid?: number;
  timing?: Partial<MissionTiming>;
}

export interface TransferOptions {
  /** Called as items are confirmed; `done` never goes down and ends at `total` on success. */
  onProgress?: (progress: TransferProgress) => void;
  /** Aborting cancels the transfer as {@link MissionTransfer.cancel} does. */
  signal?: AbortSignal;
}

/** The transfer in progress on this vehicle. */
export interface RunningTransfer {
  operation: TransferOperation;
  missionType: MissionType;
  done: number;
  /** Null until a download hears the vehicle's count. */
  total: number | null;
}

export class MissionTransfer {
  private readonly o: MissionTransferOptions & { ourSysid: number; ourCompid: number; timing: MissionTiming };
  private current: TransferMachine | null = null;
  private readonly timers: Record<TimerKind, TimerHandle | null> = { retry: null, transfer: null, stall: null };
  private stopped = false;

  constructor(opts: MissionTransferOptions) {
    this.o = { ...opts, ourSysid: opts.ourSysid ?? 255, ourCompid: opts.ourCompid ?? 190, timing: { ...MISSION_TIMING, ...opts.timing } };
  }

  get running(): RunningTransfer | null {
    const m = this.current;
    if (m === null) return null;
    return { operation: m.operation, missionType: m.type, ...m.position };
  }

  /** Sends `items` as the vehicle's `type` list, replacing it; resolves when the vehicle ACKs ACCEPTED. 0 items clears. */
  async upload(type: MissionType, items: readonly MissionItem[], opts: TransferOptions = {}): Promise<void> {
    // A copy, checked and sent as it was when called, whatever the caller does with its array meanwhile.
    const copy = Array.isArray(items) ? items.map((item) => (typeof item === 'object' && item !== null ? { ...item } : item)) : items;
    await this.run(type, { operation: 'upload', items: copy }, opts);
  }

  /** Reads the vehicle's `type` list. */
  async download(type: MissionType, opts: TransferOptions = {}): Promise<MissionItem[]> {
    return (await this.run(type, { operation: 'download' }, opts)) ?? [];
  }

  /** Clears the vehicle's `type` list with MISSION_CLEAR_ALL. */
  async clear(type: MissionType, opts: TransferOptions = {}): Promise<void> {
    await this.run(type, { operation: 'clear' }, opts);
  }

  /** Cancels the running transfer (its promise rejects with code `cancelled`); false when none runs. */
  cancel(): boolean {
    return this.current?.cancel() ?? false;
  }

  /** Takes one inbound message of this vehicle's system; anything not for a running transfer is ignored. */
  handle(msg: InboundMessage): void {
    const m = this.current;
    if (m === null) return;
    if (msg.sysid === this.o.targetSystem) m.heard();
    switch (msg.msgid) {
      case MISSION_MSG.MISSION_REQUEST_INT:
      case MISSION_MSG.MISSION_REQUEST: {
        const d = msg.data as common.MissionRequestInt;
        const type = this.accept(msg, d);
        if (type !== null) m.onRequest(type, d.seq);
        return;
      }
      case MISSION_MSG.MISSION_COUNT: {
        const d = msg.data as common.MissionCount;
        const type = this.accept(msg, d);
        if (type !== null) m.onCount(type, d.count);
        return;
      }
      case MISSION_MSG.MISSION_ITEM_INT: {
        const d = msg.data as common.MissionItemInt;
        const type = this.accept(msg, d);
        if (type !== null) m.onItem(type, itemFromInt(d));
        return;
      }
      case MISSION_MSG.MISSION_ITEM: {
        const d = msg.data as common.MissionItem;
        const type = this.accept(msg, d);
        if (type !== null) m.onItem(type, itemFromLegacy(d));
        return;
      }
      case MISSION_MSG.MISSION_ACK: {
        const d = msg.data as common.MissionAck;
        const type = this.accept(msg, d);
        if (type !== null) m.onAck(type, d.type as number);
        return;
      }
      default:
    }
  }

  /** Fails a running transfer with `stopped` (nothing more is sent) and refuses new ones. */
  stop(): void {
    this.stopped = true;
    this.current?.stop();
  }

  /** The message's mission type when it comes from our vehicle and is addressed to us (or broadcast), else null. */
  private accept(msg: InboundMessage, d: { targetSystem: number; targetComponent: number; missionType: unknown }): MissionType | null {
    const o = this.o;
    if (msg.sysid !== o.targetSystem || (o.targetComponent !== 0 && msg.compid !== o.targetComponent)) return null;
    if (d.targetSystem !== 0 && d.targetSystem !== o.ourSysid) return null;
    if (d.targetComponent !== 0 && d.targetComponent !== o.ourCompid) return null;
    return missionTypeOf(d.missionType as number);
  }

  private refuse(code: MissionErrorCode, operation: TransferOperation, type: MissionType, message: string, seq: number | null = null): Promise<never> {
    return Promise.reject(new MissionTransferError(message, { code, vehicle: this.o.vehicleName, operation, missionType: type, seq }));
  }

  private run(type: MissionType, request: TransferRequest, opts: TransferOptions): Promise<MissionItem[] | null> {
    const { operation } = request;
    const vehicle = this.o.vehicleName;
    const words = transferWords(operation, type);
    const dir = operation === 'download' ? 'from' : operation === 'upload' ? 'to' : 'on';
    if (this.stopped) return this.refuse('stopped', operation, type, `Cannot start the ${words} ${dir} ${vehicle}: the vehicle connection is closed`);
    const busy = this.running;
    if (busy !== null) {
      const what = transferWords(busy.operation, busy.missionType);
      const at = busy.total === null ? '' : ` (item ${busy.done} of ${busy.total})`;
      return this.refuse('busy', operation, type, `Cannot start the ${words}: ${vehicle} is busy with a ${what}${at}; wait for it to finish or cancel it`);
    }
    if (request.operation === 'upload') {
      const problem = checkMissionItems(request.items);
      if (problem !== null) return this.refuse('invalid_items', operation, type, `The ${words} ${dir} ${vehicle} was not started: ${problem.message}`, problem.index);
    }
    if (opts.signal?.aborted) return this.refuse('cancelled', operation, type, `The ${words} ${dir} ${vehicle} was cancelled before it started`);

    return new Promise((resolve, reject) => {
      const signal = opts.signal;
      const onAbort = (): void => {
        machine.cancel();
      };
      const finish = (result: TransferResult): void => {
        this.disarm('retry');
        this.disarm('transfer');
        this.disarm('stall');
        if (this.current === machine) this.current = null;
        signal?.removeEventListener('abort', onAbort);
        if (result.ok) resolve(result.items);
        else reject(result.error);
      };
      const machine: TransferMachine = new TransferMachine({
        vehicle,
        type,
        request,
        target: { targetSystem: this.o.targetSystem, targetComponent: this.o.targetComponent },
        timing: this.o.timing,
        ports: {
          send: (data) => {
            try {
              this.o.send(data);
            } catch {
              // A frame that cannot be written is a lost frame: the retries cover it.
            }
          },
          arm: (timer, ms) => {
            this.disarm(timer);
            this.timers[timer] = this.o.clock.setTimeout(() => {
              this.timers[timer] = null;
              if (this.current === machine) machine.onTimeout(timer);
            }, ms);
          },
          progress: (p) => {
            try {
              opts.onProgress?.(p);
            } catch {
              // A failing progress listener must not leave the transfer half-done on the wire.
            }
          },
          finish,
        },
      });
      this.current = machine;
      signal?.addEventListener('abort', onAbort, { once: true });
      machine.start();
    });
  }

  private disarm(timer: TimerKind): void {
    const h = this.timers[timer];
    if (h !== null) this.o.clock.clear(h);
    this.timers[timer] = null;
  }
}
