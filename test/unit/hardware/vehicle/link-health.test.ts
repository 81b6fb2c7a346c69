import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../hardware/clock.js';
import { LinkHealth } from '../../../../hardware/vehicle/link-health.js';
import type { LinkHealthEvent } from '../../../../hardware/vehicle/link-health.js';

function setup(lostAfterMs?: number): { clock: ManualClock; health: LinkHealth; events: LinkHealthEvent[] } {
  const clock = new ManualClock(10_000);
  const events: LinkHealthEvent[] = [];
  const health = new LinkHealth({ clock, lostAfterMs, onEvent: (e) => events.push(e) });
  return { clock, health, events };
}

describe('link health', () => {
  it('is unknown until the first heartbeat, then connected', () => {
    const { health } = setup();
    expect(health.state).toBe('unknown');
    health.heartbeat();
    expect(health.state).toBe('connected');
  });

  it('is still connected 3499 ms after the last heartbeat', () => {
    const { clock, health, events } = setup();
    health.heartbeat();
    clock.advance(3499);
    expect(health.state).toBe('connected');
    expect(events).toEqual([]);
  });

  it('is lost exactly 3500 ms after the last heartbeat, and says so once', () => {
    const { clock, health, events } = setup();
    health.heartbeat();
    clock.advance(3500);
    expect(health.state).toBe('lost');
    expect(events).toEqual([{ kind: 'lost' }]);
    clock.advance(10_000);
    expect(events).toEqual([{ kind: 'lost' }]);
  });

  it('is lost at 3501 ms too', () => {
    const { clock, health } = setup();
    health.heartbeat();
    clock.advance(3501);
    expect(health.state).toBe('lost');
  });

  it('measures from the latest heartbeat, not the first', () => {
    const { clock, health, events } = setup();
    health.heartbeat();
    clock.advance(1000);
    health.heartbeat();
    clock.advance(3499);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events).toEqual([{ kind: 'lost' }]);
  });

  it('stays connected under a steady 1 Hz heartbeat', () => {
    const { clock, health, events } = setup();
    for (let i = 0; i < 20; i++) {
      health.heartbeat();
      clock.advance(1000);
    }
    expect(events).toEqual([]);
    expect(clock.pending).toBe(1);
  });

  it('emits restored on the next heartbeat after a loss', () => {
    const { clock, health, events } = setup();
    health.heartbeat();
    clock.advance(5000);
    health.heartbeat();
    expect(health.state).toBe('connected');
    expect(events).toEqual([{ kind: 'lost' }, { kind: 'restored' }]);
    clock.advance(3500);
    expect(events).toEqual([{ kind: 'lost' }, { kind: 'restored' }, { kind: 'lost' }]);
  });

  it('honours a configured threshold', () => {
    const { clock, health, events } = setup(1000);
    health.heartbeat();
    clock.advance(999);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events).toEqual([{ kind: 'lost' }]);
  });

  it('emits nothing after stop and leaves no timer behind', () => {
    const { clock, health, events } = setup();
    health.heartbeat();
    health.stop();
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    health.heartbeat();
    expect(events).toEqual([]);
  });
});
