/**
 * The simulator against the project's own ground-station clients (command sender, mission transfer,
 * parameter client) over real UDP: the two sides were written separately from the same specs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { common, minimal, type MavLinkData } from 'node-mavlink';
import type { MissionItem } from '../../../missions/mission-item.js';
import { RealClock } from '../../../hardware/clock.js';
import { createLink } from '../../../hardware/link/create-link.js';
import type { Link } from '../../../hardware/link/link.js';
import type { InboundMessage } from '../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../../hardware/mavlink/writer.js';
import { CommandSender } from '../../../hardware/vehicle/command/index.js';
import { MissionTransfer } from '../../../hardware/vehicle/mission-transfer/index.js';
import { ParamClient } from '../../../hardware/vehicle/params/index.js';
import { startSimDrone } from '../../../hardware/sim/sim-drone.js';
import { LocalFrame } from '../../../hardware/sim/world.js';
import { waitFor } from '../../support/wait.js';

const HOME = { lat: 30.2741, lon: 120.1551, altMsl: 8 };
const C = common.MavCmd;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function station(sysid: number, legacyRequests: boolean) {
  const link: Link = createLink('udp://127.0.0.1:0');
  await link.start();
  cleanup.push(() => link.stop());
  const port = (link as Link & { localPort(): number }).localPort();
  const clock = new RealClock();
  const writer = new MavlinkWriter(255, 190);
  const reader = new MavlinkReader(link.id);
  let peer = '';
  const send = (d: MavLinkData): void => link.send(writer.encode(d), peer);
  const ids = { clock, send, targetSystem: sysid, targetComponent: 1, vehicleName: `sim ${sysid}` };
  const commands = new CommandSender(ids);
  const missions = new MissionTransfer(ids);
  const params = new ParamClient(ids);
  cleanup.push(() => {
    commands.stop();
    missions.stop();
    params.stop();
  });
  const heard: InboundMessage[] = [];
  link.subscribe((e) => {
    if (e.kind !== 'data') return;
    peer = e.peer;
    reader.push(e.bytes, e.peer, (m) => {
      if (m.sysid !== sysid) return;
      heard.push(m);
      commands.handle(m);
      missions.handle(m);
      params.handle(m);
    });
  });
  const sim = await startSimDrone({ link: createLink(`udpout://127.0.0.1:${port}`), sysid, home: HOME, gpsAcquisitionMs: 0, speedup: 40, legacyRequests });
  cleanup.push(() => sim.stop());
  await waitFor('a heartbeat', () => heard.some((m) => m.msgid === 0));
  return { sim, commands, missions, params, heard };
}

function missionItems(): MissionItem[] {
  const frame = new LocalFrame(HOME);
  const at = (e: number, n: number): { x: number; y: number } => {
    const p = frame.toGeo(e, n);
    return { x: Math.round(p.lat * 1e7), y: Math.round(p.lon * 1e7) };
  };
  const base = { current: false, autocontinue: true, param1: 0, param2: 0, param3: 0, param4: 0 };
  const rel = common.MavFrame.GLOBAL_RELATIVE_ALT;
  return [
    { ...base, seq: 0, frame: common.MavFrame.GLOBAL, command: C.NAV_WAYPOINT, ...at(0, 0), z: HOME.altMsl },
    { ...base, seq: 1, frame: rel, command: C.NAV_TAKEOFF, x: 0, y: 0, z: 15 },
    { ...base, seq: 2, frame: rel, command: C.NAV_WAYPOINT, ...at(80, 0), z: 15 },
    { ...base, seq: 3, frame: rel, command: C.NAV_WAYPOINT, ...at(80, 80), z: 20 },
    { ...base, seq: 4, frame: rel, command: C.NAV_RETURN_TO_LAUNCH, x: 0, y: 0, z: 0 },
  ];
}

describe('sim drone with the ground-station clients', () => {
  for (const legacy of [false, true]) {
    it(`uploads and downloads a mission with MissionTransfer (${legacy ? 'legacy MISSION_REQUEST' : 'MISSION_REQUEST_INT'}), then flies it by CommandSender`, async () => {
      const { sim, commands, missions } = await station(legacy ? 6 : 5, legacy);
      const items = missionItems();
      await missions.upload('mission', items);
      const back = await missions.download('mission');
      expect(back.map((i) => i.command)).toEqual(items.map((i) => i.command));
      expect(back.slice(1).map((i) => [i.x, i.y, i.z])).toEqual(items.slice(1).map((i) => [i.x, i.y, i.z]));

      await commands.send({ command: C.DO_SET_MODE, params: [minimal.MavModeFlag.CUSTOM_MODE_ENABLED, 4] });
      await commands.send({ command: C.COMPONENT_ARM_DISARM, params: [1] });
      await commands.send({ command: C.MISSION_START });
      await waitFor('mission flown and landed', () => sim.state().mission.run === 'complete' && !sim.state().armed, 20_000);
      expect(Math.hypot(sim.state().east, sim.state().north)).toBeLessThan(1.5);
    });
  }

  it('reads, sets and lists parameters with ParamClient, and a refused arm rejects as FAILED', async () => {
    const { params, commands } = await station(7, false);
    expect((await params.get('RTL_ALT')).value).toBe(1500);
    const set = await params.set('RTL_ALT', 2500);
    expect(set.value).toBe(2500);
    const all = await params.fetchAll();
    expect(all.get('RTL_ALT')?.value).toBe(2500);
    expect(all.size).toBeGreaterThanOrEqual(40);
    expect(all.get('SYSID_THISMAV')?.value).toBe(7);
    await commands.send({ command: C.COMPONENT_ARM_DISARM, params: [1] });
    await commands.send({ command: C.COMPONENT_ARM_DISARM, params: [0] });
    // RTL is not a mode ArduPilot arms in.
    await commands.send({ command: C.DO_SET_MODE, params: [minimal.MavModeFlag.CUSTOM_MODE_ENABLED, 6] });
    const refused = await commands.send({ command: C.COMPONENT_ARM_DISARM, params: [1] }).then(() => null, (e: Error & { code?: string }) => e);
    expect(refused?.code).toBe('failed');
  });
});
