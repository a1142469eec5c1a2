import { notFound } from '@app/kernel';
import { type Actor, type OrgFacts, assertCanAdminister, assertCanAdministerOrSupervise, canRead, ORG_NOT_FOUND } from './authorization.js';
import type { OrganizationCommand, RegisterOrganization } from './organization.decider.js';

/** What the caller wants with a registered organisation: to read it (its record, its timeline), or a command on it. */
export type OrganizationIntent = 'read' | Exclude<OrganizationCommand, RegisterOrganization>['type'];

/**
 * Who acts for each command: the shape of the tree (its names, merges) is the administrator's; the
 * life of an organisation (its secretary, backward designation, plaques, commendations) is also the
 * business of a supervisor of its parent.
 */
const WHO: Record<Exclude<OrganizationIntent, 'read'>, 'admin' | 'admin-or-supervisor'> = {
  RenameOrganization: 'admin',
  MergeOrganization: 'admin',
  AppointSecretary: 'admin-or-supervisor',
  DesignateBackward: 'admin-or-supervisor',
  RestoreFromBackward: 'admin-or-supervisor',
  AwardPlaque: 'admin-or-supervisor',
  RevokePlaque: 'admin-or-supervisor',
  CommendOrganization: 'admin-or-supervisor',
  RecommendSecretaryAdjustment: 'admin-or-supervisor',
};

/** Registering organisations, one or a CSV file of them: the administrator's alone (403 ACCESS.FORBIDDEN). */
export function authorizeRegistration(actor: Actor): void {
  assertCanAdminister(actor);
}

/**
 * THE answer to "who may do what with an organisation", pure, asked once per request with the
 * organisation's place in the tree:
 * 1. outside the caller's subtree an organisation is unknown: 404 ORG.NOT_FOUND, as for an id that
 *    does not exist, so probing ids reveals nothing;
 * 2. the role for the command (`WHO`): an administrator, or a supervisor of the parent organisation
 *    (403 ACCESS.FORBIDDEN).
 * The decider then judges only the transition (409 merged, 400, 422).
 */
export function authorizeOrganization(actor: Actor, intent: OrganizationIntent, org: OrgFacts): void {
  if (!canRead(actor, org)) throw notFound(ORG_NOT_FOUND, 'Organisation not found');
  if (intent === 'read') return;
  if (WHO[intent] === 'admin') assertCanAdminister(actor);
  else assertCanAdministerOrSupervise(actor, org);
}
