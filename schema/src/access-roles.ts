// Who may do what: the roles a token carries, in order. Each role includes the ones before it:
// an analyst can do everything a viewer can, an operator everything an analyst can.
export const ACCESS_ROLES = ['viewer', 'analyst', 'operator', 'admin'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export const ROLE_MEANING: Record<AccessRole, string> = {
  viewer: 'sees everything: map, incidents, indicators, feeds, dead letters, the live feed',
  analyst:
    'viewer, and may replay the past (time cursor), run exercises, write after-action reviews and export incidents; cannot act on live incidents',
  operator:
    'analyst, and may act: work incidents (acknowledge, assign, notes, SOP steps, resolve, reopen), re-run dead letters',
  admin: 'operator, and may read the audit trail',
};

export function isAccessRole(value: unknown): value is AccessRole {
  return typeof value === 'string' && (ACCESS_ROLES as readonly string[]).includes(value);
}

/** True when a holder of `held` may do what needs `needed`. */
export function roleAllows(held: AccessRole, needed: AccessRole): boolean {
  return ACCESS_ROLES.indexOf(held) >= ACCESS_ROLES.indexOf(needed);
}
