/**
 * What the annotator has drawn on one photo: shapes, each with a local id, and the suggestions
 * (imported pre-annotations) still waiting to be accepted. Every edit returns a new draft, which is
 * what makes undo a matter of keeping old drafts.
 */
import type { Shape } from '../../server/protocol-annotation.js';

export interface DraftShape {
  /** Local to this page; the server never sees it. */
  id: string;
  shape: Shape;
  /** A suggestion: drawn dashed and not submitted until accepted. */
  suggested: boolean;
}

export interface Draft {
  readonly shapes: readonly DraftShape[];
}

export const EMPTY_DRAFT: Draft = { shapes: [] };

let counter = 0;
/** A fresh local shape id. */
export function newShapeId(): string {
  counter += 1;
  return `s${counter}`;
}

/** A draft holding `shapes` (already agreed, e.g. work sent back for rework) and `suggestions`. */
export function draftOf(shapes: readonly Shape[], suggestions: readonly Shape[] = []): Draft {
  return {
    shapes: [
      ...shapes.map((shape) => ({ id: newShapeId(), shape, suggested: false })),
      ...suggestions.map((shape) => ({ id: newShapeId(), shape, suggested: true })),
    ],
  };
}

export function findShape(draft: Draft, id: string | null): DraftShape | undefined {
  return id === null ? undefined : draft.shapes.find((s) => s.id === id);
}

export function addShape(draft: Draft, shape: DraftShape): Draft {
  return { shapes: [...draft.shapes, shape] };
}

/** The draft with one shape's geometry or fields replaced; the same draft when `id` is unknown. */
export function replaceShape(draft: Draft, id: string, shape: Shape): Draft {
  if (!findShape(draft, id)) return draft;
  return { shapes: draft.shapes.map((s) => (s.id === id ? { ...s, shape } : s)) };
}

export function removeShape(draft: Draft, id: string): Draft {
  return { shapes: draft.shapes.filter((s) => s.id !== id) };
}

/** Accepts one suggestion, or every suggestion when `id` is null or not a suggestion. */
export function acceptSuggestions(draft: Draft, id: string | null): Draft {
  const one = findShape(draft, id)?.suggested === true;
  return { shapes: draft.shapes.map((s) => (s.suggested && (!one || s.id === id) ? { ...s, suggested: false } : s)) };
}

export function setLabel(draft: Draft, id: string, label: string): Draft {
  const s = findShape(draft, id);
  return s && s.shape.label !== label ? replaceShape(draft, id, { ...s.shape, label }) : draft;
}

export function setAttribute(draft: Draft, id: string, key: string, value: string | number): Draft {
  const s = findShape(draft, id);
  if (!s || s.shape.attributes[key] === value) return draft;
  return replaceShape(draft, id, { ...s.shape, attributes: { ...s.shape.attributes, [key]: value } });
}

export function suggestionCount(draft: Draft): number {
  return draft.shapes.filter((s) => s.suggested).length;
}

const round = (v: number): number => Math.round(v * 100) / 100;

/** The shapes to submit: accepted ones only, coordinates to 1/100 pixel. */
export function submission(draft: Draft): Shape[] {
  return draft.shapes
    .filter((s) => !s.suggested)
    .map(({ shape }) =>
      shape.kind === 'box'
        ? { ...shape, x: round(shape.x), y: round(shape.y), width: round(shape.width), height: round(shape.height) }
        : { ...shape, points: shape.points.map(([x, y]) => [round(x), round(y)] as [number, number]) },
    );
}
