import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import { copyLine, copyRows, type Projection, type ReadModelIndex } from '@app/event-store';

/** Fields of event data that name an organisation the event concerns. */
export const ORG_FIELDS = ['orgId', 'targetOrgId', 'issuerOrgId', 'supervisorOrgId'] as const;

export function orgIdsOf(event: Pick<RecordedEvent, 'type' | 'data'>): string[] {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const ids = new Set<string>();
  for (const field of ORG_FIELDS) {
    const value = data[field];
    if (typeof value === 'string' && value !== '') ids.add(value);
  }
  // A merge concerns the organisation that absorbs the other one too.
  if (event.type === 'OrganizationMerged' && typeof data.intoId === 'string') ids.add(data.intoId);
  return [...ids];
}

/**
 * `read.timeline`: where each event is (its position, stream and revision), once per organisation
 * it concerns; a page of it reads the events themselves from the event store (readEventsAt), so the
 * timeline never copies the log (a rebuild wrote every event's summary once more: a third of the
 * CLI's timeline work and ~100 MB a county, bench:province). The organisations come from the
 * event's own fields and, for a subject's stream (a notice, a report, a conversation), from the
 * stream's first event, remembered in `read.timeline_subjects`: a later event such as
 * `ReminderSent` names no organisation but belongs on the same timelines.
 */
export class TimelineProjection implements Projection {
  readonly name = 'access.timeline';
  readonly tables = ['read.timeline', 'read.timeline_subjects'];
  /**
   * The timeline's key, built once a rebuild has applied the log (`Projection.deferredIndexes`): maintained row
   * by row it cost the timeline's rebuild as much PostgreSQL time as its rows, and more as it outgrew shared
   * buffers (bench:province). A unique index, not a primary key constraint, so that it can be dropped and built
   * again; a table made before has it as its primary key under the same name (`dropIndexSql` drops either).
   */
  readonly deferredIndexes: ReadModelIndex[] = [{ name: 'timeline_pkey', table: 'read.timeline', on: '(org_id, global_position)', unique: true }];

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      -- An older shape (a summary per organisation row, or entries copied from the log beside rows
      -- of (organisation, position) alone) is replaced, and the timeline replayed from the start
      -- (once; the runner reads its checkpoint after this setup).
      do $$ begin
        if to_regclass('read.timeline') is not null and not exists (
          select 1 from information_schema.columns where table_schema = 'read' and table_name = 'timeline' and column_name = 'stream_revision'
        ) then
          drop table if exists read.timeline;
          drop table if exists read.timeline_subjects;
          drop table if exists read.timeline_entries;
          if to_regclass('read.checkpoints') is not null then
            delete from read.checkpoints where name = 'access.timeline';
          end if;
        end if;
      end $$;
      create table if not exists read.timeline (
        org_id          text not null,
        global_position bigint not null,
        stream_id       text not null,
        stream_revision bigint not null
      );
      create table if not exists read.timeline_subjects (
        stream_id text primary key,
        org_ids   text[] not null
      );`);
  }

  /**
   * A batch costs at most three statements however many events it holds: the subjects it touches
   * are read once; new subjects (if any) are written with one multi-row insert, the timeline's
   * rows with one COPY.
   */
  async apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const known = new Map<string, string[]>();
    const streams = [...new Set(events.map((e) => e.streamId))];
    const { rows } = await client.query<{ stream_id: string; org_ids: string[] }>(
      'select stream_id, org_ids from read.timeline_subjects where stream_id = any($1::text[])',
      [streams],
    );
    for (const row of rows) known.set(row.stream_id, row.org_ids);

    // New subjects as one JSON document (a few per batch, some already known: on conflict); the
    // timeline's rows, nearly every row of the batch, as COPY text rows (see copyRows).
    const subjects: Array<{ stream_id: string; org_ids: string[] }> = [];
    const timeline: string[] = [];
    for (const event of events) {
      const own = orgIdsOf(event);
      let subject = known.get(event.streamId);
      if (subject === undefined && own.length > 0) {
        subject = own;
        known.set(event.streamId, own);
        subjects.push({ stream_id: event.streamId, org_ids: own });
      }
      const orgIds = subject === undefined ? own : own.every((id) => subject!.includes(id)) ? subject : [...new Set([...subject, ...own])];
      for (const orgId of orgIds) timeline.push(copyLine(orgId, event.globalPosition, event.streamId, event.streamRevision));
    }
    // A new subject always comes with its first row: no rows, nothing to write.
    if (timeline.length === 0) return;
    if (subjects.length > 0) {
      await client.query(
        `insert into read.timeline_subjects (stream_id, org_ids)
         select * from jsonb_to_recordset($1::jsonb) as s(stream_id text, org_ids text[])
         on conflict (stream_id) do nothing`,
        [JSON.stringify(subjects)],
      );
    }
    // Plain inserts, no `on conflict do nothing`: each event is applied once (its checkpoint
    // commits with it). A duplicate would be a runner's bug: it fails the batch.
    await copyRows(client, 'read.timeline', ['org_id', 'global_position', 'stream_id', 'stream_revision'], timeline);
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.timeline, read.timeline_subjects');
  }
}
