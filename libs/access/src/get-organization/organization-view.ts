import type { OrgKind } from '../domain/organization.rules.js';
import type { OrgFacts } from '../domain/authorization.js';
import type { OrganizationRow } from '../read-models/organization-tree.projection.js';
import type { RegisteredOrganization } from '../application/organization-streams.js';

export interface OrganizationView {
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  ancestors: string[];
  merged: boolean;
  mergedInto: string | null;
  secretary: { name: string; userId: string | null } | null;
  backward: { reason: string | null } | null;
  plaques: string[];
  registeredAt: string;
  revision: number;
}

/** An organisation as the tree read model has it. */
export function viewOfRow(row: OrganizationRow): OrganizationView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as OrgKind,
    parentId: row.parent_id,
    ancestors: row.ancestors,
    merged: row.merged,
    mergedInto: row.merged_into,
    secretary: row.secretary_name === null ? null : { name: row.secretary_name, userId: row.secretary_user_id },
    backward: row.backward ? { reason: row.backward_reason } : null,
    plaques: row.plaques,
    registeredAt: new Date(row.registered_at).toISOString(),
    revision: Number(row.revision),
  };
}

/** An organisation as its own stream has it (registered too recently for the read model). */
export function viewOfStream(state: RegisteredOrganization, facts: OrgFacts, revision: number): OrganizationView {
  return {
    id: state.id,
    name: state.name,
    kind: state.kind,
    parentId: state.parentId,
    ancestors: facts.ancestors,
    merged: state.status === 'merged',
    mergedInto: state.status === 'merged' ? state.mergedInto : null,
    secretary: state.secretary === null ? null : { name: state.secretary.name, userId: state.secretary.userId },
    backward: state.backward ? { reason: state.backward.reason } : null,
    plaques: state.plaques,
    registeredAt: new Date(state.registeredAt).toISOString(),
    revision,
  };
}
