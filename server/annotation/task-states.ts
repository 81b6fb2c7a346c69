/**
 * The task life cycle as one table: each event, the states it may start from and the state it
 * leads to. The store's conditional updates take their `from` lists from here, so a transition
 * not in the table cannot happen.
 *
 * queued → in_progress (claimed under a lease) → submitted (to review) → accepted | rejected;
 * a rejected task goes back to its annotator as rework; an expired lease or a skip returns the task
 * to the queue; with consensus the first of two submissions returns it to the queue for the second.
 */
import type { TaskState } from '../protocol-annotation.js';

export const TASK_EVENTS = {
  /** An annotator takes a queued task. */
  claim: { from: ['queued'], to: 'in_progress' },
  /** The annotator of a rejected task takes it back. */
  rework: { from: ['rejected'], to: 'in_progress' },
  heartbeat: { from: ['in_progress'], to: 'in_progress' },
  expire: { from: ['in_progress'], to: 'queued' },
  skip: { from: ['in_progress'], to: 'queued' },
  /** A single-annotator task, or two that disagree: to a reviewer. */
  submit: { from: ['in_progress'], to: 'submitted' },
  /** The first of two consensus submissions: back to the queue for a second annotator. */
  submitFirstOfTwo: { from: ['in_progress'], to: 'queued' },
  /** A honeypot is scored and goes back to the queue for the next annotator; never reviewed. */
  submitHoneypot: { from: ['in_progress'], to: 'queued' },
  /** Two annotators agree: accepted without review. */
  agree: { from: ['in_progress'], to: 'accepted' },
  accept: { from: ['submitted'], to: 'accepted' },
  reject: { from: ['submitted'], to: 'rejected' },
  /** Rejecting a consensus disagreement starts a fresh round. */
  rejectConsensus: { from: ['submitted'], to: 'queued' },
  markHoneypot: { from: ['queued', 'accepted'], to: 'queued' },
} as const satisfies Record<string, { from: readonly TaskState[]; to: TaskState }>;

export type TaskEvent = keyof typeof TASK_EVENTS;

/** The state after `event`, or null when the event is not allowed from `state`. */
export function nextState(state: TaskState, event: TaskEvent): TaskState | null {
  const t = TASK_EVENTS[event];
  return (t.from as readonly TaskState[]).includes(state) ? t.to : null;
}

/** What the task is when a submission arrives. */
export interface SubmitContext {
  honeypot: boolean;
  annotatorsRequired: number;
  /** Earlier submissions of this round by other annotators. */
  othersSubmitted: number;
  /** Whether this submission agrees with the other one (only asked when there is one). */
  agrees: () => boolean;
}

/** Which event a submission is. */
export function submitEvent(c: SubmitContext): 'submit' | 'submitFirstOfTwo' | 'submitHoneypot' | 'agree' {
  if (c.honeypot) return 'submitHoneypot';
  if (c.annotatorsRequired < 2) return 'submit';
  if (c.othersSubmitted === 0) return 'submitFirstOfTwo';
  return c.agrees() ? 'agree' : 'submit';
}
