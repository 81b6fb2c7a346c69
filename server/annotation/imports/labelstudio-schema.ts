/**
 * The part of a Label Studio JSON export an import reads: an array of tasks with `data`,
 * `annotations` and `predictions`, whose results are rectangle and polygon regions in percent of
 * the image and per-region `choices` / `number` attributes. Everything else Label Studio writes is
 * let through unread. A refusal names the JSON path of the first problem (`$[3].annotations[0]…`).
 */
import { z } from 'zod';

/** Rounding in Label Studio can put an edge a hair past 100 %. */
const EPSILON = 1e-6;
const percent = z.number().finite().refine((v) => v >= -EPSILON && v <= 100 + EPSILON, 'must be a percentage from 0 to 100');
const size = z.number().finite().refine((v) => v > 0 && v <= 100 + EPSILON, 'must be a percentage above 0, at most 100');
const oneLabel = z.array(z.string().min(1)).length(1, 'give exactly one label per region');
const regionId = z.union([z.string().min(1), z.number()]).transform(String).optional();

const common = { id: regionId, from_name: z.string().optional(), to_name: z.string().optional() };

export const LsRectangleSchema = z.looseObject({
  ...common,
  type: z.literal('rectanglelabels'),
  value: z.looseObject({ x: percent, y: percent, width: size, height: size, rotation: z.number().finite().default(0), rectanglelabels: oneLabel }),
  score: z.number().finite().nullish(),
});

export const LsPolygonSchema = z.looseObject({
  ...common,
  type: z.literal('polygonlabels'),
  value: z.looseObject({ points: z.array(z.tuple([percent, percent])).min(3, 'a polygon needs at least 3 points').max(1000), polygonlabels: oneLabel }),
  score: z.number().finite().nullish(),
});

export const LsChoicesSchema = z.looseObject({
  ...common,
  type: z.literal('choices'),
  value: z.looseObject({ choices: z.array(z.string()).length(1, 'give exactly one choice per attribute') }),
});

export const LsNumberSchema = z.looseObject({
  ...common,
  type: z.literal('number'),
  value: z.looseObject({ number: z.number().finite() }),
});

export const LsResultSchema = z.discriminatedUnion('type', [LsRectangleSchema, LsPolygonSchema, LsChoicesSchema, LsNumberSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be rectanglelabels, polygonlabels, choices or number' : undefined),
});
export type LsResult = z.output<typeof LsResultSchema>;

const results = z.array(LsResultSchema).max(5000);

export const LsTaskSchema = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  data: z.record(z.string(), z.unknown()),
  annotations: z.array(z.looseObject({ result: results, was_cancelled: z.boolean().optional() })).optional(),
  predictions: z.array(z.looseObject({ result: results, score: z.number().finite().nullish(), model_version: z.string().nullish() })).optional(),
});
export type LsTask = z.output<typeof LsTaskSchema>;

export const LsExportSchema = z.array(LsTaskSchema, { error: 'must be an array of Label Studio tasks (a JSON export)' }).min(1, 'the file has no tasks');

/** A zod path as a JSON path: `$[0].annotations[1].result`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((at, key) => (typeof key === 'number' ? `${at}[${key}]` : `${at}.${String(key)}`), '$');
}

/** The file's tasks, or the path and problem of the first thing wrong with it. */
export function parseLsExport(body: unknown): { ok: true; tasks: LsTask[] } | { ok: false; path: string; message: string } {
  const r = LsExportSchema.safeParse(body);
  if (r.success) return { ok: true, tasks: r.data };
  const issue = r.error.issues[0];
  return { ok: false, path: jsonPath(issue.path), message: issue.message };
}
