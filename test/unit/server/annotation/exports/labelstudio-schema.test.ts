import { describe, expect, it } from 'vitest';
import { jsonPath, parseLsExport } from '../../../../../server/annotation/imports/labelstudio-schema.js';

describe('reading a Label Studio export', () => {
  it('writes zod paths as JSON paths', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath([3, 'annotations', 0, 'result', 12, 'value', 'x'])).toBe('$[3].annotations[0].result[12].value.x');
  });

  it('lets through what Label Studio writes beyond what an import reads', () => {
    const r = parseLsExport([{
      id: 7, inner_id: 1, project: 3, file_upload: 'x.jpg', meta: {}, created_at: '2026-01-01T00:00:00Z',
      data: { image: '/data/upload/3/x.jpg' },
      annotations: [{ id: 1, completed_by: 1, result: [], was_cancelled: false, ground_truth: false, lead_time: 3.2, prediction: {}, result_count: 0 }],
      predictions: [{ id: 4, model_version: null, score: null, result: [] }],
      drafts: [], total_annotations: 1,
    }]);
    expect(r.ok).toBe(true);
  });

  it('takes a rectangle without a rotation as unrotated, and an edge a hair past 100 %', () => {
    const r = parseLsExport([{ data: { image: 'x.jpg' }, annotations: [{ result: [{ id: 'a', type: 'rectanglelabels', value: { x: 50, y: 50, width: 50.0000000001, height: 10, rectanglelabels: ['fire'] } }] }] }]);
    expect(r.ok && r.tasks[0].annotations![0].result[0]).toMatchObject({ value: { rotation: 0 } });
  });

  it('refuses with the path and problem of the first thing wrong', () => {
    expect(parseLsExport('tasks')).toEqual({ ok: false, path: '$', message: 'must be an array of Label Studio tasks (a JSON export)' });
    expect(parseLsExport([{ data: { image: 'a.jpg' } }, { annotations: [] }])).toEqual({ ok: false, path: '$[1].data', message: 'Invalid input: expected record, received undefined' });
  });
});
