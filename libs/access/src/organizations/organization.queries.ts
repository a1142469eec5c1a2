import { Injectable } from '@nestjs/common';
import { notFound } from '@app/kernel';
import { Database, type Actor } from '@app/platform';
import { assertCanRead, ORG_NOT_FOUND, readableScopeRoot } from '../domain/authorization.js';
import { isOrganizationId, type OrgKind } from '../domain/organization.rules.js';
import type { OrganizationRow } from '../infrastructure/organization-tree.projection.js';
import { ORGANIZATION_COLUMNS } from '../infrastructure/postgres-organization-directory.js';
import type { OrganizationView } from './organization.dto.js';

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

/** Reads of the organisation tree, scoped to what the caller may read. */
@Injectable()
export class OrganizationQueries {
  constructor(private readonly database: Database) {}

  async get(actor: Actor, id: string): Promise<OrganizationView> {
    const missing = () => notFound(ORG_NOT_FOUND, 'Organisation not found');
    if (!isOrganizationId(id)) throw missing();
    const { rows } = await this.database.pool.query<OrganizationRow>(
      `select ${ORGANIZATION_COLUMNS} from read.organizations where id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw missing();
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
