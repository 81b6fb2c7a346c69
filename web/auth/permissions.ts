/**
 * What the signed-in user may do, for the page: `canDo` for code, and `data-can` on the body, which
 * plan.css and auth.css use to hide every element marked `data-permission="…"` that the user's
 * roles do not hold. Hiding is a courtesy; the server refuses regardless.
 */
import type { Permission } from '../../server/protocol-auth.js';

let granted = new Set<Permission>();

/** Sets the permissions of the signed-in user (none when signed out). */
export function grantPermissions(permissions: readonly Permission[]): void {
  granted = new Set(permissions);
  document.body.dataset.can = [...granted].join(' ');
}

/** True when the signed-in user holds `permission`. */
export function canDo(permission: Permission): boolean {
  return granted.has(permission);
}
