import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import { applyToSubjectRows, foldAlone, holdingRowsThrough, streamsOf, type Fold, type Folds, type Projection, type SharedFolds, type SubjectRows, type ReadModelIndex } from '@app/event-store';
import { decodeState } from '@app/escalation';
import { reportDecider, returnsOf, type ReportState } from '../domain/report.decider.js';

/** The decider's own functions (by identity): a rebuild folds a report once for every projection that folds it with them. */
const reportFold = reportDecider as unknown as Fold<ReportState>;

/**
 * `read.reports`: one row per reporting obligation (the submission matrix and the figure
 * summary), and `read.report_timeliness`: per organisation and period, when it first reported
 * against its due time (late and overdue counts for the rankings). Both are folded with the
 * report decider's own `evolve` (the folded state is kept, so a batch costs one read): what a
 * status, a late submission or a return is, is decided there only. Overdue is not stored: it
 * depends on the clock and is derived when read.
 */
/** A report's folded state and the revision of the last event folded into it. */
interface FoldedReport {
  state: ReportState;
  revision: number;
}

export class ReportsProjection implements Projection, SubjectRows<FoldedReport, null> {
  readonly name = 'reports';
  readonly tables = ['read.reports', 'read.report_timeliness'];
  readonly categories = ['report'];
  readonly deferredIndexes: ReadModelIndex[] = [
    { name: 'reports_supervisor_period', table: 'read.reports', on: '(supervisor_org_id, period)' },
    { name: 'report_timeliness_period', table: 'read.report_timeliness', on: '(period)' },
  ];
  private folds: Folds = foldAlone;

  forRebuild(folds: SharedFolds): Projection {
    return holdingRowsThrough(this, folds);
  }

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
      -- Room on each page for a new version of its rows: a ladder event rewrites the folded state and
      -- no indexed column, so the update stays on its page (HOT) and writes no index.
      alter table read.reports set (fillfactor = 60);
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

  apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    return applyToSubjectRows(this, events, client);
  }

  subjectsOf(events: RecordedEvent[]): string[] {
    return streamsOf(events);
  }

  async load(client: pg.ClientBase, streams: string[]): Promise<Map<string, FoldedReport>> {
    const { rows } = await client.query<{ stream_id: string; state: unknown; revision: number }>(
      'select stream_id, state, revision from read.reports where stream_id = any($1::text[])',
      [streams],
    );
    return new Map(rows.map((r) => [r.stream_id, { state: decodeState<ReportState>(r.state), revision: r.revision }]));
  }

  noWrites(): null {
    return null;
  }

  fold(events: RecordedEvent[], folded: Map<string, FoldedReport>): void {
    for (const recorded of events) {
      const current = folded.get(recorded.streamId)?.state ?? this.folds.initial(reportFold);
      const state = this.folds.evolve(reportFold, current, recorded);
      folded.set(recorded.streamId, { state, revision: recorded.streamRevision });
    }
  }

  async store(client: pg.ClientBase, streams: string[], folded: Map<string, FoldedReport>): Promise<void> {
    // One statement per table for the whole batch (a ladder burst touches hundreds of reports per
    // batch: a round trip per row was most of this projection's time), each with its rows as one JSON
    // document (jsonb_to_recordset), serialised once. A timeliness row that would not change (a
    // reminder) is not written again.
    const reports: object[] = [];
    const timeliness: object[] = [];
    for (const streamId of streams) {
      const { state, revision } = folded.get(streamId)!;
      if (state.status === 'none' || !state.deadline) continue;
      reports.push({
        stream_id: streamId, org_id: state.orgId, period: state.period, supervisor_org_id: state.supervisorOrgId, status: state.status,
        late: state.late, due_at: state.deadline.dueAt, submitted_at: state.submittedAt, accepted_at: state.acceptedAt,
        figures: state.draft?.figures ?? {}, prefilled: state.draft?.prefilled ?? [], escalation_level: state.deadline.escalationLevel,
        revision, state: this.folds.encode(state),
      });
      timeliness.push({
        org_id: state.orgId, period: state.period, supervisor_org_id: state.supervisorOrgId, due_at: state.deadline.originalDueAt,
        first_submitted_at: state.firstSubmittedAt, submitted_late: state.firstSubmissionLate,
        deadline_missed: state.deadline.escalationLevel >= 1, returned_count: returnsOf(state),
      });
    }
    if (reports.length === 0) return;
    await client.query(
      `insert into read.reports (stream_id, org_id, period, supervisor_org_id, status, late, due_at, submitted_at, accepted_at,
                                 figures, prefilled, escalation_level, revision, state)
       select * from jsonb_to_recordset($1::jsonb)
         as r(stream_id text, org_id text, period text, supervisor_org_id text, status text, late boolean, due_at timestamptz,
              submitted_at timestamptz, accepted_at timestamptz, figures jsonb, prefilled text[], escalation_level smallint,
              revision integer, state jsonb)
       on conflict (stream_id) do update set
         status = excluded.status, late = excluded.late, due_at = excluded.due_at, submitted_at = excluded.submitted_at,
         accepted_at = excluded.accepted_at, figures = excluded.figures, prefilled = excluded.prefilled,
         escalation_level = excluded.escalation_level, revision = excluded.revision, state = excluded.state`,
      [JSON.stringify(reports)],
    );
    await client.query(
      `insert into read.report_timeliness as t (org_id, period, supervisor_org_id, due_at, first_submitted_at, submitted_late,
                                                deadline_missed, returned_count)
       select * from jsonb_to_recordset($1::jsonb)
         as r(org_id text, period text, supervisor_org_id text, due_at timestamptz, first_submitted_at timestamptz,
              submitted_late boolean, deadline_missed boolean, returned_count integer)
       on conflict (org_id, period) do update set
         due_at = excluded.due_at, first_submitted_at = excluded.first_submitted_at, submitted_late = excluded.submitted_late,
         deadline_missed = excluded.deadline_missed, returned_count = excluded.returned_count
       where (t.due_at, t.first_submitted_at, t.submitted_late, t.deadline_missed, t.returned_count)
             is distinct from (excluded.due_at, excluded.first_submitted_at, excluded.submitted_late, excluded.deadline_missed, excluded.returned_count)`,
      [JSON.stringify(timeliness)],
    );
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.reports, read.report_timeliness');
  }
}
