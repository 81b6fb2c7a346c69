import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../../missions/plan.js';
import { patrolOfPlan } from '../../../../server/plans/plan-patrol.js';

describe('patrolOfPlan', () => {
  it.each([
    ['survey', 'forest'],
    ['corridor', 'powerline'],
    ['search', 'rescue'],
    ['orbit', null],
    ['waypoints', null],
  ] as const)('files a %s plan that says nothing under %s', (pattern, patrol) => {
    expect(patrolOfPlan({ pattern, settings: { altitude: 40 } })).toBe(patrol);
  });

  it('takes the patrol the plan\'s settings name over its pattern\'s', () => {
    expect(patrolOfPlan({ pattern: 'orbit', settings: { patrol: 'powerline' } })).toBe('powerline');
    expect(patrolOfPlan({ pattern: 'survey', settings: { patrol: 'rescue' } })).toBe('rescue');
  });

  it('ignores a settings patrol no queue knows', () => {
    const odd: Pick<Plan, 'pattern' | 'settings'>[] = [
      { pattern: 'orbit', settings: { patrol: 'volcano' } },
      { pattern: 'orbit', settings: { patrol: 3 } },
      { pattern: 'corridor', settings: { patrol: null } },
    ];
    expect(odd.map(patrolOfPlan)).toEqual([null, null, 'powerline']);
  });
});
