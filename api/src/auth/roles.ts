// Who may do what. Each role includes the ones before it: an operator can do everything a
// viewer can, an admin everything an operator can.
export const ACCESS_ROLES = ['viewer', 'operator', 'admin'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export const ROLE_MEANING: Record<AccessRole, string> = {
  viewer: 'sees everything: map, incidents, indicators, feeds, dead letters, the live feed',
  operator:
    'viewer, and may act: work incidents (acknowledge, assign, notes, SOP steps, resolve, reopen), re-run dead letters',
  admin: 'operator, and may read the audit trail',
};

export function isAccessRole(value: unknown): value is AccessRole {
  return typeof value === 'string' && (ACCESS_ROLES as readonly string[]).includes(value);
}

/** True when a holder of `held` may do what needs `needed`. */
export function roleAllows(held: AccessRole, needed: AccessRole): boolean {
  return ACCESS_ROLES.indexOf(held) >= ACCESS_ROLES.indexOf(needed);
}

/** Who is making a request: a token's name and role. `key` identifies the token (its hash). */
export interface Principal {
  name: string;
  role: AccessRole;
  key: string;
}
