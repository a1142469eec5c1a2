import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import type { Projection } from '@app/event-store';

/** Fields of event data that name an organisation the event concerns. */
export const ORG_FIELDS = ['orgId', 'targetOrgId', 'issuerOrgId', 'supervisorOrgId'] as const;

/** Never copied into a summary, whatever the event. */
const SECRET_KEY = /password|secret|token/i;
const SUMMARY_MAX_CHARS = 4000;

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
 * The event's data without secrets, cut to its scalar fields when it is large, as the JSON text
 * the timeline stores, serialised once (a rebuild does this for every event).
 */
export function summaryJsonOf(data: unknown): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return '{}';
  // Nearly every event has no secret to leave out: its data as it is, without a cleaned copy first.
  if (plainWithoutSecrets(data)) {
    const text = JSON.stringify(data);
    if (text.length <= SUMMARY_MAX_CHARS) return text;
  }
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEY.test(k)).map(([k, v]) => [k, clean(v)]));
    }
    return value;
  };
  const summary = clean(data) as Record<string, unknown>;
  const text = JSON.stringify(summary);
  if (text.length <= SUMMARY_MAX_CHARS) return text;
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(summary).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v) && String(v).length <= 200),
    ),
  );
}

/** Whether `value` is plain JSON data (as parsed from the store) with no key `clean` would leave out. */
function plainWithoutSecrets(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(plainWithoutSecrets);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(value)) {
    if (SECRET_KEY.test(key) || !plainWithoutSecrets((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * `read.timeline`: each event once per organisation it concerns, as a narrow row pointing at
 * `read.timeline_entries`, which holds the event's summary once however many timelines file it
 * (a rebuild wrote ~1.9 summaries per event before, most of its WAL: bench:province). The
 * organisations come from the event's own fields and, for a subject's stream (a notice, a report,
 * a conversation), from the stream's first event, remembered in `read.timeline_subjects`: a later
 * event such as `ReminderSent` names no organisation but belongs on the same timelines.
 */
export class TimelineProjection implements Projection {
  readonly name = 'access.timeline';

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      -- The shape before the entries table (a summary per organisation row) is replaced, and the
      -- timeline replayed from the start (once; the runner reads its checkpoint after this setup).
      do $$ begin
        if exists (select 1 from information_schema.columns where table_schema = 'read' and table_name = 'timeline' and column_name = 'summary') then
          drop table if exists read.timeline;
          drop table if exists read.timeline_subjects;
          if to_regclass('read.checkpoints') is not null then
            delete from read.checkpoints where name = 'access.timeline';
          end if;
        end if;
      end $$;
      create table if not exists read.timeline_entries (
        global_position bigint primary key,
        stream_id       text not null,
        type            text not null,
        occurred_at     timestamptz not null,
        actor_id        text,
        summary         jsonb not null
      );
      create table if not exists read.timeline (
        org_id          text not null,
        global_position bigint not null,
        primary key (org_id, global_position)
      );
      create table if not exists read.timeline_subjects (
        stream_id text primary key,
        org_ids   text[] not null
      );`);
  }

  /**
   * A batch costs four statements however many events it holds: the subjects it touches are
   * read once, new subjects, entries and timeline rows are written with one multi-row insert each.
   */
  async apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const known = new Map<string, string[]>();
    const streams = [...new Set(events.map((e) => e.streamId))];
    const { rows } = await client.query<{ stream_id: string; org_ids: string[] }>(
      'select stream_id, org_ids from read.timeline_subjects where stream_id = any($1::text[])',
      [streams],
    );
    for (const row of rows) known.set(row.stream_id, row.org_ids);

    // New subjects, entries and the timeline's rows, each as one JSON document (jsonb_to_recordset),
    // serialised once: arrays of texts (unnest) had node-postgres escape every quote of every summary.
    const subjects: Array<{ stream_id: string; org_ids: string[] }> = [];
    const entries: string[] = [];
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
      if (orgIds.length === 0) continue;
      // The entry's JSON written by hand: the summary is JSON text already.
      entries.push(
        `{"global_position":${event.globalPosition},"stream_id":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)},` +
          `"occurred_at":"${event.occurredAt.toISOString()}","actor_id":${JSON.stringify(event.metadata?.actorId ?? null)},"summary":${summaryJsonOf(event.data)}}`,
      );
      for (const orgId of orgIds) timeline.push(`{"org_id":${JSON.stringify(orgId)},"global_position":${event.globalPosition}}`);
    }
    // A new subject always comes with its first entry: no entries, nothing to write.
    if (entries.length === 0) return;
    // One statement, one round trip, for the three inserts (data-modifying CTEs all run): in a
    // rebuild the timeline is the longest chain of round trips, each waiting its turn on the
    // rebuild's one busy thread (bench:province).
    // Entries and rows are plain inserts, no `on conflict do nothing`: each event is applied once (its checkpoint commits
    // with it), and a speculative insert costs twice the CPU and a WAL record more per row
    // (600,000 rows per county rebuild). A duplicate would be a runner's bug: it fails the batch.
    await client.query(
      `with new_subjects as (
         insert into read.timeline_subjects (stream_id, org_ids)
         select * from jsonb_to_recordset($1::jsonb) as s(stream_id text, org_ids text[])
         on conflict (stream_id) do nothing
       ), new_entries as (
         insert into read.timeline_entries (global_position, stream_id, type, occurred_at, actor_id, summary)
         select * from jsonb_to_recordset($2::jsonb)
           as e(global_position bigint, stream_id text, type text, occurred_at timestamptz, actor_id text, summary jsonb)
       )
       insert into read.timeline (org_id, global_position)
       select * from jsonb_to_recordset($3::jsonb) as t(org_id text, global_position bigint)`,
      [JSON.stringify(subjects), `[${entries.join(',')}]`, `[${timeline.join(',')}]`],
    );
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.timeline, read.timeline_entries, read.timeline_subjects');
  }
}
