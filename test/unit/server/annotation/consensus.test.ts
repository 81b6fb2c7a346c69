import { describe, expect, it } from 'vitest';
import { compareSubmissions, mergeShapes } from '../../../../server/annotation/consensus.js';
import { honeypotScore } from '../../../../server/annotation/honeypot-score.js';
import { matchShapes } from '../../../../server/annotation/shape-match.js';
import type { AttributeDef, Shape } from '../../../../server/protocol-annotation.js';

const attrs: AttributeDef[] = [
  { key: 'severity', name: 'Severity', kind: 'choice', values: ['low', 'medium', 'high', 'critical'], default: 'medium' },
  { key: 'confidence', name: 'Confidence', kind: 'number', min: 0, max: 1, default: 1 },
];
const box = (label: string, x: number, y: number, size = 20, a: Record<string, string | number> = {}): Shape =>
  ({ kind: 'box', x, y, width: size, height: size, label, attributes: a });

describe('shape matching', () => {
  it('pairs shapes one to one, best overlap first, only within a label', () => {
    const a = [box('fire', 0, 0), box('fire', 100, 100), box('smoke', 200, 200)];
    const b = [box('fire', 101, 101), box('fire', 2, 2), box('fire', 200, 200)];
    const m = matchShapes(a, b);
    expect(m.pairs.map((p) => [p.a, p.b])).toEqual([[1, 0], [0, 1]]);
    expect(m.unmatchedA).toEqual([2]);
    expect(m.unmatchedB).toEqual([2]);
  });

  it('a shape overlapping two candidates takes the better one and leaves the other', () => {
    const m = matchShapes([box('fire', 0, 0)], [box('fire', 5, 0), box('fire', 1, 0)]);
    expect(m.pairs).toHaveLength(1);
    expect(m.pairs[0].b).toBe(1);
    expect(m.unmatchedB).toEqual([0]);
  });
});

describe('consensus', () => {
  it('two annotators who both found nothing agree', () => {
    expect(compareSubmissions([], [], attrs)).toEqual({ agree: true, merged: [] });
  });

  it('nothing found against labels is a disagreement', () => {
    const r = compareSubmissions([], [box('fire', 0, 0)], attrs);
    expect(r.agree).toBe(false);
  });

  it('boxes matching at IoU ≥ 0.5 agree and merge into averaged boxes with the higher severity', () => {
    const r = compareSubmissions(
      [box('fire', 0, 0, 20, { severity: 'high', confidence: 0.8 })],
      [box('fire', 2, 2, 20, { severity: 'critical', confidence: 0.6 })],
      attrs,
    );
    expect(r).toEqual({ agree: true, merged: [{ kind: 'box', x: 1, y: 1, width: 20, height: 20, label: 'fire', attributes: { severity: 'critical', confidence: 0.7 } }] });
  });

  it('the same object under different labels, a missing object, or too little overlap go to review', () => {
    expect(compareSubmissions([box('fire', 0, 0)], [box('smoke', 0, 0)], attrs).agree).toBe(false);
    expect(compareSubmissions([box('fire', 0, 0), box('fire', 50, 50)], [box('fire', 0, 0)], attrs).agree).toBe(false);
    // Offset by 10 of 20: IoU 1/3.
    expect(compareSubmissions([box('fire', 0, 0)], [box('fire', 10, 0)], attrs).agree).toBe(false);
  });

  it('merging a polygon keeps the first outline', () => {
    const p: Shape = { kind: 'polygon', points: [[0, 0], [20, 0], [20, 20]], label: 'fire', attributes: { confidence: 1 } };
    expect(mergeShapes(p, box('fire', 0, 0, 20, { confidence: 0 }), attrs)).toEqual({ ...p, attributes: { confidence: 0.5 } });
  });
});

describe('honeypot score', () => {
  it('is 1 for a perfect answer, 0 for none right, and the F1 in between', () => {
    const answer = [box('bird-nest', 10, 10), box('bird-nest', 100, 10)];
    expect(honeypotScore(answer, answer)).toBe(1);
    expect(honeypotScore([], [])).toBe(1);
    expect(honeypotScore([], answer)).toBe(0);
    expect(honeypotScore([box('bird-nest', 300, 300)], answer)).toBe(0);
    // One of two found, plus one false alarm: precision 1/2, recall 1/2.
    expect(honeypotScore([box('bird-nest', 11, 11), box('bird-nest', 300, 300)], answer)).toBeCloseTo(0.5, 12);
  });
});
