import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import type { Projection } from '@app/event-store';

/**
 * What reporting knows about supervision notices, for prefilling reports (一表通): its own
 * projection over the notice events, so reporting never queries the supervision context's
 * tables. One row per notice: to whom, when issued, when closed and whether on time.
 */
export class ReportNoticeFactsProjection implements Projection {
  readonly name = 'report-notice-facts';
  readonly categories = ['notice'];

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
      );
      create index if not exists report_notice_facts_target on read.report_notice_facts (target_org_id, issued_at);`);
  }

  async apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      switch (event.type) {
        case 'NoticeIssued':
          await client.query(
            `insert into read.report_notice_facts (stream_id, target_org_id, issued_at) values ($1, $2, $3)
             on conflict (stream_id) do nothing`,
            [event.streamId, data.targetOrgId, data.at ?? event.occurredAt.toISOString()],
          );
          break;
        case 'NoticeClosed':
          await client.query(`update read.report_notice_facts set closed_at = $2, closed_on_time = $3 where stream_id = $1`, [
            event.streamId,
            data.at ?? event.occurredAt.toISOString(),
            Boolean(data.onTime),
          ]);
          break;
        case 'NoticeWithdrawn':
          await client.query(`update read.report_notice_facts set withdrawn = true where stream_id = $1`, [event.streamId]);
          break;
        default:
          // Other notice events change nothing the report counts.
          break;
      }
    }
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.report_notice_facts');
  }
}
