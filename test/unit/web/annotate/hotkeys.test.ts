import { describe, expect, it } from 'vitest';
import { annotateCommand, digitIndex, reviewCommand, type KeyInput } from '../../../../web/annotate/hotkeys.js';

const key = (k: string, over: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  code: /^[0-9]$/.test(k) ? `Digit${k}` : `Key${k.toUpperCase()}`,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...over,
});

describe('workstation keys', () => {
  it('1–9 choose a label, Shift+1–4 a severity, read from the key position whatever the layout types', () => {
    expect(annotateCommand(key('1'))).toEqual({ kind: 'label', index: 0 });
    expect(annotateCommand(key('9'))).toEqual({ kind: 'label', index: 8 });
    expect(annotateCommand({ ...key('!'), code: 'Digit1', shiftKey: true })).toEqual({ kind: 'choice', index: 0 });
    expect(annotateCommand({ ...key('End'), code: 'Numpad4', shiftKey: true })).toEqual({ kind: 'choice', index: 3 });
    expect(digitIndex('Digit0')).toBeNull();
  });

  it('Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, also with Cmd', () => {
    expect(annotateCommand(key('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(annotateCommand(key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(annotateCommand(key('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
    expect(annotateCommand(key('z', { metaKey: true }))).toEqual({ kind: 'undo' });
    expect(annotateCommand(key('c', { ctrlKey: true }))).toBeNull();
  });

  it('N is nothing found, Enter submits, Delete deletes, letters pick tools', () => {
    expect(annotateCommand(key('n'))).toEqual({ kind: 'nothing-found' });
    expect(annotateCommand({ ...key('Enter'), code: 'Enter' })).toEqual({ kind: 'submit' });
    expect(annotateCommand({ ...key('Backspace'), code: 'Backspace' })).toEqual({ kind: 'delete' });
    expect(annotateCommand(key('b'))).toEqual({ kind: 'tool', tool: 'box' });
    expect(annotateCommand(key('p'))).toEqual({ kind: 'tool', tool: 'polygon' });
    expect(annotateCommand(key('v'))).toEqual({ kind: 'tool', tool: 'select' });
    expect(annotateCommand(key('a'))).toEqual({ kind: 'accept-suggestion' });
    expect(annotateCommand({ ...key('Tab'), code: 'Tab', shiftKey: true })).toEqual({ kind: 'cycle', back: true });
  });

  it('leaves unknown keys, Shift+letters and Alt combinations to the browser', () => {
    expect(annotateCommand(key('q'))).toBeNull();
    expect(annotateCommand(key('N', { shiftKey: true }))).toBeNull();
    expect(annotateCommand(key('1', { altKey: true }))).toBeNull();
  });

  it('review: A accepts, R rejects, J next; not with modifiers', () => {
    expect(reviewCommand(key('a'))).toEqual({ kind: 'accept' });
    expect(reviewCommand(key('R'))).toEqual({ kind: 'reject' });
    expect(reviewCommand(key('j'))).toEqual({ kind: 'next' });
    expect(reviewCommand(key('a', { ctrlKey: true }))).toBeNull();
  });
});
