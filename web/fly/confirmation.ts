/**
 * Two-step confirmation: a dangerous action is first armed for confirmation, then sent only if
 * confirmed before it lapses. Pure: time is passed in.
 */

/** How long a pending confirmation waits for the second click. */
export const CONFIRM_WINDOW_MS = 6000;

export type Confirmation<A> = { step: 'idle' } | { step: 'confirming'; action: A; expiresAt: number };

/** What a click on an action leads to. */
export type RequestResult<A> = { send: A } | { confirm: A };

export class ConfirmationGate<A> {
  private state: Confirmation<A> = { step: 'idle' };

  constructor(private readonly windowMs = CONFIRM_WINDOW_MS) {}

  /** The pending action, if any, as of `now` (a lapsed one is dropped). */
  pending(now: number): A | null {
    if (this.state.step === 'confirming' && now >= this.state.expiresAt) this.state = { step: 'idle' };
    return this.state.step === 'confirming' ? this.state.action : null;
  }

  /** When the pending action lapses, or null. */
  expiresAt(): number | null {
    return this.state.step === 'confirming' ? this.state.expiresAt : null;
  }

  /**
   * A click on `action`: actions that need no confirmation go straight out (and drop any pending
   * one); the others wait for {@link confirm}.
   */
  request(action: A, needsConfirmation: boolean, now: number): RequestResult<A> {
    if (!needsConfirmation) {
      this.state = { step: 'idle' };
      return { send: action };
    }
    this.state = { step: 'confirming', action, expiresAt: now + this.windowMs };
    return { confirm: action };
  }

  /** The second click: the action to send, or null when nothing is pending any more. */
  confirm(now: number): A | null {
    const action = this.pending(now);
    this.state = { step: 'idle' };
    return action;
  }

  cancel(): void {
    this.state = { step: 'idle' };
  }
}
