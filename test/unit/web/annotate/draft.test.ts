import { describe, expect, it } from 'vitest';
import type { Shape } from '../../../../server/protocol-annotation.js';
import { acceptSuggestions, addShape, draftOf, removeShape, setAttribute, setLabel, submission, suggestionCount, type Draft } from '../../../../web/annotate/draft.js';
import { UndoHistory } from '../../../../web/annotate/undo-history.js';

const fire: Shape = { kind: 'box', x: 10.123, y: 20.456, width: 30, height: 40, label: 'fire', attributes: { severity: 'high' } };
const smoke: Shape = { kind: 'polygon', points: [[0, 0], [10.005, 0], [5, 8]], label: 'smoke', attributes: {} };

describe('a draft', () => {
  it('submits accepted shapes only, rounded to 1/100 pixel', () => {
    const d = draftOf([fire], [smoke]);
    expect(suggestionCount(d)).toBe(1);
    expect(submission(d)).toEqual([{ ...fire, x: 10.12, y: 20.46 }]);
  });

  it('accepts one suggestion when it is selected, else all of them', () => {
    const d = draftOf([], [fire, smoke]);
    const [a, b] = d.shapes;
    expect(suggestionCount(acceptSuggestions(d, b.id))).toBe(1);
    expect(acceptSuggestions(d, b.id).shapes.find((s) => s.id === b.id)!.suggested).toBe(false);
    expect(suggestionCount(acceptSuggestions(d, null))).toBe(0);
    expect(suggestionCount(acceptSuggestions(acceptSuggestions(d, a.id), a.id))).toBe(0);
  });

  it('changes label and attributes without touching the other shapes', () => {
    const d = draftOf([fire, smoke]);
    const [a, b] = d.shapes;
    const next = setAttribute(setLabel(d, a.id, 'smoke'), a.id, 'severity', 'low');
    expect(next.shapes[0].shape).toMatchObject({ label: 'smoke', attributes: { severity: 'low' } });
    expect(next.shapes[1]).toBe(b);
    // An edit that changes nothing keeps the same draft, so no undo step is recorded for it.
    expect(setLabel(d, a.id, 'fire')).toBe(d);
  });

  it('undoes and redoes edits in order, and a new edit drops what could be redone', () => {
    const history = new UndoHistory<Draft>();
    let d: Draft = draftOf([]);
    const edit = (next: Draft): void => {
      history.record(d);
      d = next;
    };
    edit(addShape(d, { id: 'x', shape: fire, suggested: false }));
    edit(addShape(d, { id: 'y', shape: smoke, suggested: false }));
    edit(removeShape(d, 'x'));
    expect(d.shapes.map((s) => s.id)).toEqual(['y']);
    d = history.undo(d)!;
    expect(d.shapes.map((s) => s.id)).toEqual(['x', 'y']);
    d = history.undo(d)!;
    expect(d.shapes.map((s) => s.id)).toEqual(['x']);
    d = history.redo(d)!;
    expect(d.shapes.map((s) => s.id)).toEqual(['x', 'y']);
    edit(removeShape(d, 'y'));
    expect(history.canRedo).toBe(false);
    expect(history.redo(d)).toBeNull();
  });

  it('keeps a bounded history', () => {
    const history = new UndoHistory<number>(3);
    for (let i = 0; i < 10; i++) history.record(i);
    expect(history.undo(10)).toBe(9);
    expect(history.undo(9)).toBe(8);
    expect(history.undo(8)).toBe(7);
    expect(history.undo(7)).toBeNull();
  });
});
