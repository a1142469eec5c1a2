import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import type { Projection, ReadModelIndex } from '@app/event-store';

/**
 * What reporting knows about pledges, for prefilling reports (一表通, DESIGN §6: "pledges fulfilled
 * in the period"): its own projection over the pledge events, as for notices, so reporting never
 * queries the pledges context's tables. One row per fulfilled item: whose pledge, and when.
 */
export class ReportPledgeFactsProjection implements Projection {
  readonly name = 'report-pledge-facts';
  readonly tables = ['read.report_pledge_facts'];
  readonly categories = ['pledge'];
  readonly typePrefixes = ['PledgeItemFulfilled'];
  readonly deferredIndexes: ReadModelIndex[] = [{ name: 'report_pledge_facts_target', table: 'read.report_pledge_facts', on: '(target_org_id, fulfilled_at)' }];

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      create table if not exists read.report_pledge_facts (
        stream_id     text not null,
        item_id       text not null,
        target_org_id text not null,
        fulfilled_at  timestamptz not null,
        primary key (stream_id, item_id)
      );`);
  }

  /** One multi-row insert per batch (a rebuild replays a province's fulfilled items). */
  async apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const fulfilled = events.filter((event) => event.type === 'PledgeItemFulfilled');
    if (fulfilled.length === 0) return;
    const rows = fulfilled.map((event) => {
      const data = event.data as Record<string, unknown>;
      return { stream_id: event.streamId, item_id: data.itemId, target_org_id: data.targetOrgId, fulfilled_at: data.at ?? event.occurredAt.toISOString() };
    });
    await client.query(
      `insert into read.report_pledge_facts (stream_id, item_id, target_org_id, fulfilled_at)
       select * from jsonb_to_recordset($1::jsonb) as f(stream_id text, item_id text, target_org_id text, fulfilled_at timestamptz)
       on conflict (stream_id, item_id) do nothing`,
      [JSON.stringify(rows)],
    );
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.report_pledge_facts');
  }
}
