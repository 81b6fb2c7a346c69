/**
 * Where vehicles' MAVLink signing keys are kept, by autopilot uid (the identity that survives a
 * new address or radio), and how a vehicle heard signing is matched to its stored key.
 */
import type { Frame } from '../../hardware/mavlink/frame.js';
import { signatureMatches } from '../../hardware/mavlink/signing.js';
import type { VehiclesRepo } from '../store/vehicles-repo.js';

/** A vehicle as its key is filed: the uid, and what to create its record with when it has none. */
export interface KeyedVehicle {
  uid: string;
  name: string;
  sysid: number;
}

/** A stored key with the uid it belongs to. */
export interface StoredSigningKey {
  uid: string;
  key: Buffer;
}

/** The port the signing service keeps keys through. */
export interface SigningKeyStore {
  /** The key of the vehicle with this uid, or null. */
  get(uid: string): Promise<Buffer | null>;
  /** Stores (null: clears) the key, creating the vehicle's record when it has none. */
  set(vehicle: KeyedVehicle, key: Buffer | null): Promise<void>;
  /** Every stored key. */
  all(): Promise<StoredSigningKey[]>;
}

/** Keys in the store's vehicles table. */
export class RepoSigningKeyStore implements SigningKeyStore {
  constructor(
    private readonly repo: VehiclesRepo,
    /** Wall-clock ms for the records' times. */
    private readonly now: () => number,
  ) {}

  async get(uid: string): Promise<Buffer | null> {
    return (await this.repo.getByUid(uid))?.signingKey ?? null;
  }

  async set(vehicle: KeyedVehicle, key: Buffer | null): Promise<void> {
    const known = (await this.repo.getByUid(vehicle.uid)) ?? (await this.repo.upsertByUid(vehicle, this.now()));
    await this.repo.setSigningKey(known.id, key, this.now());
  }

  async all(): Promise<StoredSigningKey[]> {
    const out: StoredSigningKey[] = [];
    for (const v of await this.repo.list()) if (v.uid !== null && v.signingKey !== null) out.push({ uid: v.uid, key: v.signingKey });
    return out;
  }
}

/**
 * Finds the stored key a signed frame verifies with, for vehicles that come back signing. Lookups
 * arriving together (a server restart with a fleet of signing drones) share one read of the store.
 */
export function signingKeyFinder(store: SigningKeyStore): (frame: Frame) => Promise<Buffer | null> {
  let reading: Promise<StoredSigningKey[]> | null = null;
  return async (frame) => {
    if (frame.signature === null) return null;
    reading ??= store.all().finally(() => {
      reading = null;
    });
    const keys = await reading;
    return keys.find((k) => signatureMatches(frame.raw, k.key))?.key ?? null;
  };
}
