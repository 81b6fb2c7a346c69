/**
 * The simulated autopilot's failsafes, checked after every physics step while armed:
 * - Battery (ArduPilot's AP_BattMonitor): low when remaining capacity falls under BATT_LOW_MAH, or
 *   the voltage stays under BATT_LOW_VOLT for BATT_LOW_TIMER seconds; critical likewise with the
 *   _CRT_ values. Each stage fires once per boot: a CRITICAL STATUSTEXT, then its action
 *   (BATT_FS_LOW_ACT / BATT_FS_CRT_ACT: 0 warn only, 1 land, 2 RTL, 3 SmartRTL→RTL, 4 SmartRTL→land,
 *   5 terminate). On the ground the action is a disarm instead.
 * - Geofence (FENCE_ENABLE): a breach while flying sends a CRITICAL STATUSTEXT and runs FENCE_ACTION
 *   (0 report only, 1/3/6 RTL, 2/5 land, 4 brake) once; going back inside re-arms the check.
 */
import { common } from 'node-mavlink';
import type { MissionItem } from '../../missions/mission-item.js';
import { fenceBreach, fenceZones, type FenceBreach, type FenceZone } from './geofence.js';
import type { ParamStore } from './param-store.js';
import type { SimVehicle } from './vehicle.js';

/** What a failsafe asks the autopilot to do. */
export type FailsafeAction = 'none' | 'rtl' | 'land' | 'brake' | 'terminate';

export interface FailsafeHost {
  readonly vehicle: SimVehicle;
  readonly params: ParamStore;
  text(severity: number, text: string): void;
  /** Carries out `action` (the host knows the modes and what to fall back to). */
  act(action: FailsafeAction): void;
}

const SEV = common.MavSeverity;
const BATTERY_ACTIONS: Record<number, FailsafeAction> = { 0: 'none', 1: 'land', 2: 'rtl', 3: 'rtl', 4: 'land', 5: 'terminate' };
const FENCE_ACTIONS: Record<number, FailsafeAction> = { 0: 'none', 1: 'rtl', 2: 'land', 3: 'rtl', 4: 'brake', 5: 'land', 6: 'rtl' };
const BREACH_NAMES: Record<Exclude<FenceBreach, null>, string> = { altitude: 'Max Alt', circle: 'Circle', polygon: 'Polygon' };

export class Failsafes {
  /** Battery stage reached: 0 none, 1 low, 2 critical. */
  batteryStage = 0;
  /** The fence breach in force, if any. */
  breach: FenceBreach = null;
  private lowVoltFor = 0;
  private critVoltFor = 0;
  private zones: FenceZone[] = [];

  constructor(private readonly host: FailsafeHost) {}

  /** Rebuilds the fence zones from a newly stored fence list. */
  setFence(items: readonly MissionItem[]): void {
    this.zones = fenceZones(items, this.host.vehicle.frame);
  }

  /** The breach at the drone's present position (for the arming check), ignoring FENCE_ENABLE. */
  breachHere(): FenceBreach {
    const p = this.host.params;
    const b = this.host.vehicle.body;
    return fenceBreach(b, b.up, this.zones, { type: p.get('FENCE_TYPE'), altMax: p.get('FENCE_ALT_MAX'), radius: p.get('FENCE_RADIUS') });
  }

  /** True when the battery is already under the low thresholds (the arming check). */
  batteryLow(): boolean {
    const p = this.host.params;
    const bat = this.host.vehicle.battery;
    const lowV = p.get('BATT_LOW_VOLT');
    return this.batteryStage > 0 || remainingMah(this.host.vehicle) < p.get('BATT_LOW_MAH') || (lowV > 0 && bat.voltage < lowV);
  }

  /** Runs the checks for one physics step of `dt` seconds. */
  check(dt: number): void {
    const v = this.host.vehicle;
    if (!v.armed) return;
    this.checkBattery(dt);
    this.checkFence();
  }

  private checkBattery(dt: number): void {
    const p = this.host.params;
    const v = this.host.vehicle;
    const volts = v.battery.voltage;
    const left = remainingMah(v);
    const timer = p.get('BATT_LOW_TIMER');
    const lowV = p.get('BATT_LOW_VOLT');
    const critV = p.get('BATT_CRT_VOLT');
    this.lowVoltFor = lowV > 0 && volts < lowV ? this.lowVoltFor + dt : 0;
    this.critVoltFor = critV > 0 && volts < critV ? this.critVoltFor + dt : 0;
    const crit = left < p.get('BATT_CRT_MAH') || (critV > 0 && this.critVoltFor >= timer);
    const low = crit || left < p.get('BATT_LOW_MAH') || (lowV > 0 && this.lowVoltFor >= timer);
    const stage = crit ? 2 : low ? 1 : 0;
    if (stage <= this.batteryStage) return;
    this.batteryStage = stage;
    const word = stage === 2 ? 'critical' : 'low';
    const used = Math.round(v.battery.consumedMah);
    this.host.text(SEV.CRITICAL, `Battery 1 is ${word} ${volts.toFixed(2)}V used ${used} mAh`);
    const action = BATTERY_ACTIONS[p.get(stage === 2 ? 'BATT_FS_CRT_ACT' : 'BATT_FS_LOW_ACT')] ?? 'none';
    this.host.act(action);
  }

  private checkFence(): void {
    const v = this.host.vehicle;
    if (this.host.params.get('FENCE_ENABLE') !== 1 || !v.airborne) {
      this.breach = null;
      return;
    }
    const now = this.breachHere();
    const fresh = now !== null && this.breach === null;
    this.breach = now;
    if (!fresh) return;
    this.host.text(SEV.CRITICAL, `Fence Breached: ${BREACH_NAMES[now]}`);
    this.host.act(FENCE_ACTIONS[this.host.params.get('FENCE_ACTION')] ?? 'rtl');
  }
}

function remainingMah(v: SimVehicle): number {
  return Math.max(0, v.battery.capacityMah - v.battery.consumedMah);
}
