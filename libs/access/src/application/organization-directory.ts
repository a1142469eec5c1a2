import { conflict, notFound, type Actor } from '@app/kernel';
import { assertCanRead, assertCanSupervise, ORG_NOT_FOUND, type OrgFacts } from '../domain/authorization.js';

import type { OrgKind } from '../domain/organization.rules.js';

/** An organisation as the other contexts see it (from the organisation tree read model). */
export interface OrganizationRecord extends OrgFacts {
  name: string;
  kind: OrgKind;
  merged: boolean;
  secretaryName: string | null;
}

/**
 * Read access to the organisation tree for every context (scope checks, names in boards).
 * Implemented over the `read.organizations` projection; an abstract class so it is the DI token.
 */
export abstract class OrganizationDirectory {
  abstract get(id: string): Promise<OrganizationRecord | null>;
  abstract getMany(ids: string[]): Promise<OrganizationRecord[]>;
  abstract children(parentId: string): Promise<OrganizationRecord[]>;
  /** Every organisation in the subtree of `rootId` (itself included), from one indexed query. */
  abstract subtree(rootId: string): Promise<OrganizationRecord[]>;
}

/**
 * The organisation a supervisor is about to act on (a notice's or a conversation's target): unknown
 * or outside the caller's subtree 404, not a direct child of the caller's organisation 403, merged
 * into another 409.
 */
export async function supervisedChild(organizations: OrganizationDirectory, actor: Actor, orgId: string): Promise<OrganizationRecord> {
  const target = await organizations.get(orgId);
  if (!target) throw notFound(ORG_NOT_FOUND, `No organisation ${orgId}`);
  assertCanRead(actor, target);
  assertCanSupervise(actor, target);
  if (target.merged) throw conflict('ORG.MERGED', `${target.id} has been merged into another organisation`);
  return target;
}
