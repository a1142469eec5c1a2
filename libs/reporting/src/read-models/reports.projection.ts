import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import type { Projection } from '@app/event-store';
import type { ReportEvent } from '../domain/report.decider.js';

/**
 * `read.reports`: one row per reporting obligation (the submission matrix and the figure
 * summary), and `read.report_timeliness`: per organisation and period, when it first reported
 * against its due time (late and overdue counts for the rankings). Overdue is not stored: it
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
      create index if not exists report_timeliness_period on read.report_timeliness (period);`);
  }

  async apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as ReportEvent;
      const stream = recorded.streamId;
      const revision = recorded.streamRevision;
      switch (event.type) {
        case 'ReportingObligationOpened': {
          const d = event.data;
          await client.query(
            `insert into read.reports (stream_id, org_id, period, supervisor_org_id, status, due_at, revision)
             values ($1, $2, $3, $4, 'due', $5, $6) on conflict (stream_id) do nothing`,
            [stream, d.orgId, d.period, d.supervisorOrgId, d.dueAt, revision],
          );
          await client.query(
            `insert into read.report_timeliness (org_id, period, supervisor_org_id, due_at) values ($1, $2, $3, $4)
             on conflict (org_id, period) do nothing`,
            [d.orgId, d.period, d.supervisorOrgId, d.dueAt],
          );
          break;
        }
        case 'ReportDraftSaved':
          // A returned report stays "returned" while it is reworked (as in the decider).
          await client.query(
            `update read.reports set status = case when status = 'returned' then 'returned' else 'draft' end,
               figures = $2, prefilled = $3, revision = $4 where stream_id = $1`,
            [stream, JSON.stringify(event.data.figures), event.data.prefilled, revision],
          );
          break;
        case 'ReportSubmitted':
          await client.query(
            `update read.reports set status = 'submitted', late = $2, submitted_at = $3, revision = $4 where stream_id = $1`,
            [stream, event.data.late, event.data.submittedAt, revision],
          );
          await client.query(
            `update read.report_timeliness set first_submitted_at = coalesce(first_submitted_at, $3),
               submitted_late = coalesce(submitted_late, $4) where org_id = $1 and period = $2`,
            [event.data.orgId, event.data.period, event.data.submittedAt, event.data.late],
          );
          break;
        case 'ReportReturned':
          await client.query(`update read.reports set status = 'returned', revision = $2 where stream_id = $1`, [stream, revision]);
          await client.query(
            `update read.report_timeliness set returned_count = returned_count + 1 where org_id = $1 and period = $2`,
            [event.data.orgId, event.data.period],
          );
          break;
        case 'ReportAccepted':
          await client.query(`update read.reports set status = 'accepted', accepted_at = $2, revision = $3 where stream_id = $1`, [
            stream,
            event.data.acceptedAt,
            revision,
          ]);
          break;
        default: {
          // Ladder events (催报, missed, warning, escalation) carry no org id: find the row by stream.
          const level = { DeadlineMissed: 1, WarningIssued: 2, EscalatedToLeadership: 3 }[event.type as string] ?? null;
          await client.query(
            `update read.reports set revision = $2, escalation_level = greatest(escalation_level, coalesce($3::smallint, 0))
             where stream_id = $1`,
            [stream, revision, level],
          );
          if (event.type === 'DeadlineMissed') {
            await client.query(
              `update read.report_timeliness t set deadline_missed = true from read.reports r
               where r.stream_id = $1 and t.org_id = r.org_id and t.period = r.period`,
              [stream],
            );
          }
        }
      }
    }
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.reports, read.report_timeliness');
  }
}
