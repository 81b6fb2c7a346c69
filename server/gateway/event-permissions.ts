/**
 * The permission each client event needs. Keyed by the event map, so an event added to
 * `ClientToServerEvents` without a permission here does not compile.
 */
import type { Permission } from '../protocol-auth.js';
import type { ClientToServerEvents } from '../protocol.js';

export const EVENT_PERMISSIONS: Record<keyof ClientToServerEvents, Permission> = {
  'vehicle:watch': 'fleet:view',
  'vehicle:unwatch': 'fleet:view',
  'fleet:snapshot': 'fleet:view',
  'vehicle:command': 'vehicle:command',
  'vehicle:mission:upload': 'mission:write',
  'vehicle:mission:download': 'mission:read',
  'vehicle:mission:clear': 'mission:write',
};

/** The permission `event` needs, or null for an event the server does not know. */
export function eventPermission(event: string): Permission | null {
  return Object.hasOwn(EVENT_PERMISSIONS, event) ? EVENT_PERMISSIONS[event as keyof ClientToServerEvents] : null;
}
