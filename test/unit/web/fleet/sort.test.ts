import { describe, expect, it } from 'vitest';
import { sortedIds } from '../../../../web/fleet/sort.js';

describe('fleet list order', () => {
  it('sorts names with numbers in numeric order', () => {
    const ids = sortedIds([
      { id: '3', name: 'drone-10' },
      { id: '1', name: 'drone-2' },
      { id: '2', name: 'Drone-1' },
    ]);
    expect(ids).toEqual(['2', '1', '3']);
  });

  it('breaks ties on name by id, so equal names keep a fixed order', () => {
    const a = sortedIds([
      { id: 'udp:0/b/1/1', name: 'copter' },
      { id: 'udp:0/a/1/1', name: 'copter' },
    ]);
    const b = sortedIds([
      { id: 'udp:0/a/1/1', name: 'copter' },
      { id: 'udp:0/b/1/1', name: 'copter' },
    ]);
    expect(a).toEqual(['udp:0/a/1/1', 'udp:0/b/1/1']);
    expect(b).toEqual(a);
  });
});
