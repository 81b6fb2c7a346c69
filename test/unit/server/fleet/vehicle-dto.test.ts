import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { FleetRegistry } from '../../../../server/fleet/fleet-registry.js';
import { packetLossPercent, toVehicleDTO } from '../../../../server/fleet/vehicle-dto.js';
import { VehicleSchema } from '../../../../server/protocol.js';
import { attitude, frameOf, globalPosition, heartbeat } from '../../hardware/vehicle/fixtures.js';
import { HubLink } from './hub-link.js';

describe('vehicle DTO', () => {
  it('is valid against the protocol schema and detached from the live telemetry', async () => {
    const link = new HubLink();
    const registry = new FleetRegistry({ links: [link], clock: new ManualClock(5000), heartbeatIntervalMs: 0, requestStreams: false });
    await registry.start();
    link.receive(frameOf(heartbeat({ customMode: 4, baseMode: 129 }), 1, 1, 0), 'p1');
    link.receive(frameOf(globalPosition({ lat: 100000000 }), 1, 1, 1), 'p1');
    link.receive(frameOf(attitude(0.5), 1, 1, 4), 'p1');
    const v = registry.get('v1')!;
    const dto = toVehicleDTO(v);
    expect(VehicleSchema.parse(dto)).toEqual(dto);
    expect(dto).toMatchObject({ id: 'v1', link: 'udp://0.0.0.0:14550', peer: 'p1', mode: 'GUIDED', armed: true, linkState: 'connected', lastHeard: 5000 });
    expect(dto.packetLoss).toBe(40);
    link.receive(frameOf(globalPosition({ lat: 200000000 }), 1, 1, 5), 'p1');
    expect(dto.position!.lat).toBe(10);
    await registry.stop();
  });

  it.each([
    [{ received: 0, lost: 0 }, 0],
    [{ received: 99, lost: 1 }, 1],
    [{ received: 2, lost: 1 }, 33.3],
  ])('packet loss of %o is %d %', (packets, percent) => {
    expect(packetLossPercent(packets)).toBe(percent);
  });
});
