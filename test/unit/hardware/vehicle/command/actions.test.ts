import type { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../../hardware/clock.js';
import { ActionError, ActionSchema, actionToRequests, parseAction } from '../../../../../hardware/vehicle/actions.js';
import type { Action } from '../../../../../hardware/vehicle/actions.js';
import { CommandSender, requestProblem } from '../../../../../hardware/vehicle/command/index.js';
import { FakeVehicle } from './fake-vehicle.js';

const N = NaN;

/** action → [command, params, COMMAND_INT position?] per request, for ArduPilot Copter. */
const COPTER: [Action, [number, number[], object?][]][] = [
  [{ type: 'arm' }, [[400, [1, 0]]]],
  [{ type: 'arm', force: true }, [[400, [1, 21196]]]],
  [{ type: 'disarm' }, [[400, [0, 0]]]],
  [{ type: 'disarm', force: true }, [[400, [0, 21196]]]],
  [{ type: 'mode', mode: 'loiter' }, [[176, [1, 5, 0]]]],
  [{ type: 'takeoff', altitude: 30 }, [[176, [1, 4, 0]], [22, [0, 0, 0, 0, 0, 0, 30]]]],
  [{ type: 'mission_start' }, [[300, [0, 0]]]],
  [{ type: 'pause' }, [[193, [0]]]],
  [{ type: 'continue' }, [[193, [1]]]],
  [{ type: 'rtl' }, [[20, []]]],
  [{ type: 'land' }, [[21, [0, 0, 0, N, N, N, 0]]]],
  [{ type: 'goto', lat: 26.6, lon: 106.3, altitude: 40 }, [[192, [-1, 1, 0, N], { frame: 6, x: 266000000, y: 1063000000, z: 40 }]]],
  [{ type: 'speed', speed: 7.5 }, [[178, [1, 7.5, -1, 0]]]],
  [{ type: 'terminate' }, [[185, [1]]]],
];

/** Where PX4 differs. */
const PX4: [Action, [number, number[], object?][]][] = [
  [{ type: 'mode', mode: 'AUTO.MISSION' }, [[176, [1, 4, 4]]]],
  [{ type: 'takeoff', altitude: 30 }, [[22, [-1, 0, 0, N, N, N, 1130]]]],
  [{ type: 'pause' }, [[176, [1, 4, 3]]]],
  [{ type: 'continue' }, [[176, [1, 4, 4]]]],
  [{ type: 'rtl' }, [[20, []]]],
];

function shape(action: Action, firmware: string) {
  return actionToRequests(action, firmware, { homeAltMsl: 1100 }).map((r) => (r.int ? [r.command, r.params, r.int] : [r.command, r.params ?? []]));
}

describe('actions', () => {
  it.each(COPTER)('ArduPilot Copter %j becomes the right commands', (action, expected) => {
    expect(shape(action, 'ardupilot-copter')).toEqual(expected);
  });

  it.each(PX4)('PX4 %j becomes the right commands', (action, expected) => {
    expect(shape(action, 'px4')).toEqual(expected);
  });

  it('builds requests that pass the command checks and encode as sent', () => {
    const clock = new ManualClock();
    const vehicle = new FakeVehicle();
    const sender = new CommandSender({ clock, send: vehicle.port, targetSystem: 1, targetComponent: 1, vehicleName: 'v' });
    for (const [action] of COPTER) {
      for (const req of actionToRequests(action, 'ardupilot-copter')) {
        expect(requestProblem(req)).toBeNull();
        void sender.send(req).catch(() => {});
      }
    }
    sender.stop();
    const reposition = vehicle.sent<common.CommandInt>(75)[0];
    expect(reposition).toMatchObject({ command: 192, frame: 6, _param5: 266000000, _param6: 1063000000, _param7: 40 });
    expect(vehicle.sent<common.CommandLong>(76).find((m) => m.command === 22)?._param7).toBe(30);
  });

  it('labels each request for logs', () => {
    expect(actionToRequests({ type: 'takeoff', altitude: 30 }, 'ardupilot-copter').map((r) => r.label)).toEqual(['set mode GUIDED', 'take off to 30 m']);
    expect(actionToRequests({ type: 'disarm', force: true }, 'px4')[0].label).toBe('force disarm');
  });

  it.each([
    [{ type: 'takeoff', altitude: 0 }, 'altitude: must be above 0 m'],
    [{ type: 'takeoff', altitude: -5 }, 'altitude: must be above 0 m'],
    [{ type: 'takeoff', altitude: Infinity }, 'altitude: must be a number (metres above home)'],
    [{ type: 'takeoff', altitude: '30' }, 'altitude: must be a number (metres above home)'],
    [{ type: 'takeoff' }, 'altitude: must be a number (metres above home)'],
    [{ type: 'goto', lat: 91, lon: 0, altitude: 10 }, 'lat: must be between -90 and 90'],
    [{ type: 'goto', lat: 0, lon: -180.5, altitude: 10 }, 'lon: must be between -180 and 180'],
    [{ type: 'goto', lat: NaN, lon: 0, altitude: 10 }, 'lat: must be a number (degrees)'],
    [{ type: 'speed', speed: 0 }, 'speed: must be above 0 m/s'],
    [{ type: 'mode', mode: '  ' }, 'mode: must be a mode name'],
    [{ type: 'fly' }, 'type: must be one of arm, disarm, takeoff'],
    [{ type: 'arm', extra: true }, 'extra: unknown field'],
    [null, 'type: must be one of'],
  ])('parseAction refuses %j, naming the field', (input, words) => {
    const r = parseAction(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(words);
    expect(ActionSchema.safeParse(input).success).toBe(false);
  });

  it('parseAction trims a mode name and accepts a good action', () => {
    expect(parseAction({ type: 'mode', mode: ' guided ' })).toEqual({ ok: true, action: { type: 'mode', mode: 'guided' } });
    expect(parseAction({ type: 'goto', lat: -33.9, lon: 151.2, altitude: 25 })).toEqual({ ok: true, action: { type: 'goto', lat: -33.9, lon: 151.2, altitude: 25 } });
  });

  it('refuses bad input given straight to actionToRequests', () => {
    expect(() => actionToRequests({ type: 'takeoff', altitude: -1 }, 'ardupilot-copter')).toThrow(new ActionError('altitude: must be above 0 m'));
    expect(() => actionToRequests({ type: 'speed', speed: NaN }, 'px4')).toThrow(ActionError);
  });

  it('lists the valid modes when the name is unknown for the firmware', () => {
    expect(() => actionToRequests({ type: 'mode', mode: 'POSCTL' }, 'ardupilot-copter')).toThrow(/unknown mode "POSCTL" for ardupilot-copter; valid modes: STABILIZE, ACRO, ALT_HOLD, AUTO, GUIDED/);
    expect(() => actionToRequests({ type: 'mode', mode: 'GUIDED' }, 'px4')).toThrow(/valid modes: .*AUTO\.MISSION/);
    expect(() => actionToRequests({ type: 'mode', mode: 'GUIDED' }, 'generic')).toThrow('cannot set mode GUIDED: flight modes of firmware "generic" are unknown');
  });

  it('refuses a PX4 take-off without the home altitude above sea level', () => {
    expect(() => actionToRequests({ type: 'takeoff', altitude: 30 }, 'px4')).toThrow('cannot take off on PX4 yet: its home altitude above sea level is not known');
  });

  it('refuses take-off where the firmware does not take off that way', () => {
    expect(() => actionToRequests({ type: 'takeoff', altitude: 30 }, 'ardupilot-plane')).toThrow(/TAKEOFF mode/);
    expect(() => actionToRequests({ type: 'takeoff', altitude: 30 }, 'ardupilot-rover')).toThrow('a vehicle running ardupilot-rover cannot take off');
    expect(actionToRequests({ type: 'takeoff', altitude: 30 }, 'generic').map((r) => r.command)).toEqual([22]);
  });

  it('refuses altitudes above the site ceiling', () => {
    const ctx = { maxAltitude: 120 };
    expect(actionToRequests({ type: 'takeoff', altitude: 120 }, 'ardupilot-copter', ctx)).toHaveLength(2);
    expect(() => actionToRequests({ type: 'takeoff', altitude: 120.5 }, 'ardupilot-copter', ctx)).toThrow("altitude 120.5 m is above this site's ceiling of 120 m");
    expect(() => actionToRequests({ type: 'goto', lat: 0, lon: 0, altitude: 150 }, 'px4', ctx)).toThrow(/ceiling of 120 m/);
  });
});
