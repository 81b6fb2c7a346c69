import { describe, expect, it } from 'vitest';
import { indexFromFileName, IndexTracker, MAX_GAP_REQUESTS } from '../../../../server/imagery/image-index.js';

describe('image index from a file name', () => {
  it.each([
    ['DSC00012.JPG', 12],
    ['DCIM/100MEDIA/DJI_0042.jpg', 42],
    ['IMG_20240501_0007.jpeg', 7],
    ['photos/12.jpg', 12],
    ['C:\\card\\P1000123.JPG', 1000123],
  ])('%s is photo %i', (name, index) => {
    expect(indexFromFileName(name)).toBe(index);
  });

  it('a name without digits has no index, and digits in folder names do not count', () => {
    expect(indexFromFileName('cover.jpg')).toBeNull();
    expect(indexFromFileName('2024/flight7/cover.jpg')).toBeNull();
  });
});

describe('gaps in announced indices', () => {
  it('reports the indices skipped between two announcements', () => {
    const t = new IndexTracker();
    expect(t.observe(0, 1000)).toEqual({ missing: [], restarted: false });
    expect(t.observe(1, 2000).missing).toEqual([]);
    expect(t.observe(4, 5000).missing).toEqual([2, 3]);
    expect(t.observe(5, 6000).missing).toEqual([]);
  });

  it('late answers for the missing indices and repeats neither move the sequence nor make new gaps', () => {
    const t = new IndexTracker();
    t.observe(10, 10_000);
    t.observe(13, 13_000);
    expect(t.observe(11, 11_000)).toEqual({ missing: [], restarted: false });
    expect(t.observe(13, 13_000)).toEqual({ missing: [], restarted: false });
    expect(t.observe(14, 14_000).missing).toEqual([]);
  });

  it('a camera that restarts (index and clock back to the start) is followed, not asked for thousands of photos', () => {
    const t = new IndexTracker();
    t.observe(120, 900_000);
    t.observe(121, 901_000);
    expect(t.observe(0, 3_000)).toEqual({ missing: [], restarted: true });
    expect(t.observe(2, 5_000).missing).toEqual([1]);
  });

  it('a later index with an earlier clock is a restart with photos since, not a gap', () => {
    const t = new IndexTracker();
    t.observe(5, 600_000);
    expect(t.observe(7, 2_000)).toEqual({ missing: [], restarted: true });
  });

  it('a huge jump asks for at most the last MAX_GAP_REQUESTS indices', () => {
    const t = new IndexTracker();
    t.observe(0, 0);
    const { missing } = t.observe(100_000, 1_000);
    expect(missing).toHaveLength(MAX_GAP_REQUESTS);
    expect(missing[missing.length - 1]).toBe(99_999);
  });
});
