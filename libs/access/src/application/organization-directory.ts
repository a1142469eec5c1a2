import type { OrgFacts } from '../domain/authorization.js';

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
