import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { FleetRegistry } from '../../../../server/fleet/fleet-registry.js';
import type { FleetIo } from '../../../../server/gateway/socket-gateway.js';
import { FLEET_ROOM, type FleetUpdate } from '../../../../server/protocol.js';
import { TelemetryFanOut } from '../../../../server/telemetry/fan-out.js';
import { frameOf, globalPosition, heartbeat, statusText } from '../../hardware/vehicle/fixtures.js';
import { HubLink } from '../fleet/hub-link.js';

/** Records room broadcasts; the fan-out only ever uses `io.to(rooms)[.volatile].emit(...)`. */
function recordingIo() {
  const sent: { rooms: string[]; event: string; payload: unknown; volatile: boolean }[] = [];
  const io = {
    to(rooms: string | string[]) {
      const emitter = (volatile: boolean) => ({
        emit: (event: string, payload: unknown) => sent.push({ rooms: ([] as string[]).concat(rooms), event, payload, volatile }),
      });
      return { ...emitter(false), volatile: emitter(true) };
    },
  } as unknown as FleetIo;
  return { io, sent };
}

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

async function setup() {
  const clock = new ManualClock(0);
  const link = new HubLink();
  const fleet = new FleetRegistry({ links: [link], clock, heartbeatIntervalMs: 0, requestStreams: false });
  await fleet.start();
  const { io, sent } = recordingIo();
  const fanOut = new TelemetryFanOut(fleet, io, clock);
  fanOut.start();
  stops.push(() => fanOut.stop(), () => fleet.stop());
  let seq = 0;
  const from = (peer: string, data: Parameters<typeof frameOf>[0]) => link.receive(frameOf(data, 1, 1, seq++ % 256), peer);
  const updates = () => sent.filter((s) => s.event === 'fleet:update').map((s) => s.payload as FleetUpdate);
  return { clock, from, sent, updates };
}

describe('telemetry fan-out', () => {
  it('sends one batch per tick carrying every vehicle that changed, however many frames arrived', async () => {
    const { clock, from, updates } = await setup();
    from('10.0.0.1:1', heartbeat());
    from('10.0.0.2:1', heartbeat());
    for (let i = 0; i < 10; i++) {
      from('10.0.0.1:1', globalPosition({ lat: 266000000 + i * 1000, lon: 1066400000 }));
      from('10.0.0.2:1', globalPosition({ lat: 267000000, lon: 1066000000 + i * 1000 }));
    }
    expect(updates()).toHaveLength(0);
    clock.advance(100);
    expect(updates()).toHaveLength(1);
    const batch = updates()[0];
    expect(batch.vehicles.map((v) => v.peer).sort()).toEqual(['10.0.0.1:1', '10.0.0.2:1']);
    // The batch holds the latest state, not the first frame's.
    expect(batch.vehicles.find((v) => v.peer === '10.0.0.1:1')!.position!.lat).toBeCloseTo(26.6009, 6);
  });

  it('numbers the batches from one source and sends them volatile, so a slow client skips rather than queues them', async () => {
    const { clock, from, sent, updates } = await setup();
    from('10.0.0.1:1', heartbeat());
    await clock.advance(100);
    for (const step of [1, 2, 3]) {
      from('10.0.0.1:1', globalPosition({ lat: 266000000 + step * 1000 }));
      await clock.advance(100);
    }
    const batches = updates();
    expect(batches.map((b) => b.seq)).toEqual([1, 2, 3, 4]);
    expect(new Set(batches.map((b) => b.src)).size).toBe(1);
    expect(sent.filter((s) => s.event === 'fleet:update').every((s) => s.volatile)).toBe(true);
  });

  it('sends nothing on a tick when nothing changed', async () => {
    const { clock, from, updates } = await setup();
    from('10.0.0.1:1', heartbeat());
    clock.advance(100);
    clock.advance(100);
    clock.advance(100);
    expect(updates()).toHaveLength(1);
  });

  it('sends link loss and status texts as they happen, to the fleet room', async () => {
    const { clock, from, sent } = await setup();
    from('10.0.0.1:1', heartbeat());
    from('10.0.0.1:1', statusText('Low battery', 4));
    const text = sent.find((s) => s.event === 'vehicle:statustext');
    expect(text?.rooms).toContain(FLEET_ROOM);
    expect(text?.payload).toMatchObject({ severity: 4, text: 'Low battery' });
    clock.advance(3500);
    expect(sent.find((s) => s.event === 'vehicle:link')?.payload).toMatchObject({ state: 'lost' });
  });
});
