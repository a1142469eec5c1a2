import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/kernel';
import { Database } from '@app/platform';
import { ORG_NOT_FOUND, type OrgFacts } from '../domain/authorization.js';
import { authorizeOrganization } from '../domain/organization.policy.js';
import { isOrganizationId } from '../domain/organization.rules.js';
import { GetTimelineQuery, type TimelinePage } from './get-timeline.query.js';

/** A page of `read.timeline` (with `read.timeline_entries`) for an organisation the policy lets the caller read. */
@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(private readonly database: Database) {}

  async execute({ actor, orgId, page }: GetTimelineQuery): Promise<TimelinePage> {
    const missing = () => notFound(ORG_NOT_FOUND, 'Organisation not found');
    if (!isOrganizationId(orgId)) throw missing();
    const org = await this.database.pool.query<OrgFacts>(
      'select id, parent_id as "parentId", ancestors from read.organizations where id = $1',
      [orgId],
    );
    if (!org.rows[0]) throw missing();
    authorizeOrganization(actor, 'read', org.rows[0]);
    const limit = page.limit ?? 50;
    const { rows } = await this.database.pool.query<{
      global_position: string;
      stream_id: string;
      type: string;
      occurred_at: Date;
      actor_id: string | null;
      summary: Record<string, unknown>;
    }>(
      // The organisation's page of positions first, then each one's entry (its summary is stored once):
      // a join of the whole tables may merge backwards through every entry since the page's last one.
      `select t.global_position, e.stream_id, e.type, e.occurred_at, e.actor_id, e.summary
         from (select global_position from read.timeline
                where org_id = $1 and ($2::bigint is null or global_position < $2)
                order by global_position desc limit $3) t
         join read.timeline_entries e on e.global_position = t.global_position
        order by t.global_position desc`,
      [orgId, page.before ?? null, limit + 1],
    );
    const entries = rows.slice(0, limit).map((row) => ({
      position: Number(row.global_position),
      streamId: row.stream_id,
      type: row.type,
      at: new Date(row.occurred_at).toISOString(),
      actorId: row.actor_id,
      summary: row.summary,
    }));
    return { orgId, entries, nextBefore: rows.length > limit ? entries.at(-1)!.position : null };
  }
}
