/** The roles of a tenant's users and API keys, least to most privileged. */
export const ROLES = ['viewer', 'estimator', 'owner'] as const;

/**
 * A role: `viewer` reads; `estimator` also uploads, edits takeoffs and estimates; `owner` also manages
 * users, API keys, rules and settings.
 */
export type Role = (typeof ROLES)[number];

/** True when a caller of role `has` may do what role `needs` may (roles are ordered). */
export function roleAllows(has: Role, needs: Role): boolean {
  return ROLES.indexOf(has) >= ROLES.indexOf(needs);
}

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
