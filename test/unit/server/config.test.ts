import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_LINK, parseServerArgs } from '../../../server/config.js';

const start = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseServerArgs(argv, env, { demo: false });
const demo = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseServerArgs(argv, env, { demo: true });

describe('server options', () => {
  it('defaults to one UDP listener on 14550 and port 8080', () => {
    const o = start([]);
    expect(o.links).toEqual([DEFAULT_LINK]);
    expect(o.port).toBe(8080);
    expect(o.sims).toBe(0);
    expect(o.lostAfterMs).toBe(3500);
    expect([o.sysid, o.compid]).toEqual([255, 190]);
  });

  it('takes several --link flags in order', () => {
    const o = start(['--link', 'udp://0.0.0.0:14550', '--link', 'tcp://127.0.0.1:5760', '--link', 'serial:///dev/ttyUSB0?baud=57600']);
    expect(o.links).toEqual(['udp://0.0.0.0:14550', 'tcp://127.0.0.1:5760', 'serial:///dev/ttyUSB0?baud=57600']);
  });

  it('reads PORT, TILE_URL and MAV_LINKS from the environment, flags winning', () => {
    const env = { PORT: '9000', TILE_URL: 'https://tiles.example/{z}/{x}/{y}.png', MAV_LINKS: 'udp://0.0.0.0:14550, tcp://10.0.0.2:5760' };
    const o = start([], env);
    expect(o.port).toBe(9000);
    expect(o.tileUrl).toBe(env.TILE_URL);
    expect(o.links).toEqual(['udp://0.0.0.0:14550', 'tcp://10.0.0.2:5760']);
    expect(start(['--port', '9100'], env).port).toBe(9100);
  });

  it('gives the demo three simulated drones unless told otherwise', () => {
    expect(demo([]).sims).toBe(3);
    expect(demo(['--sims', '0']).sims).toBe(0);
    expect(demo(['--sims', '12']).sims).toBe(12);
  });

  it.each([
    [['--link', 'bogus://x'], /unsupported scheme 'bogus'/],
    [['--link', 'udp://0.0.0.0'], /missing port/],
    [['--port', 'eighty'], /--port must be a whole number, got 'eighty'/],
    [['--port', '70000'], /--port must be between 0 and 65535, got 70000/],
    [['--sims', '2'], /--sims is only for npm run demo/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--lost-after', '5'], /--lost-after must be between 100 and 600000/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => start(argv)).toThrow(ConfigError);
    expect(() => start(argv)).toThrow(message);
  });
});
