/** The four roles of DESIGN §6; one list for the token guard and the scope rules alike. */
export const ROLES = ['admin', 'supervisor', 'clerk', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who acts: the signed-in user (from the verified token) or a system actor. */
export interface Actor {
  userId: string;
  username: string;
  orgId: string;
  roles: Role[];
}

/**
 * THE system actor: scheduled jobs (opening reporting periods, the escalation ladder) and the
 * bootstrap act as this administrator, and their events say so. There is no other.
 */
export const SYSTEM_ACTOR: Actor = Object.freeze({ userId: 'system', username: 'system', orgId: '', roles: ['admin'] }) as Actor;
