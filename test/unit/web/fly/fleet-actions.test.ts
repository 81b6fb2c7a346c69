import { describe, expect, it } from 'vitest';
import type { CommandOutcome } from '../../../../web/fly/actions.js';
import { FleetPicks } from '../../../../web/fly/fleet-picks.js';
import { runFleetAction, summarise } from '../../../../web/fly/fleet-actions.js';

describe('fleet actions', () => {
  it('keeps every vehicle outcome, failures and thrown errors included', async () => {
    const seen: string[] = [];
    const outcomes = await runFleetAction(
      ['a', 'b', 'c'],
      async (id): Promise<CommandOutcome> => {
        if (id === 'b') return { ok: false, error: 'Arm: Need Position Estimate' };
        if (id === 'c') throw new Error('socket closed');
        return { ok: true, tries: 1 };
      },
      { onResult: (id) => seen.push(id) },
    );
    expect([...outcomes]).toEqual([
      ['a', { ok: true, tries: 1 }],
      ['b', { ok: false, error: 'Arm: Need Position Estimate' }],
      ['c', { ok: false, error: 'socket closed' }],
    ]);
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
    expect(summarise(outcomes)).toEqual({ ok: 1, failed: 2, waiting: 0 });
  });

  it('never has more commands in flight than the concurrency allows', async () => {
    let inFlight = 0;
    let most = 0;
    const ids = Array.from({ length: 40 }, (_, i) => `v${i}`);
    await runFleetAction(
      ids,
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return { ok: true, tries: 1 };
      },
      { concurrency: 5 },
    );
    expect(most).toBe(5);
  });

  it('counts outcomes still waiting', () => {
    expect(summarise(new Map([['a', null], ['b', { ok: true, tries: 1 }]]))).toEqual({ ok: 1, failed: 0, waiting: 1 });
  });
});

describe('fleet picks', () => {
  it('toggles, replaces and drops vehicles that left, telling listeners each time', () => {
    const picks = new FleetPicks();
    let calls = 0;
    picks.onChange(() => calls++);
    picks.toggle('a');
    picks.toggle('b');
    picks.toggle('a');
    expect(picks.values()).toEqual(['b']);
    picks.set(['c', 'd']);
    expect(picks.retain((id) => id === 'd')).toBe(true);
    expect(picks.retain((id) => id === 'd')).toBe(false);
    expect(picks.values()).toEqual(['d']);
    expect(calls).toBe(5);
  });
});
