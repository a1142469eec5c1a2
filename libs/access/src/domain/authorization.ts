import { forbidden, isRole, notFound, type Actor, type Role } from '@app/kernel';

export { ROLES, isRole, type Actor, type Role } from '@app/kernel';

/**
 * THE place for scope rules. Pure: the caller passes the actor (from the token) and the facts
 * of the organisation concerned (from the organisations read model); nothing is looked up here.
 */

/** Where an organisation sits in the tree. `ancestors` is the path from the root, excluding itself. */
export interface OrgFacts {
  id: string;
  parentId: string | null;
  ancestors: string[];
}

export const ACCESS_FORBIDDEN = 'ACCESS.FORBIDDEN';
export const ORG_NOT_FOUND = 'ORG.NOT_FOUND';

const has = (actor: Actor, role: Role) => actor.roles.includes(role);

/** `ancestorOrSelf` is `target` itself or one of its ancestors. */
export function isInSubtree(ancestorOrSelf: string, target: Pick<OrgFacts, 'id' | 'ancestors'>): boolean {
  return target.id === ancestorOrSelf || target.ancestors.includes(ancestorOrSelf);
}

/** Admin reads everything; every other role reads its own organisation's subtree, nothing else. */
export function canRead(actor: Actor, target: Pick<OrgFacts, 'id' | 'ancestors'>): boolean {
  if (has(actor, 'admin')) return true;
  // Every user holds at least one role (CreateUser refuses none); an actor without any reads nothing.
  if (!actor.roles.some(isRole)) return false;
  return isInSubtree(actor.orgId, target);
}

/**
 * The supervision relation is one level deep: a supervisor acts on the direct children of its
 * own organisation, never on a grandchild (that is the child's own business), a sibling's child
 * or itself. Admin does not imply supervisor: an admin keeps the tree and the users.
 */
export function canSupervise(actor: Actor, target: Pick<OrgFacts, 'id' | 'parentId'>): boolean {
  return (
    has(actor, 'supervisor') && target.parentId !== null && target.parentId === actor.orgId && target.id !== actor.orgId
  );
}

/**
 * A clerk acts for its own organisation only (reports, acknowledging and rectifying notices).
 * Decided: a supervisor does NOT act for its own organisation unless it also holds `clerk`, so
 * the one who issues and verifies is not silently the one who rectifies; give both roles where
 * one person truly does both.
 */
export function canActFor(actor: Actor, target: Pick<OrgFacts, 'id'>): boolean {
  return has(actor, 'clerk') && target.id === actor.orgId;
}

export function canAdminister(actor: Actor): boolean {
  return has(actor, 'admin');
}

/**
 * The root of what the actor may read, for filtering in SQL (`id = root OR ancestors @> ARRAY[root]`);
 * null means everything (admin).
 */
export function readableScopeRoot(actor: Actor): string | null {
  if (has(actor, 'admin')) return null;
  if (!actor.roles.some(isRole)) throw forbidden(ACCESS_FORBIDDEN, 'The caller holds no role');
  return actor.orgId;
}

/**
 * The one exception to the subtree rule: a published ranking of `supervisorOrgId` is read by
 * everyone who may read that organisation and by every organisation under it (the ranked
 * children read each other's places). `actorOrgAncestors` are the ancestors of the actor's own
 * organisation.
 */
export function canReadPublishedRanking(
  actor: Actor,
  supervisorOrg: Pick<OrgFacts, 'id' | 'ancestors'>,
  actorOrgAncestors: string[],
): boolean {
  if (canRead(actor, supervisorOrg)) return true;
  return actor.roles.some(isRole) && actorOrgAncestors.includes(supervisorOrg.id);
}

/*
 * Outside the scope, the answers differ on purpose:
 * - reading one resource outside the own subtree answers 404, exactly as if it did not exist,
 *   so that probing ids does not reveal which organisations, notices or reports exist;
 *   pass the same code the handler uses for a truly unknown resource;
 * - acting (supervise, act for, administer) without the right answers 403 ACCESS.FORBIDDEN:
 *   the caller names a target it normally sees (its children, its own organisation), so a
 *   clear "not allowed" helps more than a false "unknown". A handler that loads a resource
 *   the caller may not even read should call `assertCanRead` first, so that case stays a 404.
 */
export function assertCanRead(
  actor: Actor,
  target: Pick<OrgFacts, 'id' | 'ancestors'>,
  notFoundCode: string = ORG_NOT_FOUND,
  notFoundMessage = 'Not found',
): void {
  if (!canRead(actor, target)) throw notFound(notFoundCode, notFoundMessage);
}

export function assertCanSupervise(actor: Actor, target: Pick<OrgFacts, 'id' | 'parentId'>): void {
  if (!canSupervise(actor, target)) {
    throw forbidden(ACCESS_FORBIDDEN, `Only a supervisor of the parent organisation may do this for ${target.id}`);
  }
}

export function assertCanActFor(actor: Actor, target: Pick<OrgFacts, 'id'>): void {
  if (!canActFor(actor, target)) {
    throw forbidden(ACCESS_FORBIDDEN, `Only a clerk of ${target.id} may act for it`);
  }
}

/**
 * For acts on a child that an admin may also do for the whole tree (secretaries, backward
 * designation, plaques): the system actor of a ranking reactor is an admin.
 */
export function assertCanAdministerOrSupervise(actor: Actor, target: Pick<OrgFacts, 'id' | 'parentId'>): void {
  if (!canAdminister(actor)) assertCanSupervise(actor, target);
}

export function assertCanAdminister(actor: Actor): void {
  if (!canAdminister(actor)) throw forbidden(ACCESS_FORBIDDEN, 'Only an administrator may do this');
}
