import { Injectable } from '@nestjs/common';
import { notFound } from '@app/kernel';
import { Database, type Actor } from '@app/platform';
import { assertCanRead, ORG_NOT_FOUND, readableScopeRoot } from '../domain/authorization.js';
import { isOrganizationId, type OrgKind } from '../domain/organization.rules.js';
import type { OrganizationRow } from '../infrastructure/organization-tree.projection.js';
import { ORGANIZATION_COLUMNS } from '../infrastructure/postgres-organization-directory.js';
import type { OrganizationView } from './organization.dto.js';
import { OrganizationStreams, type RegisteredOrganization } from '../application/org-facts.js';

function view(row: OrganizationRow): OrganizationView {
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

function viewOfStream(state: RegisteredOrganization, ancestors: string[], revision: number): OrganizationView {
  return {
    id: state.id,
    name: state.name,
    kind: state.kind,
    parentId: state.parentId,
    ancestors,
    merged: state.status === 'merged',
    mergedInto: state.status === 'merged' ? state.mergedInto : null,
    secretary: state.secretary === null ? null : { name: state.secretary.name, userId: state.secretary.userId },
    backward: state.backward ? { reason: state.backward.reason } : null,
    plaques: state.plaques,
    registeredAt: new Date(state.registeredAt).toISOString(),
    revision,
  };
}

/** Reads of the organisation tree, scoped to what the caller may read. */
@Injectable()
export class OrganizationQueries {
  constructor(private readonly database: Database, private readonly streams: OrganizationStreams) {}

  async get(actor: Actor, id: string): Promise<OrganizationView> {
    const missing = () => notFound(ORG_NOT_FOUND, 'Organisation not found');
    if (!isOrganizationId(id)) throw missing();
    const { rows } = await this.database.pool.query<OrganizationRow>(
      `select ${ORGANIZATION_COLUMNS} from read.organizations where id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) {
      // Registered a moment ago and not yet in the read model: the client reads its own write.
      const found = await this.streams.current(id);
      if (!found) throw missing();
      assertCanRead(actor, { id, ancestors: found.ancestors }, ORG_NOT_FOUND, 'Organisation not found');
      return viewOfStream(found.state, found.ancestors, found.revision);
    }
    assertCanRead(actor, { id: row.id, ancestors: row.ancestors }, ORG_NOT_FOUND, 'Organisation not found');
    return view(row);
  }

  /** The scope is part of the query (one GIN lookup), never a filter over everything loaded. */
  async list(actor: Actor, filter: { parentId?: string; limit?: number }): Promise<OrganizationView[]> {
    const root = readableScopeRoot(actor);
    const { rows } = await this.database.pool.query<OrganizationRow>(
      `select ${ORGANIZATION_COLUMNS} from read.organizations
        where ($1::text is null or id = $1 or ancestors @> array[$1::text])
          and ($2::text is null or parent_id = $2)
        order by array_length(ancestors, 1) nulls first, id
        limit $3`,
      [root, filter.parentId ?? null, filter.limit ?? 1000],
    );
    return rows.map(view);
  }
}
