/**
 * Roles and what each may do, shared by the server (which enforces it on every route and event)
 * and the dashboard (which hides what the signed-in user cannot do). Plain data, no I/O.
 */

/** Every role a user can hold; a user can hold several. */
export const ROLES = ['admin', 'operator', 'annotator', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const EVERYONE = ROLES;

/**
 * Permission → the roles that hold it. Admins manage people, sites and vehicles but do not fly:
 * a person who does both holds both roles.
 */
export const PERMISSIONS = {
  /** Own account: who am I, sign out, change password, own sessions. */
  'account:self': EVERYONE,
  /** Watch the live fleet: snapshot, updates, vehicle details, links, config. */
  'fleet:view': EVERYONE,
  /** Arm, take off, modes, go to, return, land, mission start/pause. */
  'vehicle:command': ['operator'],
  /** Upload or clear mission, fence and rally; download what a vehicle holds. */
  'mission:write': ['operator'],
  'mission:read': ['operator', 'viewer', 'admin'],
  'plans:read': EVERYONE,
  'plans:write': ['operator'],
  'sites:read': EVERYONE,
  'sites:write': ['admin'],
  /** Rename vehicles, set up signing keys. */
  'vehicles:manage': ['admin'],
  'users:manage': ['admin'],
  'audit:read': ['admin'],
  'checklist:complete': ['operator'],
  /** Arm without a completed checklist (audited). */
  'checklist:override': ['admin'],
  'images:read': EVERYONE,
  'images:upload': ['operator', 'admin'],
  /** Claim and submit annotation tasks. */
  'tasks:label': ['annotator'],
  /** Accept or reject submitted tasks. */
  'tasks:review': ['reviewer'],
  /** Label sets, honeypots, consensus settings, imports. */
  'queues:manage': ['admin'],
  'queues:read': EVERYONE,
  'findings:read': EVERYONE,
  'exports:read': ['reviewer', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when any of `roles` holds `permission`. */
export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** Every permission the roles hold together, for the dashboard. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(roles, p));
}

/** True for a known role name. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The signed-in user, as `GET /api/auth/me` and the login answer describe it. */
export interface MeDTO {
  id: string;
  username: string;
  roles: Role[];
  permissions: Permission[];
  /** Send as `x-csrf-token` on cookie-authenticated POST/PUT/PATCH/DELETE. */
  csrfToken: string;
  /** ms since the epoch when this session ends. */
  expiresAt: number;
}

/** `POST /api/auth/login` answer. */
export interface LoginDTO extends MeDTO {
  /** Bearer token for scripts: `Authorization: Bearer <token>`. */
  token: string;
}

/** Cookie that carries the session token in browsers (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'fleet_session';
/** Header carrying the CSRF token on cookie-authenticated writes. */
export type CsrfHeader = 'x-csrf-token';
export const CSRF_HEADER: CsrfHeader = 'x-csrf-token';

/** An account as admins see it (`GET /api/users`); never carries the password hash. */
export interface UserDTO {
  id: string;
  username: string;
  roles: Role[];
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** One of the signed-in user's sessions (`GET /api/auth/sessions`). */
export interface SessionDTO {
  id: string;
  createdAt: number;
  expiresAt: number;
  userAgent: string | null;
  /** True for the session the request came with. */
  current: boolean;
}
