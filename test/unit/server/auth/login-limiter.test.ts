import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../../../server/auth/login-limiter.js';

const limits = { perUserAndIp: 5, perIp: 50, windowMs: 15 * 60_000 };

function limiter() {
  const clock = { t: 1_000_000 };
  return { clock, l: new LoginLimiter(() => clock.t, limits) };
}

describe('login limiter', () => {
  it('allows five failures for a user from an address, then refuses until the oldest leaves the window', () => {
    const { clock, l } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(l.check('ops', '10.0.0.1')).toEqual({ allowed: true });
      l.fail('ops', '10.0.0.1');
      clock.t += 1000;
    }
    // Failures at t0 … t0+4 s; now t0+5 s: allowed again at t0 + 15 min.
    expect(l.check('ops', '10.0.0.1')).toEqual({ allowed: false, retryAfterMs: limits.windowMs - 5000 });
    clock.t = 1_000_000 + limits.windowMs - 1;
    expect(l.check('ops', '10.0.0.1').allowed).toBe(false);
    clock.t = 1_000_000 + limits.windowMs;
    expect(l.check('ops', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('counts usernames without regard to case or spaces', () => {
    const { l } = limiter();
    for (const name of ['Ops', 'OPS', ' ops', 'ops ', 'oPs']) l.fail(name, '10.0.0.1');
    expect(l.check('ops', '10.0.0.1').allowed).toBe(false);
  });

  it('keeps other users and other addresses apart', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.fail('ops', '10.0.0.1');
    expect(l.check('ops', '10.0.0.2')).toEqual({ allowed: true });
    expect(l.check('viewer', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('refuses an address after fifty failures over any usernames', () => {
    const { l } = limiter();
    for (let i = 0; i < 49; i++) l.fail(`user${i}`, '10.0.0.9');
    expect(l.check('someone-new', '10.0.0.9')).toEqual({ allowed: true });
    l.fail('user49', '10.0.0.9');
    expect(l.check('someone-new', '10.0.0.9')).toEqual({ allowed: false, retryAfterMs: limits.windowMs });
    expect(l.check('someone-new', '10.0.0.10')).toEqual({ allowed: true });
  });

  it('clears the pair on success but not the address count', () => {
    const { l } = limiter();
    for (let i = 0; i < 4; i++) l.fail('ops', '10.0.0.1');
    l.succeed('ops', '10.0.0.1');
    for (let i = 0; i < 4; i++) l.fail('ops', '10.0.0.1');
    expect(l.check('ops', '10.0.0.1')).toEqual({ allowed: true });
    l.fail('ops', '10.0.0.1');
    expect(l.check('ops', '10.0.0.1').allowed).toBe(false);
  });
});
