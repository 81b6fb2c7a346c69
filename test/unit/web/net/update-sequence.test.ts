import { describe, expect, it } from 'vitest';
import { UpdateSequence } from '../../../../web/net/update-sequence.js';

describe('update sequence', () => {
  it('sees a gap when a source skips numbers, not on its first batch or across sources', () => {
    const s = new UpdateSequence();
    expect(s.observe('a', 7)).toBe(false);
    expect(s.observe('a', 8)).toBe(false);
    expect(s.observe('b', 1)).toBe(false);
    expect(s.observe('a', 10)).toBe(true);
    expect(s.observe('a', 11)).toBe(false);
    expect(s.observe('b', 2)).toBe(false);
  });

  it('starts afresh after a reset', () => {
    const s = new UpdateSequence();
    s.observe('a', 5);
    s.reset();
    expect(s.observe('a', 1)).toBe(false);
  });
});
