import { afterEach, describe, expect, it } from 'vitest';
import { common, minimal, type MavLinkData } from 'node-mavlink';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import type { InboundMessage } from '../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../../hardware/mavlink/writer.js';
import { startSimDrone, type SimHandle } from '../../../hardware/sim/sim-drone.js';
import { LocalFrame } from '../../../hardware/sim/world.js';
import { waitFor } from '../../support/wait.js';

const HOME = { lat: 26.6, lon: 106.64, altMsl: 1070 };
const C = common.MavCmd;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A ground station on a real UDP socket: records what it hears, replies to the drone's address. */
async function udpGroundStation(): Promise<{ link: Link; port: number; heard: InboundMessage[]; send(d: MavLinkData): void; on(fn: (m: InboundMessage) => void): void }> {
  const link = createLink('udp://127.0.0.1:0');
  await link.start();
  cleanup.push(() => link.stop());
  const heard: InboundMessage[] = [];
  const listeners: ((m: InboundMessage) => void)[] = [];
  const reader = new MavlinkReader(link.id);
  const writer = new MavlinkWriter(255, 190);
  let peer = '';
  link.subscribe((e) => {
    if (e.kind !== 'data') return;
    peer = e.peer;
    reader.push(e.bytes, e.peer, (m) => {
      heard.push(m);
      for (const fn of listeners) fn(m);
    });
  });
  return {
    link,
    port: (link as Link & { localPort(): number }).localPort(),
    heard,
    send: (d) => link.send(writer.encode(d), peer),
    on: (fn) => listeners.push(fn),
  };
}

function command(sysid: number, cmd: number, ...p: number[]): common.CommandLong {
  const c = new common.CommandLong();
  Object.assign(c, { targetSystem: sysid, targetComponent: 1, command: cmd, confirmation: 0 });
  [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7] = [0, 1, 2, 3, 4, 5, 6].map((i) => p[i] ?? 0);
  return c;
}

describe('sim drone missions over real UDP', () => {
  it('takes a mission upload with a dropped request, flies it at 40x, returns and lands', async () => {
    const gcs = await udpGroundStation();
    const sim: SimHandle = await startSimDrone({ link: createLink(`udpout://127.0.0.1:${gcs.port}`), sysid: 3, home: HOME, gpsAcquisitionMs: 0, speedup: 40 });
    cleanup.push(() => sim.stop());
    await waitFor('a heartbeat', () => gcs.heard.some((m) => m.msgid === 0));

    const frame = new LocalFrame(HOME);
    const at = (e: number, n: number): { x: number; y: number } => {
      const p = frame.toGeo(e, n);
      return { x: Math.round(p.lat * 1e7), y: Math.round(p.lon * 1e7) };
    };
    const REL = common.MavFrame.GLOBAL_RELATIVE_ALT;
    const items = [
      { command: C.NAV_WAYPOINT, frame: 0, ...at(0, 0), z: 0 },
      { command: C.NAV_TAKEOFF, frame: REL, x: 0, y: 0, z: 20 },
      { command: C.NAV_WAYPOINT, frame: REL, ...at(100, 0), z: 20 },
      { command: C.NAV_WAYPOINT, frame: REL, ...at(100, 100), z: 25 },
      { command: C.NAV_WAYPOINT, frame: REL, ...at(0, 100), z: 20 },
      { command: C.NAV_RETURN_TO_LAUNCH, frame: REL, x: 0, y: 0, z: 0 },
    ].map((it, seq) => Object.assign(new common.MissionItemInt(), {
      ...it, seq, current: 0, autocontinue: 1, param1: 0, param2: 0, param3: 0, param4: 0, targetSystem: 3, targetComponent: 1, missionType: 0,
    }));

    const asked: number[] = [];
    let dropped = false;
    gcs.on((m) => {
      if (m.msgid !== 51) return;
      const seq = (m.data as common.MissionRequestInt).seq;
      asked.push(seq);
      // The first request for item 2 is "lost": the drone must ask again.
      if (seq === 2 && !dropped) {
        dropped = true;
        return;
      }
      gcs.send(items[seq]);
    });
    gcs.send(Object.assign(new common.MissionCount(), { targetSystem: 3, targetComponent: 1, count: items.length, missionType: 0, opaqueId: 0 }));
    const ack = await waitFor('MISSION_ACK', () => gcs.heard.find((m) => m.msgid === 47));
    expect((ack.data as common.MissionAck).type).toBe(common.MavMissionResult.ACCEPTED);
    expect(asked).toEqual([0, 1, 2, 2, 3, 4, 5]);

    gcs.send(command(3, C.DO_SET_MODE, minimal.MavModeFlag.CUSTOM_MODE_ENABLED, 4));
    gcs.send(command(3, C.COMPONENT_ARM_DISARM, 1));
    await waitFor('armed', () => sim.state().armed);
    gcs.send(command(3, C.MISSION_START));
    await waitFor('landed and disarmed', () => gcs.heard.filter((m) => m.msgid === 46).length === 5 && !sim.state().armed, 20_000);
    const reached = gcs.heard.filter((m) => m.msgid === 46).map((m) => (m.data as common.MissionItemReached).seq);
    expect(reached).toEqual([1, 2, 3, 4, 5]);
    const s = sim.state();
    expect(Math.hypot(s.east, s.north)).toBeLessThan(1.5);
    expect(s.altRel).toBe(0);
    const acks = gcs.heard.filter((m) => m.msgid === 77).map((m) => m.data as common.CommandAck);
    expect(acks.map((a) => [a.command, a.result])).toEqual([
      [C.DO_SET_MODE, 0],
      [C.COMPONENT_ARM_DISARM, 0],
      [C.MISSION_START, 0],
    ]);
  });

  it('lists every parameter over UDP', async () => {
    const gcs = await udpGroundStation();
    const sim = await startSimDrone({ link: createLink(`udpout://127.0.0.1:${gcs.port}`), sysid: 4, home: HOME, gpsAcquisitionMs: 0 });
    cleanup.push(() => sim.stop());
    await waitFor('a heartbeat', () => gcs.heard.some((m) => m.msgid === 0));
    gcs.send(Object.assign(new common.ParamRequestList(), { targetSystem: 4, targetComponent: 1 }));
    const values = (): common.ParamValue[] => gcs.heard.filter((m) => m.msgid === 22).map((m) => m.data as common.ParamValue);
    await waitFor('all parameters', () => values().length > 0 && values().length === values()[0].paramCount);
    expect(new Set(values().map((v) => v.paramIndex)).size).toBe(values()[0].paramCount);
    expect(values().find((v) => v.paramId === 'SYSID_THISMAV')?.paramValue).toBe(4);
  });
});
