/** REST calls the dashboard makes. */
import type { ServerConfigDTO } from '../../server/protocol.js';
import { apiFetch } from '../auth/api-fetch.js';

/** Used when the server cannot be asked: the offline map over the equator. */
export const FALLBACK_CONFIG: ServerConfigDTO = { tileUrl: null, tileAttribution: null, center: { lat: 0, lon: 0 }, world: false };

/** Fetches `/api/config`; falls back to the offline defaults so the map still opens. */
export async function fetchConfig(timeoutMs = 5000): Promise<ServerConfigDTO> {
  try {
    // A 401 here reports the session ended (apiFetch) and falls back like any failure.
    const response = await apiFetch('/api/config', { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return FALLBACK_CONFIG;
    const body = (await response.json()) as Partial<ServerConfigDTO>;
    return {
      tileUrl: typeof body.tileUrl === 'string' && body.tileUrl ? body.tileUrl : null,
      tileAttribution: typeof body.tileAttribution === 'string' ? body.tileAttribution : null,
      center: body.center && Number.isFinite(body.center.lat) && Number.isFinite(body.center.lon) ? body.center : FALLBACK_CONFIG.center,
      world: body.world === true,
    };
  } catch {
    return FALLBACK_CONFIG;
  }
}
