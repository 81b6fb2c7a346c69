import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import type { Frame } from '../../../../hardware/mavlink/frame.js';
import { MavlinkWriter } from '../../../../hardware/mavlink/writer.js';
import { RepoSigningKeyStore, signingKeyFinder, type SigningKeyStore } from '../../../../server/fleet/signing-key-store.js';
import { openStore, type Store } from '../../../../server/store/database.js';
import { VehiclesRepo } from '../../../../server/store/vehicles-repo.js';
import { decodeAll, frameOf, heartbeat } from '../../hardware/vehicle/fixtures.js';

const T0 = Date.UTC(2026, 0, 1);
const KEY_A = Buffer.alloc(32, 0xa1);
const KEY_B = Buffer.alloc(32, 0xb2);

function signedBy(key: Buffer): Frame {
  const w = new MavlinkWriter(1, 1);
  w.setSigning({ key, linkId: 0, clock: new ManualClock(T0) });
  return decodeAll(w.encode(heartbeat()))[0].frame;
}

describe('signing key store over the vehicles table', () => {
  let dir: string;
  let store: Store;
  let repo: VehiclesRepo;
  let keys: RepoSigningKeyStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'signing-keys-'));
    store = await openStore({ file: join(dir, 'fleet.sqlite') });
    repo = new VehiclesRepo(store.db);
    keys = new RepoSigningKeyStore(repo, () => T0);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the vehicle record when there is none, then reads the key back by uid', async () => {
    expect(await keys.get('uid-new')).toBeNull();
    await keys.set({ uid: 'uid-new', name: 'Copter 1', sysid: 1 }, KEY_A);
    expect(await keys.get('uid-new')).toEqual(KEY_A);
    expect(await repo.getByUid('uid-new')).toMatchObject({ name: 'Copter 1', sysid: 1, signingKey: KEY_A });
  });

  it('keeps a known vehicle and its name when its key changes, and clears the key with null', async () => {
    const known = await repo.create({ name: 'Survey 3', sysid: 1, uid: 'uid-known' }, T0);
    await keys.set({ uid: 'uid-known', name: 'Copter 1 @ 10.0.0.3', sysid: 1 }, KEY_B);
    expect(await repo.getByUid('uid-known')).toMatchObject({ id: known.id, name: 'Survey 3', signingKey: KEY_B });
    await keys.set({ uid: 'uid-known', name: 'x', sysid: 1 }, null);
    expect(await keys.get('uid-known')).toBeNull();
  });

  it('lists only vehicles that have a key', async () => {
    await repo.create({ name: 'no key', sysid: 2, uid: 'uid-plain' }, T0);
    const all = await keys.all();
    expect(all).toEqual([{ uid: 'uid-new', key: KEY_A }]);
  });
});

describe('signing key finder', () => {
  function counting(stored: Buffer[]): SigningKeyStore & { reads: number } {
    return {
      reads: 0,
      async get() {
        return null;
      },
      async set() {},
      async all() {
        this.reads++;
        return stored.map((key, i) => ({ uid: `u${i}`, key }));
      },
    };
  }

  it('finds the stored key a signed frame verifies with, and none for unsigned or unknown frames', async () => {
    const find = signingKeyFinder(counting([KEY_A, KEY_B]));
    expect(await find(signedBy(KEY_B))).toEqual(KEY_B);
    expect(await find(signedBy(Buffer.alloc(32, 3)))).toBeNull();
    expect(await find(decodeAll(frameOf(heartbeat()))[0].frame)).toBeNull();
  });

  it('shares one read of the store among lookups made together', async () => {
    const store = counting([KEY_A]);
    const find = signingKeyFinder(store);
    const found = await Promise.all([find(signedBy(KEY_A)), find(signedBy(KEY_A)), find(signedBy(KEY_A))]);
    expect(found).toEqual([KEY_A, KEY_A, KEY_A]);
    expect(store.reads).toBe(1);
    await find(signedBy(KEY_A));
    expect(store.reads).toBe(2);
  });
});
