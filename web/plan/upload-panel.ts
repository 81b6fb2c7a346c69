/**
 * Assigns the plan to a vehicle and uploads it: saves first when needed, shows the transfer's
 * progress from the vehicle's room, then downloads what the vehicle holds and compares it with
 * the plan's items.
 */
import type { MissionItem } from '../../missions/mission-item.js';
import type { TransferProgressDTO } from '../../server/protocol.js';
import type { FleetStore } from '../fleet/store.js';
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { uploadPlan } from '../net/plans-api.js';
import type { FleetConnection } from '../net/socket.js';
import { compareMissions } from './mission-compare.js';

/** A download of a long mission over a slow radio takes a while; past this it has failed. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

export type UploadState = 'idle' | 'saving' | 'uploading' | 'downloading' | 'done' | 'failed';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`planner markup lacks #${id}`);
  return el as T;
}

export interface UploadPanelOptions {
  connection: FleetConnection;
  /** Saves the plan when it is new or changed; its id and the items the server made, or null when it cannot be saved. */
  ensureSaved(): Promise<{ id: string; items: MissionItem[] } | null>;
}

export class UploadPanel {
  private readonly vehicle = byId<HTMLSelectElement>('plan-vehicle');
  private readonly button = byId<HTMLButtonElement>('plan-upload');
  private readonly progress = byId<HTMLProgressElement>('plan-upload-progress');
  private readonly status = byId('plan-upload-status');
  private readonly compare = byId('plan-compare');
  private active: { vehicleId: string; operation: 'upload' | 'download' } | null = null;
  private ready = false;

  constructor(private readonly o: UploadPanelOptions) {
    this.button.addEventListener('click', () => void this.run());
    this.vehicle.addEventListener('change', () => this.updateButton());
    o.connection.socket.on('vehicle:transfer', (p) => this.onProgress(p));
  }

  /** Lists the vehicles to choose from, keeping the choice. */
  renderVehicles(store: FleetStore): void {
    const chosen = this.vehicle.value;
    const vehicles = [...store.values()].sort((a, b) => a.name.localeCompare(b.name));
    const none = document.createElement('option');
    none.value = '';
    none.textContent = t('plan.upload.chooseVehicle');
    this.vehicle.replaceChildren(
      none,
      ...vehicles.map((v) => {
        const option = document.createElement('option');
        option.value = v.id;
        option.textContent = v.name;
        return option;
      }),
    );
    this.vehicle.value = vehicles.some((v) => v.id === chosen) ? chosen : '';
    this.updateButton();
  }

  /** Whether the plan on screen can be uploaded (it exists and has no errors). */
  setReady(ready: boolean): void {
    this.ready = ready;
    this.updateButton();
  }

  private updateButton(): void {
    this.button.disabled = !this.ready || !this.vehicle.value || this.active !== null;
  }

  private setState(state: UploadState, key: MessageKey | null, params?: Record<string, string | number>): void {
    this.status.dataset.state = state;
    this.status.textContent = key ? t(key, params) : '';
  }

  private onProgress(p: TransferProgressDTO): void {
    const a = this.active;
    if (!a || p.vehicleId !== a.vehicleId || p.missionType !== 'mission' || p.operation !== a.operation || p.total <= 0) return;
    this.progress.max = p.total;
    this.progress.value = p.done;
  }

  private async run(): Promise<void> {
    const vehicleId = this.vehicle.value;
    if (!vehicleId || this.active) return;
    const { connection } = this.o;
    this.compare.textContent = '';
    delete this.compare.dataset.match;
    this.active = { vehicleId, operation: 'upload' };
    this.updateButton();
    // Progress goes to the vehicle's room.
    await connection.watch(vehicleId);
    try {
      this.setState('saving', 'plan.upload.saving');
      const saved = await this.o.ensureSaved();
      if (!saved) {
        this.setState('failed', 'plan.upload.notSaved');
        return;
      }
      this.progress.hidden = false;
      this.progress.value = 0;
      this.setState('uploading', 'plan.upload.uploading');
      const { count } = await uploadPlan(saved.id, vehicleId);
      this.progress.value = this.progress.max;
      this.active = { vehicleId, operation: 'download' };
      this.setState('downloading', 'plan.upload.verifying', { count });
      const result = await connection.socket.timeout(DOWNLOAD_TIMEOUT_MS).emitWithAck('vehicle:mission:download', vehicleId, 'mission');
      if (!result.ok) throw new Error(result.error);
      this.showComparison(saved.items, result.data.items as MissionItem[]);
      this.setState('done', 'plan.upload.done', { count });
    } catch (err) {
      this.setState('failed', 'plan.upload.failed', { message: (err as Error).message });
    } finally {
      connection.unwatch(vehicleId);
      this.active = null;
      this.updateButton();
    }
  }

  private showComparison(planned: MissionItem[], held: MissionItem[]): void {
    const c = compareMissions(planned, held);
    this.compare.dataset.match = String(c.matches);
    this.compare.dataset.count = String(c.vehicleCount);
    if (c.matches) {
      this.compare.textContent = t('plan.compare.match', { count: c.vehicleCount });
      return;
    }
    const shown = c.differences.slice(0, 5).map((d) => `#${d.seq} (${d.fields.join(', ')})`).join('; ');
    this.compare.textContent = t('plan.compare.differ', { planned: c.plannedCount, held: c.vehicleCount, items: shown });
  }
}
