import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import type { Projection } from '@app/event-store';
import { decodeState, encodeState } from '@app/escalation';
import { reportDecider, returnsOf, type ReportEvent, type ReportState } from '../domain/report.decider.js';

/**
 * `read.reports`: one row per reporting obligation (the submission matrix and the figure
 * summary), and `read.report_timeliness`: per organisation and period, when it first reported
 * against its due time (late and overdue counts for the rankings). Both are folded with the
 * report decider's own `evolve` (the folded state is kept, so a batch costs one read): what a
 * status, a late submission or a return is, is decided there only. Overdue is not stored: it
 * depends on the clock and is derived when read.
 */
export class ReportsProjection implements Projection {
  readonly name = 'reports';
  readonly categories = ['report'];

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      create table if not exists read.reports (
        stream_id          text primary key,
        org_id             text not null,
        period             text not null,
        supervisor_org_id  text not null,
        status             text not null,
        late               boolean not null default false,
        due_at             timestamptz not null,
        submitted_at       timestamptz,
        accepted_at        timestamptz,
        figures            jsonb not null default '{}',
        prefilled          text[] not null default '{}',
        escalation_level   smallint not null default 0,
        revision           integer not null,
        unique (period, org_id)
      );
      create index if not exists reports_supervisor_period on read.reports (supervisor_org_id, period);
      create table if not exists read.report_timeliness (
        org_id             text not null,
        period             text not null,
        supervisor_org_id  text not null,
        due_at             timestamptz not null,
        first_submitted_at timestamptz,
        -- the first submission decides: a later resubmission after a return is rework, not lateness
        submitted_late     boolean,
        -- the ladder recorded the deadline as missed (DeadlineMissed on the report's stream)
        deadline_missed    boolean not null default false,
        returned_count     integer not null default 0,
        primary key (org_id, period)
      );
      create index if not exists report_timeliness_period on read.report_timeliness (period);
      alter table read.reports add column if not exists state jsonb;
      -- Rows written before the folded state was kept cannot be folded further: start again from
      -- the events (once; the runner reads its checkpoint after this setup).
      do $$ begin
        if exists (select 1 from read.reports where state is null) then
          truncate read.reports, read.report_timeliness;
          delete from read.checkpoints where name = 'reports';
        end if;
      end $$;`);
  }

  async apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const streams = [...new Set(events.map((e) => e.streamId))];
    const { rows } = await client.query<{ stream_id: string; state: unknown }>(
      'select stream_id, state from read.reports where stream_id = any($1::text[])',
      [streams],
    );
    const folded = new Map<string, { state: ReportState; revision: number }>(
      rows.map((r) => [r.stream_id, { state: decodeState<ReportState>(r.state), revision: -1 }]),
    );
    for (const recorded of events) {
      const current = folded.get(recorded.streamId)?.state ?? reportDecider.initialState();
      const state = reportDecider.evolve(current, { type: recorded.type, data: recorded.data } as ReportEvent);
      folded.set(recorded.streamId, { state, revision: recorded.streamRevision });
    }
    for (const [streamId, { state, revision }] of folded) {
      if (revision === -1 || state.status === 'none' || !state.deadline) continue;
      await client.query(
        `insert into read.reports (stream_id, org_id, period, supervisor_org_id, status, late, due_at, submitted_at, accepted_at,
                                   figures, prefilled, escalation_level, revision, state)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         on conflict (stream_id) do update set
           status = excluded.status, late = excluded.late, due_at = excluded.due_at, submitted_at = excluded.submitted_at,
           accepted_at = excluded.accepted_at, figures = excluded.figures, prefilled = excluded.prefilled,
           escalation_level = excluded.escalation_level, revision = excluded.revision, state = excluded.state`,
        [
          streamId, state.orgId, state.period, state.supervisorOrgId, state.status, state.late, state.deadline.dueAt,
          state.submittedAt, state.acceptedAt, JSON.stringify(state.draft?.figures ?? {}), state.draft?.prefilled ?? [],
          state.deadline.escalationLevel, revision, JSON.stringify(encodeState(state)),
        ],
      );
      await client.query(
        `insert into read.report_timeliness (org_id, period, supervisor_org_id, due_at, first_submitted_at, submitted_late,
                                             deadline_missed, returned_count)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (org_id, period) do update set
           due_at = excluded.due_at, first_submitted_at = excluded.first_submitted_at, submitted_late = excluded.submitted_late,
           deadline_missed = excluded.deadline_missed, returned_count = excluded.returned_count`,
        [
          state.orgId, state.period, state.supervisorOrgId, state.deadline.originalDueAt, state.firstSubmittedAt,
          state.firstSubmissionLate, state.deadline.escalationLevel >= 1, returnsOf(state),
        ],
      );
    }
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.reports, read.report_timeliness');
  }
}
