/**
 * How well a submission matches a honeypot's known answer, 0 to 1: the F1 score of matched shapes
 * (same label, IoU at or above the threshold), 1 when both say nothing is there.
 */
import type { Shape } from '../protocol-annotation.js';
import { matchShapes, MATCH_IOU } from './shape-match.js';

/** F1 of `given` against `answer`. */
export function honeypotScore(given: readonly Shape[], answer: readonly Shape[], threshold = MATCH_IOU): number {
  if (given.length === 0 && answer.length === 0) return 1;
  const { pairs } = matchShapes(given, answer, threshold);
  return (2 * pairs.length) / (given.length + answer.length);
}
