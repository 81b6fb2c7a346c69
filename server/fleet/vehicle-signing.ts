/**
 * Turning MAVLink signing on and off for one vehicle of the fleet.
 *
 * SETUP_SIGNING carries the key in clear and goes over the path the vehicle is heard on now, so
 * do this while that path is one the operator trusts: a USB or serial cable, or a bench link,
 * not a radio anyone can listen to. It has no acknowledgement: the server sends it a few times
 * and takes the vehicle's first frame signed with the new key (for "off", its first unsigned
 * frame) as the answer. The key is stored before it is sent, so a key the vehicle may hold is
 * never lost; when the vehicle does not answer in time the change is withdrawn and the store
 * put back as it was.
 */
import type { Clock, TimerHandle } from '../../hardware/clock.js';
import { generateSigningKey } from '../../hardware/mavlink/signing-key.js';
import type { SigningGate } from '../../hardware/vehicle/signing-gate.js';
import type { FleetRegistry } from './fleet-registry.js';
import type { FleetVehicle } from './fleet-vehicle.js';
import type { SigningKeyStore } from './signing-key-store.js';

/** A refused or unanswered signing change, with the HTTP status and code the API answers with. */
export class SigningError extends Error {
  constructor(
    readonly status: 404 | 409 | 504,
    readonly code: 'not_found' | 'not_connected' | 'no_uid' | 'busy' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

export interface VehicleSigningOptions {
  fleet: FleetRegistry;
  keys: SigningKeyStore;
  clock: Clock;
  /** How long the vehicle has to show the change (default 3000 ms). */
  confirmTimeoutMs?: number;
  /** SETUP_SIGNING is sent again this often until then (default 250 ms). */
  resendMs?: number;
}

export class VehicleSigningService {
  private readonly busy = new Set<string>();

  constructor(private readonly opts: VehicleSigningOptions) {}

  /** Turns signing on (a fresh key, also when it is on already) or off; answers once the vehicle shows it. */
  async set(vehicleId: string, enabled: boolean): Promise<{ enabled: boolean }> {
    if (enabled) await this.enable(vehicleId);
    else await this.disable(vehicleId);
    return { enabled };
  }

  /** Gives the vehicle a new 32-byte key and signs everything to it from then on. */
  async enable(vehicleId: string): Promise<void> {
    await this.change(vehicleId, generateSigningKey());
  }

  /** Sends the all-zero key, which turns signing off on the vehicle, and stops signing to it. Nothing to do when it is off. */
  async disable(vehicleId: string): Promise<void> {
    const gate = this.find(vehicleId).connection.signing;
    if (gate?.state === 'off' && !this.busy.has(vehicleId)) return;
    await this.change(vehicleId, null);
  }

  private async change(vehicleId: string, key: Buffer | null): Promise<void> {
    const vehicle = this.find(vehicleId);
    const { connection } = vehicle;
    const gate = connection.signing;
    if (gate === null || vehicle.linkState !== 'connected') {
      throw new SigningError(409, 'not_connected', `vehicle ${vehicleId} is not connected; signing is set up over its live link`);
    }
    const uid = vehicle.telemetry.uid;
    if (uid === null) {
      throw new SigningError(409, 'no_uid', `vehicle ${vehicleId} has not reported its hardware uid (AUTOPILOT_VERSION), so its key could not be kept`);
    }
    if (this.busy.has(vehicleId) || gate.state === 'pending') {
      throw new SigningError(409, 'busy', `vehicle ${vehicleId} is already changing its signing`);
    }
    this.busy.add(vehicleId);
    const filed = { uid, name: vehicle.name, sysid: connection.sysid };
    try {
      const previous = await this.opts.keys.get(uid);
      if (key !== null) await this.opts.keys.set(filed, key);
      try {
        await this.handshake(vehicle, gate, key);
      } catch (err) {
        if (key !== null) await this.opts.keys.set(filed, previous);
        throw err;
      }
      if (key === null) await this.opts.keys.set(filed, null);
    } finally {
      this.busy.delete(vehicleId);
    }
  }

  /** Sends SETUP_SIGNING until the vehicle shows the change or the time is up. */
  private handshake(vehicle: FleetVehicle, gate: SigningGate, key: Buffer | null): Promise<void> {
    const { clock } = this.opts;
    const timeoutMs = this.opts.confirmTimeoutMs ?? 3000;
    return new Promise((resolve, reject) => {
      let resend: TimerHandle | null = null;
      let timeout: TimerHandle | null = null;
      const finish = (err: SigningError | null): void => {
        if (resend !== null) clock.clear(resend);
        if (timeout !== null) clock.clear(timeout);
        if (err) reject(err);
        else resolve();
      };
      const setup = gate.propose(key, () => finish(null));
      const send = (): void => vehicle.connection.send(setup);
      resend = clock.setInterval(send, this.opts.resendMs ?? 250);
      timeout = clock.setTimeout(() => {
        gate.withdraw();
        const what = key === null ? 'stop' : 'start';
        finish(new SigningError(504, 'timeout', `vehicle ${vehicle.id} did not ${what} signing within ${timeoutMs} ms of SETUP_SIGNING; signing is left as it was`));
      }, timeoutMs);
      send();
    });
  }

  private find(vehicleId: string): FleetVehicle {
    const v = this.opts.fleet.get(vehicleId);
    if (!v) throw new SigningError(404, 'not_found', `no vehicle ${vehicleId}`);
    return v;
  }
}
