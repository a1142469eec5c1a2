import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { Database } from '@app/platform';
import { ORG_NOT_FOUND, type OrgFacts } from '../domain/authorization.js';
import { authorizeOrganization } from '../domain/organization.policy.js';
import { isOrganizationId } from '../domain/organization.rules.js';
import { summaryOf } from './timeline-summary.js';
import { GetTimelineQuery, type TimelinePage } from './get-timeline.query.js';

/** A page of `read.timeline` (the events read from the store) for an organisation the policy lets the caller read. */
@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(
    private readonly database: Database,
    private readonly store: EventStore,
  ) {}

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
    const { rows } = await this.database.pool.query<{ global_position: string; stream_id: string; stream_revision: string }>(
      `select global_position, stream_id, stream_revision from read.timeline
        where org_id = $1 and ($2::bigint is null or global_position < $2)
        order by global_position desc limit $3`,
      [orgId, page.before ?? null, limit + 1],
    );
    const shown = rows.slice(0, limit);
    // The timeline keeps where each event is; the events themselves are the log's.
    const events = await this.store.readEventsAt(shown.map((row) => ({ streamId: row.stream_id, revision: Number(row.stream_revision) })));
    const entries = events.map((event) => ({
      position: Number(event.globalPosition),
      streamId: event.streamId,
      type: event.type,
      at: event.occurredAt.toISOString(),
      actorId: event.metadata?.actorId ?? null,
      summary: summaryOf(event.data),
    }));
    return { orgId, entries, nextBefore: rows.length > limit ? Number(shown.at(-1)!.global_position) : null };
  }
}
