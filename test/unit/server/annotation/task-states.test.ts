import { describe, expect, it } from 'vitest';
import { intakePriority, PRIORITY } from '../../../../server/annotation/task-priority.js';
import { nextState, submitEvent, TASK_EVENTS, type TaskEvent } from '../../../../server/annotation/task-states.js';
import { TASK_STATES, type TaskState } from '../../../../server/protocol-annotation.js';

describe('task state machine', () => {
  const walk = (start: TaskState, events: TaskEvent[]) => events.reduce<TaskState | null>((s, e) => (s === null ? null : nextState(s, e)), start);

  it('follows queued → in progress → submitted → accepted', () => {
    expect(walk('queued', ['claim', 'heartbeat', 'submit', 'accept'])).toBe('accepted');
  });

  it('a rejected task returns to its annotator as rework and can be submitted again', () => {
    expect(walk('queued', ['claim', 'submit', 'reject'])).toBe('rejected');
    expect(walk('rejected', ['rework', 'submit', 'accept'])).toBe('accepted');
  });

  it('an expired lease, a skip and the first of two consensus submissions return the task to the queue', () => {
    expect(walk('queued', ['claim', 'expire'])).toBe('queued');
    expect(walk('queued', ['claim', 'skip'])).toBe('queued');
    expect(walk('queued', ['claim', 'submitFirstOfTwo', 'claim', 'agree'])).toBe('accepted');
  });

  it('refuses transitions not in the table', () => {
    expect(nextState('queued', 'submit')).toBeNull();
    expect(nextState('queued', 'accept')).toBeNull();
    expect(nextState('accepted', 'claim')).toBeNull();
    expect(nextState('submitted', 'heartbeat')).toBeNull();
    expect(nextState('in_progress', 'markHoneypot')).toBeNull();
    expect(nextState('rejected', 'claim')).toBeNull();
  });

  it('every event starts from and leads to known states, and accepted is left only by becoming a honeypot', () => {
    for (const [name, t] of Object.entries(TASK_EVENTS)) {
      expect(TASK_STATES, name).toContain(t.to);
      for (const f of t.from) expect(TASK_STATES, name).toContain(f);
    }
    const leavingAccepted = Object.entries(TASK_EVENTS).filter(([, t]) => (t.from as readonly string[]).includes('accepted')).map(([n]) => n);
    expect(leavingAccepted).toEqual(['markHoneypot']);
  });

  it('picks the submission event from honeypot, consensus and agreement', () => {
    const never = () => { throw new Error('agreement must not be asked'); };
    expect(submitEvent({ honeypot: true, annotatorsRequired: 2, othersSubmitted: 1, agrees: never })).toBe('submitHoneypot');
    expect(submitEvent({ honeypot: false, annotatorsRequired: 1, othersSubmitted: 0, agrees: never })).toBe('submit');
    expect(submitEvent({ honeypot: false, annotatorsRequired: 2, othersSubmitted: 0, agrees: never })).toBe('submitFirstOfTwo');
    expect(submitEvent({ honeypot: false, annotatorsRequired: 2, othersSubmitted: 1, agrees: () => true })).toBe('agree');
    expect(submitEvent({ honeypot: false, annotatorsRequired: 2, othersSubmitted: 1, agrees: () => false })).toBe('submit');
  });
});

describe('task priority', () => {
  it('puts rescue photos above operator-raised ones, and those above the rest', () => {
    expect(intakePriority('rescue')).toBe(PRIORITY.rescue);
    expect(intakePriority('forest', PRIORITY.raised)).toBe(PRIORITY.raised);
    expect(intakePriority('powerline')).toBe(PRIORITY.normal);
    expect(PRIORITY.rescue).toBeGreaterThan(PRIORITY.raised);
    expect(PRIORITY.raised).toBeGreaterThan(PRIORITY.normal);
  });

  it('a request never lowers a rescue photo but may raise it further', () => {
    expect(intakePriority('rescue', PRIORITY.normal)).toBe(PRIORITY.rescue);
    expect(intakePriority('rescue', 500)).toBe(500);
  });
});
