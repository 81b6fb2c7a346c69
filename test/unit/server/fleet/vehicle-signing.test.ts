import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import type { InboundMessage } from '../../../../hardware/mavlink/frame.js';
import { signatureFields, signatureMatches } from '../../../../hardware/mavlink/signing.js';
import { MavlinkWriter } from '../../../../hardware/mavlink/writer.js';
import { FleetRegistry, type FleetRegistryOptions } from '../../../../server/fleet/fleet-registry.js';
import { signingKeyFinder, type KeyedVehicle, type SigningKeyStore, type StoredSigningKey } from '../../../../server/fleet/signing-key-store.js';
import { toVehicleDTO } from '../../../../server/fleet/vehicle-dto.js';
import { SigningError, VehicleSigningService } from '../../../../server/fleet/vehicle-signing.js';
import { autopilotVersion, heartbeat, statusText } from '../../hardware/vehicle/fixtures.js';
import { HubLink } from './hub-link.js';

const T0 = Date.UTC(2026, 0, 1);
const UID = 0x1234n;
const UID_HEX = '0000000000001234';
const MSG_SETUP_SIGNING = 256;
const MSG_HEARTBEAT = 0;

/** Keys in memory, as the store would keep them. */
class MemoryKeys implements SigningKeyStore {
  readonly keys = new Map<string, Buffer>();
  reads = 0;
  async get(uid: string): Promise<Buffer | null> {
    return this.keys.get(uid) ?? null;
  }
  async set(v: KeyedVehicle, key: Buffer | null): Promise<void> {
    if (key) this.keys.set(v.uid, key);
    else this.keys.delete(v.uid);
  }
  async all(): Promise<StoredSigningKey[]> {
    this.reads++;
    return [...this.keys].map(([uid, key]) => ({ uid, key }));
  }
}

const registries: FleetRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.stop()));
});

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

async function setup(opts: Partial<FleetRegistryOptions> = {}) {
  const clock = new ManualClock(T0);
  const link = new HubLink();
  const keys = new MemoryKeys();
  const registry = new FleetRegistry({ links: [link], clock, heartbeatIntervalMs: 0, requestStreams: false, ...opts });
  registries.push(registry);
  await registry.start();
  const service = new VehicleSigningService({ fleet: registry, keys, clock });
  return { clock, link, keys, registry, service };
}

/** The vehicle's side of one path: sends through its own writer (signed once told to) and reads what the server sent it. */
function drone(t: Awaited<ReturnType<typeof setup>>, peer: string) {
  const writer = new MavlinkWriter(1, 1);
  return {
    writer,
    send: (data: MavLinkData = heartbeat()) => t.link.receive(writer.encode(data), peer),
    heard: (): InboundMessage[] => t.link.sentTo(peer),
    setups: (): common.SetupSigning[] => t.link.sentTo(peer).filter((m) => m.msgid === MSG_SETUP_SIGNING).map((m) => m.data as common.SetupSigning),
    /** Takes the key of a SETUP_SIGNING, as an autopilot does (all zeros: signing off). */
    take(setup: common.SetupSigning) {
      const key = Buffer.from(setup.secretKey);
      writer.setSigning(key.every((b) => b === 0) ? null : { key, linkId: 0, clock: t.clock, initialTimestamp: Number(setup.initialTimestamp) });
      return key;
    },
  };
}

async function connected(peer = '10.0.0.1:14550', uid: bigint | null = UID) {
  const t = await setup();
  const d = drone(t, peer);
  d.send(heartbeat());
  if (uid !== null) d.send(autopilotVersion(uid));
  return { ...t, d, vehicle: t.registry.get('v1')! };
}

function arm(): common.CommandLong {
  const m = new common.CommandLong();
  Object.assign(m, { targetSystem: 1, targetComponent: 1, command: 400, confirmation: 0, _param1: 1 });
  return m;
}

describe('vehicle signing', () => {
  it('sends SETUP_SIGNING until the vehicle signs with the new key, then signs to it and drops its unsigned frames', async () => {
    const t = await connected();
    const enabling = t.service.enable('v1');
    await settle();
    t.clock.advance(600);
    const setups = t.d.setups();
    expect(setups).toHaveLength(3);
    expect(setups.every((s) => Buffer.from(s.secretKey).equals(Buffer.from(setups[0].secretKey)))).toBe(true);
    expect(toVehicleDTO(t.vehicle).signing).toMatchObject({ enabled: false, pending: true });

    const key = t.d.take(setups[0]);
    t.d.send(heartbeat());
    await enabling;
    expect(await t.keys.get(UID_HEX)).toEqual(key);
    t.clock.advance(1000);
    expect(t.d.setups()).toHaveLength(3);

    t.link.clearSent();
    t.registry.send('v1', arm());
    const [sent] = t.link.sent;
    expect(signatureMatches(sent.bytes, key)).toBe(true);
    expect(signatureFields(sent.bytes).linkId).toBe(0);

    const spoof = new MavlinkWriter(1, 1);
    t.link.receive(spoof.encode(statusText('spoofed')), '10.0.0.1:14550');
    expect(t.vehicle.telemetry.statusTexts.map((s) => s.text)).not.toContain('spoofed');
    expect(toVehicleDTO(t.vehicle).signing).toEqual({ enabled: true, pending: false, rejected: { unsigned: 1, badSignature: 0, replay: 0 } });
    expect(t.registry.linkStats()[0].signingRejected).toEqual({ unsigned: 1, badSignature: 0, replay: 0 });
  });

  it('fails at the confirmation timeout, not before, leaving signing off and the store as it was', async () => {
    const t = await connected();
    let outcome: unknown = null;
    const enabling = t.service.enable('v1').catch((err: unknown) => (outcome = err));
    await settle();
    t.clock.advance(2999);
    await settle();
    expect(outcome).toBeNull();
    expect(t.vehicle.connection.signing!.state).toBe('pending');
    t.clock.advance(1);
    await enabling;
    expect(outcome).toBeInstanceOf(SigningError);
    expect(outcome).toMatchObject({ status: 504, code: 'timeout', message: expect.stringContaining('did not start signing within 3000 ms') });
    expect(t.vehicle.connection.signing!.state).toBe('off');
    expect(await t.keys.get(UID_HEX)).toBeNull();
    // The vehicle still works as before: unsigned frames are taken.
    t.d.send(statusText('still here'));
    expect(t.vehicle.telemetry.statusTexts.map((s) => s.text)).toContain('still here');
  });

  it('turns signing off with the zero key, signed with the current one, once the vehicle sends unsigned', async () => {
    const t = await connected();
    const enabling = t.service.enable('v1');
    await settle();
    const key = t.d.take(t.d.setups()[0]);
    t.d.send(heartbeat());
    await enabling;

    const disabling = t.service.set('v1', false);
    await settle();
    const zero = t.d.setups().at(-1)!;
    expect(zero.secretKey.every((b) => b === 0)).toBe(true);
    expect(signatureMatches(t.link.sent.at(-1)!.bytes, key)).toBe(true);
    t.d.take(zero);
    t.d.send(heartbeat());
    expect(await disabling).toEqual({ enabled: false });
    expect(await t.keys.get(UID_HEX)).toBeNull();
    expect(toVehicleDTO(t.vehicle).signing.enabled).toBe(false);
    t.link.clearSent();
    t.registry.send('v1', arm());
    expect(t.d.heard()[0].frame.signature).toBeNull();
  });

  it('refuses an unknown vehicle, one without a uid, and a second change while one is waiting', async () => {
    const t = await connected('10.0.0.1:14550', null);
    await expect(t.service.enable('v9')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    await expect(t.service.enable('v1')).rejects.toMatchObject({ status: 409, code: 'no_uid' });
    t.d.send(autopilotVersion(UID));
    const first = t.service.enable('v1').catch(() => {});
    await expect(t.service.enable('v1')).rejects.toMatchObject({ status: 409, code: 'busy' });
    t.clock.advance(3000);
    await first;
  });

  it('refuses a vehicle whose link is lost', async () => {
    const t = await connected();
    t.clock.advance(4000);
    await expect(t.service.enable('v1')).rejects.toMatchObject({ status: 409, code: 'not_connected' });
  });

  it('signs again to a vehicle heard signing with a stored key on a new path, without SETUP_SIGNING', async () => {
    const keys = new MemoryKeys();
    const t = await setup({ findSigningKey: signingKeyFinder(keys) });
    const key = Buffer.alloc(32, 5);
    keys.keys.set(UID_HEX, key);
    const d = drone(t, '10.0.0.7:14550');
    d.writer.setSigning({ key, linkId: 0, clock: t.clock });
    d.send(heartbeat());
    d.send(heartbeat());
    await settle();
    const v = t.registry.get('v1')!;
    expect(v.connection.signing!.state).toBe('on');
    expect(keys.reads).toBe(1);

    t.link.receive(new MavlinkWriter(1, 1).encode(statusText('spoofed')), '10.0.0.7:14550');
    expect(v.telemetry.statusTexts).toHaveLength(0);
    t.link.clearSent();
    t.registry.send('v1', arm());
    expect(signatureMatches(t.link.sent[0].bytes, key)).toBe(true);
    expect(d.setups()).toHaveLength(0);
  });

  it('leaves a vehicle signing with a key it does not know as it is', async () => {
    const keys = new MemoryKeys();
    keys.keys.set(UID_HEX, Buffer.alloc(32, 5));
    const t = await setup({ findSigningKey: signingKeyFinder(keys) });
    const d = drone(t, '10.0.0.7:14550');
    d.writer.setSigning({ key: Buffer.alloc(32, 6), linkId: 0, clock: t.clock });
    d.send(heartbeat());
    await settle();
    expect(t.registry.get('v1')!.connection.signing!.state).toBe('off');
  });

  it('sends our heartbeat signed to a signing vehicle and unsigned to the others', async () => {
    const t = await setup({ heartbeatIntervalMs: 1000 });
    const a = drone(t, '10.0.0.1:14550');
    const b = drone(t, '10.0.0.2:14550');
    a.send(heartbeat());
    a.send(autopilotVersion(UID));
    b.send(heartbeat());
    const enabling = t.service.enable('v1');
    await settle();
    const key = a.take(a.setups()[0]);
    a.send(heartbeat());
    await enabling;
    t.link.clearSent();
    t.clock.advance(1000);
    const toA = t.link.sentTo('10.0.0.1:14550');
    const toB = t.link.sentTo('10.0.0.2:14550');
    expect(toA.map((m) => m.msgid)).toEqual([MSG_HEARTBEAT]);
    expect(signatureMatches(toA[0].frame.raw, key)).toBe(true);
    expect(toB.map((m) => m.msgid)).toEqual([MSG_HEARTBEAT]);
    expect(toB[0].frame.signature).toBeNull();
    expect(t.link.sentTo(undefined)).toHaveLength(0);
  });
});
