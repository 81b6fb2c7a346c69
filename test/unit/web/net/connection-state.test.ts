import { describe, expect, it } from 'vitest';
import { OFFLINE_AFTER_ATTEMPTS, nextConnectionState, type ConnectionEvent, type ConnectionState } from '../../../../web/net/connection-state.js';

function run(events: ConnectionEvent[], from: ConnectionState = 'connecting'): ConnectionState {
  return events.reduce(nextConnectionState, from);
}

describe('connection indicator', () => {
  it('shows connected after the first connect', () => {
    expect(run([{ kind: 'connect' }])).toBe('connected');
  });

  it('shows reconnecting after a drop, while the first attempts fail', () => {
    const events: ConnectionEvent[] = [{ kind: 'connect' }, { kind: 'disconnect' }];
    for (let attempt = 1; attempt <= OFFLINE_AFTER_ATTEMPTS; attempt++) events.push({ kind: 'reconnect-attempt', attempt });
    expect(run(events)).toBe('reconnecting');
  });

  it('shows offline once attempts go past the limit, and connected again when the server is back', () => {
    const events: ConnectionEvent[] = [{ kind: 'connect' }, { kind: 'disconnect' }, { kind: 'reconnect-attempt', attempt: OFFLINE_AFTER_ATTEMPTS + 1 }];
    expect(run(events)).toBe('offline');
    expect(run([...events, { kind: 'reconnect-attempt', attempt: OFFLINE_AFTER_ATTEMPTS + 2 }])).toBe('offline');
    expect(run([...events, { kind: 'connect' }])).toBe('connected');
  });

  it('the browser going offline shows offline unless the socket is still up', () => {
    expect(run([{ kind: 'connect' }, { kind: 'disconnect' }, { kind: 'browser-offline' }])).toBe('offline');
    expect(run([{ kind: 'connect' }, { kind: 'browser-offline' }])).toBe('connected');
    expect(run([{ kind: 'browser-online' }], 'offline')).toBe('reconnecting');
  });
});
