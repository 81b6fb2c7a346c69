import { describe, expect, it } from 'vitest';
import { NEEDS_CONFIRMATION } from '../../../../web/fly/actions.js';
import { ConfirmationGate } from '../../../../web/fly/confirmation.js';

describe('two-step confirmation', () => {
  it('asks to confirm dangerous actions and sends the others at once', () => {
    expect([...NEEDS_CONFIRMATION].sort()).toEqual(['arm', 'disarm', 'goto', 'land', 'rtl', 'takeoff']);
    const gate = new ConfirmationGate<string>(5000);
    expect(gate.request('pause', false, 0)).toEqual({ send: 'pause' });
    expect(gate.request('arm', true, 0)).toEqual({ confirm: 'arm' });
    expect(gate.pending(0)).toBe('arm');
  });

  it('sends the pending action on a confirmation just before it lapses, and nothing just after', () => {
    const gate = new ConfirmationGate<string>(5000);
    gate.request('land', true, 1000);
    expect(gate.expiresAt()).toBe(6000);
    expect(gate.confirm(5999)).toBe('land');
    expect(gate.confirm(5999)).toBeNull();
    gate.request('land', true, 1000);
    expect(gate.confirm(6000)).toBeNull();
  });

  it('a cancel, or a click on an action that needs no confirmation, drops the pending one', () => {
    const gate = new ConfirmationGate<string>(5000);
    gate.request('rtl', true, 0);
    gate.cancel();
    expect(gate.pending(1)).toBeNull();
    gate.request('rtl', true, 0);
    gate.request('pause', false, 1);
    expect(gate.confirm(2)).toBeNull();
  });

  it('a second dangerous action replaces the first and restarts the window', () => {
    const gate = new ConfirmationGate<string>(5000);
    gate.request('arm', true, 0);
    gate.request('takeoff', true, 4000);
    expect(gate.confirm(8000)).toBe('takeoff');
  });
});
