import type pg from 'pg';
import { streamCategory, type RecordedEvent } from '@app/kernel';
import type { Projection } from '@app/event-store';
import { decodeState, encodeState } from './state-codec.js';
import type { DeadlineSources } from './deadline-source.js';

/**
 * `read.deadlines`: one row per subject with a deadline (every kind), with the subject's folded
 * state, so each batch costs one read and one write however many events it holds. The light is
 * not stored: it depends on the clock and is computed when read.
 */
export class DeadlinesProjection implements Projection {
  readonly name = 'deadlines';

  constructor(private readonly sources: DeadlineSources) {}

  get categories(): string[] {
    return this.sources.categories();
  }

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      create table if not exists read.deadlines (
        stream_id         text primary key,
        kind              text not null,
        subject_id        text,
        title             text,
        target_org_id     text,
        supervisor_org_id text,
        original_due_at   timestamptz,
        due_at            timestamptz,
        version           integer,
        status            text,
        escalation_level  smallint not null default 0,
        closed_at         timestamptz,
        state             jsonb not null
      );
      create index if not exists deadlines_open_due on read.deadlines (due_at) where status = 'open';
      create index if not exists deadlines_open_target on read.deadlines (target_org_id, due_at) where status = 'open';
      create index if not exists deadlines_supervisor on read.deadlines (supervisor_org_id, kind);`);
  }

  async apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const streams = [...new Set(events.map((e) => e.streamId))];
    const { rows } = await client.query<{ stream_id: string; state: unknown }>(
      'select stream_id, state from read.deadlines where stream_id = any($1::text[])',
      [streams],
    );
    const states = new Map<string, unknown>(rows.map((r) => [r.stream_id, decodeState(r.state)]));
    for (const event of events) {
      const source = this.sources.forCategory(streamCategory(event.streamId));
      if (!source) continue;
      const state = states.has(event.streamId) ? states.get(event.streamId) : source.initialState();
      states.set(event.streamId, source.evolve(state, { type: event.type, data: event.data }));
    }
    const changed = streams.filter((s) => states.has(s));
    if (changed.length === 0) return;
    const columns: unknown[][] = Array.from({ length: 13 }, () => []);
    for (const streamId of changed) {
      const source = this.sources.forCategory(streamCategory(streamId))!;
      const state = states.get(streamId);
      const subject = source.describe(state, streamId);
      const d = subject?.deadline;
      const values = [
        streamId,
        source.kind,
        subject?.subjectId ?? null,
        subject?.title ?? null,
        subject?.targetOrgId ?? null,
        subject?.supervisorOrgId ?? null,
        d?.originalDueAt.toISOString() ?? null,
        d?.dueAt.toISOString() ?? null,
        d?.version ?? null,
        d?.status ?? null,
        d?.escalationLevel ?? 0,
        d?.closedAt?.toISOString() ?? null,
        JSON.stringify(encodeState(state)),
      ];
      values.forEach((v, i) => columns[i]!.push(v));
    }
    await client.query(
      `insert into read.deadlines (stream_id, kind, subject_id, title, target_org_id, supervisor_org_id, original_due_at,
         due_at, version, status, escalation_level, closed_at, state)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
         $8::timestamptz[], $9::int[], $10::text[], $11::smallint[], $12::timestamptz[], $13::jsonb[])
       on conflict (stream_id) do update set
         kind = excluded.kind, subject_id = excluded.subject_id, title = excluded.title,
         target_org_id = excluded.target_org_id, supervisor_org_id = excluded.supervisor_org_id,
         original_due_at = excluded.original_due_at, due_at = excluded.due_at, version = excluded.version,
         status = excluded.status, escalation_level = excluded.escalation_level, closed_at = excluded.closed_at,
         state = excluded.state`,
      columns,
    );
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.deadlines');
  }
}
