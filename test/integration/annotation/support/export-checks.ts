/** What the export tests share: labelling through the API, reading zips, comparing shapes within a pixel. */
import { unzipSync } from 'fflate';
import { expect } from 'vitest';
import type { ClaimDTO, Shape } from '../../../../server/protocol-annotation.js';
import type { ExportsApp } from './exports-app.js';

/** Claims the queue's next task, checks it is `taskId`, and submits `shapes` (empty: nothing found). */
export async function submit(app: ExportsApp, queue: string, taskId: string, shapes: Shape[]): Promise<void> {
  const claim = await app.api<ClaimDTO>('annotator', 'POST', `/api/queues/${queue}/claim`);
  expect(claim.status).toBe(200);
  expect(claim.body.task.id).toBe(taskId);
  const body = shapes.length > 0 ? { shapes } : { nothingFound: true };
  const r = await app.api('annotator', 'POST', `/api/tasks/${taskId}/submit`, body);
  expect(r.status).toBe(200);
}

export async function accept(app: ExportsApp, taskId: string): Promise<void> {
  const r = await app.api('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept' });
  expect(r.status).toBe(200);
}

/** The zip's files by name. */
export async function unzipAnswer(res: Response): Promise<Record<string, Uint8Array>> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.zip"$/);
  return unzipSync(new Uint8Array(await res.arrayBuffer()));
}

export const text = (bytes: Uint8Array | undefined): string => {
  expect(bytes, 'file in the zip').toBeDefined();
  return new TextDecoder().decode(bytes);
};

/** Expects the same shapes, in order: kinds, labels and attributes equal, every coordinate within `tolerance` pixels. */
export function expectShapesClose(actual: readonly Shape[], expected: readonly Shape[], tolerance = 1): void {
  expect(actual.map((s) => [s.kind, s.label])).toEqual(expected.map((s) => [s.kind, s.label]));
  actual.forEach((a, i) => {
    const e = expected[i];
    expect(a.attributes).toEqual(e.attributes);
    const coords = (s: Shape): number[] => (s.kind === 'box' ? [s.x, s.y, s.width, s.height] : s.points.flat());
    const ac = coords(a), ec = coords(e);
    expect(ac).toHaveLength(ec.length);
    ac.forEach((v, k) => expect(Math.abs(v - ec[k]), `coordinate ${k} of shape ${i}: ${v} vs ${ec[k]}`).toBeLessThanOrEqual(tolerance));
  });
}
