/** The connection indicator's state machine. Pure. */

/** What the indicator shows. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Socket and browser events that move it. */
export type ConnectionEvent =
  | { kind: 'connect' }
  | { kind: 'disconnect' }
  | { kind: 'reconnect-attempt'; attempt: number }
  | { kind: 'reconnect-failed' }
  | { kind: 'browser-offline' }
  | { kind: 'browser-online' };

/** Failed attempts after which "reconnecting" becomes "offline" (retries go on). */
export const OFFLINE_AFTER_ATTEMPTS = 3;

/** The state after `event`. */
export function nextConnectionState(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.kind) {
    case 'connect':
      return 'connected';
    case 'disconnect':
      return 'reconnecting';
    case 'reconnect-attempt':
      if (state === 'connected') return state;
      return event.attempt > OFFLINE_AFTER_ATTEMPTS ? 'offline' : state === 'offline' ? 'offline' : 'reconnecting';
    case 'reconnect-failed':
    case 'browser-offline':
      return state === 'connected' ? state : 'offline';
    case 'browser-online':
      return state === 'offline' ? 'reconnecting' : state;
    default: {
      const never: never = event;
      return never;
    }
  }
}
