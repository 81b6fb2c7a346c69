/**
 * The annotation REST calls the workstation, review and findings use, typed by the shared
 * contract. Errors are the ApiError of auth/api-fetch (status and the server's reason).
 */
import type {
  ClaimDTO,
  FindingCollection,
  Labelling,
  QueueDTO,
  ReviewResultDTO,
  SubmitResultDTO,
  TaskDTO,
  TaskState,
} from '../../server/protocol-annotation.js';
import type { ImageDTO, ImagePageDTO } from '../../server/protocol-imagery.js';
import { ApiError, apiFetch, apiJson } from '../auth/api-fetch.js';

const enc = encodeURIComponent;

export function listQueues(): Promise<QueueDTO[]> {
  return apiJson<QueueDTO[]>('/api/queues');
}

/** The next task of a queue under a lease, or null when none is left for this annotator (204). */
export async function claimNext(queueId: string): Promise<ClaimDTO | null> {
  const response = await apiFetch(`/api/queues/${enc(queueId)}/claim`, { method: 'POST' });
  if (response.status === 204) return null;
  const body = (await response.json().catch(() => null)) as (ClaimDTO & { error?: string; message?: string }) | null;
  if (!response.ok || !body) throw new ApiError(response.status, body?.error ?? `http-${response.status}`, body?.message ?? `HTTP ${response.status}`, body);
  return body;
}

export function heartbeat(taskId: string): Promise<{ leaseExpiresAt: number }> {
  return apiJson(`/api/tasks/${enc(taskId)}/heartbeat`, { method: 'POST' });
}

export function submitTask(taskId: string, body: Labelling): Promise<SubmitResultDTO> {
  return apiJson(`/api/tasks/${enc(taskId)}/submit`, { method: 'POST', json: body });
}

export function skipTask(taskId: string, reason: string): Promise<TaskDTO> {
  return apiJson(`/api/tasks/${enc(taskId)}/skip`, { method: 'POST', json: { reason } });
}

export interface TaskQuery {
  queue?: string;
  state?: TaskState;
  limit?: number;
}

export async function listTasks(q: TaskQuery): Promise<{ rows: TaskDTO[]; total: number }> {
  const params = new URLSearchParams();
  if (q.queue) params.set('queue', q.queue);
  if (q.state) params.set('state', q.state);
  if (q.limit) params.set('limit', String(q.limit));
  return apiJson(`/api/tasks?${params.toString()}`);
}

/** One task with its annotations. */
export function getTask(taskId: string): Promise<TaskDTO> {
  return apiJson(`/api/tasks/${enc(taskId)}`);
}

export function reviewTask(taskId: string, body: { decision: 'accept' | 'reject'; comment?: string; annotationId?: string }): Promise<ReviewResultDTO> {
  return apiJson(`/api/tasks/${enc(taskId)}/review`, { method: 'POST', json: body });
}

export function getImage(imageId: string): Promise<ImageDTO> {
  return apiJson(`/api/images/${enc(imageId)}`);
}

/** Stored photos whose position lies in a box (west, south, east, north), newest first. */
export function imagesIn(bbox: [number, number, number, number], limit = 500): Promise<ImagePageDTO> {
  return apiJson(`/api/images?status=stored&limit=${limit}&bbox=${bbox.map((v) => v.toFixed(6)).join(',')}`);
}

export function listFindings(): Promise<FindingCollection> {
  return apiJson('/api/findings?limit=10000');
}

/** Makes and saves an orbit plan round a finding; its plan id. */
export function reinspect(findingId: string): Promise<{ planId: string }> {
  return apiJson(`/api/findings/${enc(findingId)}/reinspect`, { method: 'POST', json: {} });
}

/** The URL of a photo's file (the server sends it with a year's cache). */
export function imageFileUrl(imageId: string): string {
  return `/api/images/${enc(imageId)}/file`;
}

/** The server's reason for a failed call, or the error's own message. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
