import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AppConfig } from '@app/kernel';
import { Database } from '@app/platform';
import type { InboxKind } from '../domain/inbox-items.js';
import { notificationText } from '../domain/notification-text.js';
import { ListInboxQuery } from './list-inbox.query.js';
import type { InboxResponse } from './list-inbox.request.dto.js';

/** The caller's organisation's inbox, newest first, with the unread count; texts in the business zone. */
@QueryHandler(ListInboxQuery)
export class ListInboxHandler implements IQueryHandler<ListInboxQuery> {
  constructor(private readonly database: Database, private readonly config: AppConfig) {}

  async execute({ actor, request }: ListInboxQuery): Promise<InboxResponse> {
    const orgId = actor.orgId;
    const options = { unread: request.unread ?? false, limit: request.limit ?? 50, offset: request.offset ?? 0 };
    // The page and the unread count are independent reads: sent together, one round trip of wait instead of two.
    const [{ rows }, { rows: count }] = await Promise.all([
      this.database.pool.query<{
      id: string; kind: InboxKind; event_type: string; subject_kind: string | null; subject_id: string | null; title: string | null;
      occurred_at: Date; read_at: Date | null; details: Record<string, unknown>;
    }>(
      `select i.id, i.kind, i.event_type, i.subject_kind, i.subject_id, d.title, i.occurred_at, i.read_at, i.details
         from read.inbox i left join read.deadlines d on d.stream_id = i.subject_stream
        where i.org_id = $1 and ($2::boolean is false or i.read_at is null)
        order by i.occurred_at desc, i.id limit $3 offset $4`,
      [orgId, options.unread, options.limit, options.offset],
      ),
      this.database.pool.query<{ n: number }>('select count(*)::int as n from read.inbox where org_id = $1 and read_at is null', [orgId]),
    ]);
    return {
      unread: count[0]?.n ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        eventType: r.event_type,
        subjectKind: r.subject_kind,
        subjectId: r.subject_id,
        title: r.title,
        text: notificationText({ kind: r.kind, eventType: r.event_type, subjectKind: r.subject_kind, details: r.details }, r.title, this.config.tzBusiness),
        at: r.occurred_at.toISOString(),
        read: r.read_at !== null,
        readAt: r.read_at?.toISOString() ?? null,
      })),
    };
  }
}
