import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Database } from '@app/platform';
import { readableScopeRoot } from '../domain/authorization.js';
import type { OrganizationRow } from '../read-models/organization-tree.projection.js';
import { ORGANIZATION_COLUMNS } from '../infrastructure/postgres-organization-directory.js';
import { viewOfRow, type OrganizationView } from '../get-organization/organization-view.js';
import { ListOrganizationsQuery } from './list-organizations.query.js';

/** The tree, root first, scoped to the caller's subtree: the scope is part of the query (one GIN lookup), never a filter over everything loaded. */
@QueryHandler(ListOrganizationsQuery)
export class ListOrganizationsHandler implements IQueryHandler<ListOrganizationsQuery> {
  constructor(private readonly database: Database) {}

  async execute({ actor, filter }: ListOrganizationsQuery): Promise<OrganizationView[]> {
    const root = readableScopeRoot(actor);
    const { rows } = await this.database.pool.query<OrganizationRow>(
      `select ${ORGANIZATION_COLUMNS} from read.organizations
        where ($1::text is null or id = $1 or ancestors @> array[$1::text])
          and ($2::text is null or parent_id = $2)
        order by array_length(ancestors, 1) nulls first, id
        limit $3`,
      [root, filter.parentId ?? null, filter.limit ?? 1000],
    );
    return rows.map(viewOfRow);
  }
}
