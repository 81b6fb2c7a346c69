/**
 * What the selected vehicle holds as its mission, downloaded from the vehicle when it is selected
 * and again after someone uploads a new one, to draw beside the flown trail and to measure
 * progress along. A download waits until the vehicle's transfers have been quiet for a moment,
 * so it never competes with an upload or another operator's read-back, and waits altogether while
 * the planner is shown (it uploads and reads back itself).
 */
import type { MissionItem } from '../../missions/mission-item.js';
import type { TransferProgressDTO } from '../../server/protocol.js';
import { canDo } from '../auth/permissions.js';
import type { FleetSocket } from '../net/socket.js';
import { plannedPath, type PlannedPath } from './planned-path.js';

/** Quiet time after the vehicle's last transfer event before reading its mission. */
const QUIET_MS = 1500;
/** A busy vehicle is asked again this many times. */
const RETRIES = 3;
const DOWNLOAD_TIMEOUT_MS = 30_000;

export type PlannedState = { kind: 'none' } | { kind: 'loading' } | { kind: 'ready'; path: PlannedPath; items: number } | { kind: 'failed'; error: string };

type DownloadAnswer = { ok: true; data: { items: unknown[] } } | { ok: false; error: string };

function isMissionItem(x: unknown): x is MissionItem {
  const i = x as Partial<MissionItem> | null;
  return !!i && typeof i.seq === 'number' && typeof i.command === 'number' && typeof i.frame === 'number' && typeof i.x === 'number' && typeof i.y === 'number';
}

export class PlannedMission {
  private vehicleId: string | null = null;
  private current: PlannedState = { kind: 'none' };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastTransfer = -Infinity;
  private tries = 0;
  private paused = false;
  /** A read was due while paused. */
  private owed = false;
  /** Grows on every change of state, so views redraw only when it moved. */
  version = 0;

  constructor(
    private readonly socket: FleetSocket,
    private readonly onChange: () => void,
  ) {
    socket.on('vehicle:transfer', (p) => this.onTransfer(p));
  }

  get state(): PlannedState {
    return this.current;
  }

  /** The shown vehicle's path, when known. */
  path(): PlannedPath | null {
    return this.current.kind === 'ready' ? this.current.path : null;
  }

  /** Shows another vehicle's mission (or none): reads it from the vehicle. */
  show(vehicleId: string | null): void {
    if (vehicleId === this.vehicleId) return;
    this.vehicleId = vehicleId;
    this.lastTransfer = -Infinity;
    this.tries = 0;
    this.set(vehicleId ? { kind: 'loading' } : { kind: 'none' });
    this.schedule(0);
  }

  /** While paused nothing is read from the vehicle; a read that fell due runs on resuming. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused && this.owed) this.schedule(0);
  }

  private onTransfer(p: TransferProgressDTO): void {
    if (p.vehicleId !== this.vehicleId || p.missionType !== 'mission') return;
    this.lastTransfer = performance.now();
    // A finished upload changed what the vehicle holds; any transfer postpones a pending read.
    if ((p.operation === 'upload' && p.done >= p.total) || this.timer) {
      this.tries = 0;
      this.schedule(QUIET_MS);
    }
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.vehicleId) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const quietFor = performance.now() - this.lastTransfer;
      this.owed = this.paused;
      if (this.paused) return;
      if (quietFor < QUIET_MS) this.schedule(QUIET_MS - quietFor);
      else void this.download();
    }, ms);
  }

  private async download(): Promise<void> {
    const id = this.vehicleId;
    if (!id || !this.socket.connected) return;
    if (!canDo('mission:read')) return this.set({ kind: 'none' });
    let answer: DownloadAnswer | null;
    try {
      answer = await this.socket.timeout(DOWNLOAD_TIMEOUT_MS).emitWithAck('vehicle:mission:download', id, 'mission');
    } catch {
      answer = null;
    }
    if (id !== this.vehicleId) return;
    if (answer?.ok) {
      const items = (answer.data.items ?? []).filter(isMissionItem);
      // ArduPilot always holds home as item 0: one item is no mission.
      this.set(items.length <= 1 ? { kind: 'none' } : { kind: 'ready', path: plannedPath(items), items: items.length });
      return;
    }
    const error = answer ? answer.error : 'no answer';
    // Someone else's transfer got there first: try again once it is over.
    if (/busy|in progress/i.test(error) && this.tries++ < RETRIES) {
      this.schedule(QUIET_MS);
      return;
    }
    this.set({ kind: 'failed', error });
  }

  private set(state: PlannedState): void {
    this.current = state;
    this.version++;
    this.onChange();
  }
}
