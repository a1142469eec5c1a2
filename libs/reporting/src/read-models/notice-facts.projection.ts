import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import type { Projection, ReadModelIndex } from '@app/event-store';

/**
 * What reporting knows about supervision notices, for prefilling reports (一表通): its own
 * projection over the notice events, so reporting never queries the supervision context's
 * tables. One row per notice: to whom, when issued, when closed and whether on time.
 */
export class ReportNoticeFactsProjection implements Projection {
  readonly name = 'report-notice-facts';
  readonly tables = ['read.report_notice_facts'];
  readonly categories = ['notice'];
  readonly deferredIndexes: ReadModelIndex[] = [{ name: 'report_notice_facts_target', table: 'read.report_notice_facts', on: '(target_org_id, issued_at)' }];

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      create table if not exists read.report_notice_facts (
        stream_id      text primary key,
        target_org_id  text not null,
        issued_at      timestamptz not null,
        closed_at      timestamptz,
        closed_on_time boolean,
        withdrawn      boolean not null default false
      );`);
  }

  /** One multi-row statement per kind of change in a batch, in the order the events require (issued, then closed or withdrawn). */
  async apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const issued: Array<{ stream_id: string; target_org_id: unknown; issued_at: unknown }> = [];
    const closed = new Map<string, { at: unknown; onTime: boolean }>();
    const withdrawn = new Set<string>();
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      switch (event.type) {
        case 'NoticeIssued':
          issued.push({ stream_id: event.streamId, target_org_id: data.targetOrgId, issued_at: data.at ?? event.occurredAt.toISOString() });
          break;
        case 'NoticeClosed':
          closed.set(event.streamId, { at: data.at ?? event.occurredAt.toISOString(), onTime: Boolean(data.onTime) });
          break;
        case 'NoticeWithdrawn':
          withdrawn.add(event.streamId);
          break;
        default:
          // Other notice events change nothing the report counts.
          break;
      }
    }
    // Rows as one JSON document each (jsonb_to_recordset): serialised once, no array escaping.
    if (issued.length > 0) {
      await client.query(
        `insert into read.report_notice_facts (stream_id, target_org_id, issued_at)
         select * from jsonb_to_recordset($1::jsonb) as i(stream_id text, target_org_id text, issued_at timestamptz)
         on conflict (stream_id) do nothing`,
        [JSON.stringify(issued)],
      );
    }
    if (closed.size > 0) {
      const list = [...closed].map(([streamId, c]) => ({ stream_id: streamId, closed_at: c.at, on_time: c.onTime }));
      await client.query(
        `update read.report_notice_facts f set closed_at = c.closed_at, closed_on_time = c.on_time
         from jsonb_to_recordset($1::jsonb) as c(stream_id text, closed_at timestamptz, on_time boolean) where f.stream_id = c.stream_id`,
        [JSON.stringify(list)],
      );
    }
    if (withdrawn.size > 0) {
      await client.query('update read.report_notice_facts set withdrawn = true where stream_id = any($1::text[])', [[...withdrawn]]);
    }
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.report_notice_facts');
  }
}
