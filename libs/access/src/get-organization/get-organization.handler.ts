import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/kernel';
import { Database } from '@app/platform';
import { ORG_NOT_FOUND } from '../domain/authorization.js';
import { authorizeOrganization } from '../domain/organization.policy.js';
import { isOrganizationId } from '../domain/organization.rules.js';
import type { OrganizationRow } from '../read-models/organization-tree.projection.js';
import { ORGANIZATION_COLUMNS, toRecord } from '../infrastructure/postgres-organization-directory.js';
import { OrganizationStreams } from '../application/organization-streams.js';
import { GetOrganizationQuery } from './get-organization.query.js';
import { viewOfRow, viewOfStream, type OrganizationView } from './organization-view.js';

/** One organisation from the tree read model (or its stream, when registered a moment ago), if the policy lets the caller read it. */
@QueryHandler(GetOrganizationQuery)
export class GetOrganizationHandler implements IQueryHandler<GetOrganizationQuery> {
  constructor(private readonly database: Database, private readonly streams: OrganizationStreams) {}

  async execute({ actor, orgId }: GetOrganizationQuery): Promise<OrganizationView> {
    const missing = () => notFound(ORG_NOT_FOUND, 'Organisation not found');
    if (!isOrganizationId(orgId)) throw missing();
    const { rows } = await this.database.pool.query<OrganizationRow>(
      `select ${ORGANIZATION_COLUMNS} from read.organizations where id = $1`,
      [orgId],
    );
    const row = rows[0];
    if (!row) {
      // Registered a moment ago and not yet in the read model: the client reads its own write.
      const found = await this.streams.current(orgId);
      if (!found) throw missing();
      authorizeOrganization(actor, 'read', found.facts);
      return viewOfStream(found.state, found.facts, found.revision);
    }
    authorizeOrganization(actor, 'read', toRecord(row));
    return viewOfRow(row);
  }
}
