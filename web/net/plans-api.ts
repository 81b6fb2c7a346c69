/** The saved-plans REST API, as the planner calls it. */
import type { Plan } from '../../missions/plan.js';
import type { PlanDTO, PlanSummaryDTO } from '../../server/protocol-plans.js';
import { apiJson } from '../auth/api-fetch.js';

const plan = (id: string): string => `/api/plans/${encodeURIComponent(id)}`;

/** Saved plans, newest change first. */
export function listPlans(): Promise<PlanSummaryDTO[]> {
  return apiJson<PlanSummaryDTO[]>('/api/plans');
}

export function getPlan(id: string): Promise<PlanDTO> {
  return apiJson<PlanDTO>(plan(id));
}

/** Saves a new plan; a plan with validation errors is refused (400 with `findings`). */
export function createPlan(name: string, body: Plan): Promise<PlanDTO> {
  return apiJson<PlanDTO>('/api/plans', { method: 'POST', json: { name, plan: body } });
}

/** Saves over the plan read at `version`; 409 (with `currentVersion`) when someone saved since. */
export function updatePlan(id: string, version: number, name: string, body: Plan): Promise<PlanDTO> {
  return apiJson<PlanDTO>(plan(id), { method: 'PUT', json: { version, name, plan: body } });
}

export async function deletePlan(id: string, version: number): Promise<void> {
  await apiJson<null>(`${plan(id)}?version=${version}`, { method: 'DELETE' });
}

/** Uploads the saved plan as the vehicle's mission; resolves once the vehicle acknowledged it all. */
export function uploadPlan(id: string, vehicleId: string): Promise<{ count: number }> {
  return apiJson<{ count: number }>(`${plan(id)}/upload`, { method: 'POST', json: { vehicleId } });
}
