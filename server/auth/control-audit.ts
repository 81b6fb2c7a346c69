/**
 * Vehicle actions with their audit entry: who did what to which vehicle and how it ended (the
 * error message when it failed). REST routes and socket events both go through here, so neither
 * path can act on a vehicle unrecorded.
 */
import type { MissionType } from '../../missions/mission-item.js';
import type { ChecklistGate } from '../checklist/checklist-service.js';
import type { FleetControl } from '../control/fleet-control.js';
import type { AuditLog } from './audit-log.js';
import type { AuthContext } from './request-auth.js';

/** Action bodies are small; anything larger is recorded by its type only. */
const MAX_DETAIL_CHARS = 1000;

export class ControlAudit {
  constructor(
    private readonly control: FleetControl,
    private readonly audit: AuditLog,
    /** Holds arming back until the pre-flight checklist is complete (null: no checklist). */
    private readonly checklist: ChecklistGate | null = null,
  ) {}

  /** One action (arm, takeoff, mode …), audited as `vehicle.<type>`. */
  command(actor: AuthContext | null, vehicleId: string, body: unknown): ReturnType<FleetControl['command']> {
    const type = (body as { type?: unknown } | null)?.type;
    const action = typeof type === 'string' && /^[a-z_]{1,32}$/.test(type) ? `vehicle.${type}` : 'vehicle.command';
    const detail = JSON.stringify(body ?? null).length <= MAX_DETAIL_CHARS ? { action: body } : { action: { type } };
    return this.run(actor, action, vehicleId, detail, async () => {
      if (type === 'arm') await this.checklist?.assertCanArm(vehicleId, actor);
      return this.control.command(vehicleId, body);
    });
  }

  /** Uploads mission, fence or rally; `items` may throw (a malformed body), which is audited too. */
  upload(actor: AuthContext | null, vehicleId: string, type: MissionType, items: () => Parameters<FleetControl['upload']>[2]): ReturnType<FleetControl['upload']> {
    return this.run(actor, 'mission.upload', vehicleId, { type }, () => this.control.upload(vehicleId, type, items()));
  }

  clear(actor: AuthContext | null, vehicleId: string, type: MissionType): Promise<void> {
    return this.run(actor, 'mission.clear', vehicleId, { type }, () => this.control.clear(vehicleId, type));
  }

  cancelTransfer(actor: AuthContext | null, vehicleId: string): Promise<ReturnType<FleetControl['cancelTransfer']>> {
    return this.run(actor, 'mission.cancel', vehicleId, {}, async () => this.control.cancelTransfer(vehicleId));
  }

  setParam(actor: AuthContext | null, vehicleId: string, name: string, value: number): ReturnType<FleetControl['setParam']> {
    return this.run(actor, 'vehicle.param', vehicleId, { name, value }, () => this.control.setParam(vehicleId, name, value));
  }

  private async run<T>(actor: AuthContext | null, action: string, target: string, detail: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      await this.audit.record({ actor, action, target, detail, outcome: 'ok' });
      return result;
    } catch (err) {
      await this.audit.record({ actor, action, target, detail: { ...detail, error: (err as Error).message }, outcome: 'error' });
      throw err;
    }
  }
}
