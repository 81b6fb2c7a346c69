/**
 * What a reviewer looks at: the annotations waiting for a decision (one, or two that disagree
 * under consensus) as one draft, each shape knowing whose it is. Pure.
 */
import type { AnnotationDTO, TaskDTO } from '../../server/protocol-annotation.js';
import { draftOf, type Draft } from '../annotate/draft.js';

/** Outline colours of the first and second annotator when two disagree. */
export const ANNOTATOR_COLORS = ['#1c7ed6', '#f76707'] as const;

/** The annotations under review: those submitted (two when consensus disagreed), oldest first. */
export function underReview(task: TaskDTO): AnnotationDTO[] {
  return (task.annotations ?? []).filter((a) => a.status === 'submitted').sort((a, b) => a.submittedAt - b.submittedAt);
}

export interface ReviewDraft {
  draft: Draft;
  /** Shape id → index of its annotation in the list given. */
  owner: Map<string, number>;
}

/** One draft holding every shape of `annotations`. */
export function reviewDraft(annotations: readonly AnnotationDTO[]): ReviewDraft {
  const owner = new Map<string, number>();
  const shapes = annotations.flatMap((a, index) => {
    const part = draftOf(a.shapes).shapes;
    for (const s of part) owner.set(s.id, index);
    return part;
  });
  return { draft: { shapes }, owner };
}
