import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Database, pastDueSql } from '@app/platform';
import type { KnownFacts } from '../domain/report-prefill.js';
import { deriveReportStatus, type ReportMatrixStatus, type ReportStatus } from '../domain/report.decider.js';

export interface MatrixRow {
  orgId: string;
  orgName: string;
  status: ReportMatrixStatus;
  late: boolean;
  dueAt: string;
  submittedAt: string | null;
}

export class MatrixRowResponse {
  @ApiProperty() orgId!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty({ enum: ['due', 'draft', 'submitted', 'returned', 'accepted', 'overdue'] }) status!: string;
  @ApiProperty() late!: boolean;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ nullable: true, type: String }) submittedAt!: string | null;
}

export interface SummaryFigure {
  name: string;
  total: number;
  values: Array<{ orgId: string; orgName: string; value: number }>;
}

export interface ReportSummary {
  period: string;
  /** Which reports count: only content that has been submitted (submitted or accepted). */
  counted: Array<{ orgId: string; orgName: string; status: 'submitted' | 'accepted' }>;
  figures: SummaryFigure[];
}

export interface TimelinessRow {
  orgId: string;
  orgName: string;
  /** Obligations in the periods asked for. */
  reports: number;
  onTime: number;
  /** First submitted after the due time (迟报). */
  late: number;
  /** Still not submitted and past the due time at `now` (逾期未报). */
  overdue: number;
  /** The ladder recorded the deadline as missed (DeadlineMissed), whether submitted later or not. */
  missed: number;
}

/** `null` scope root: everything (admin). Otherwise the subtree of that organisation, filtered in SQL. */
function scopeClause(params: unknown[], scopeRootId: string | null, alias = 'o'): string {
  if (scopeRootId === null) return 'true';
  params.push(scopeRootId);
  const p = `$${params.length}`;
  return `(${alias}.id = ${p} or ${alias}.ancestors @> array[${p}::text])`;
}

/** Queries over the reporting read models (and the organisation tree, for names and scope). */
@Injectable()
export class ReportQueries {
  constructor(private readonly database: Database) {}

  /** The submission matrix of a period; overdue is derived from `now`. */
  async matrix(period: string, scopeRootId: string | null, now: Date): Promise<MatrixRow[]> {
    const params: unknown[] = [period];
    const scope = scopeClause(params, scopeRootId);
    const { rows } = await this.database.pool.query<{
      org_id: string; org_name: string; status: ReportStatus; late: boolean; due_at: Date; submitted_at: Date | null;
    }>(
      `select r.org_id, o.name as org_name, r.status, r.late, r.due_at, r.submitted_at
       from read.reports r join read.organizations o on o.id = r.org_id
       where r.period = $1 and ${scope}
       order by o.ancestors, r.org_id`,
      params,
    );
    return rows.map((r) => ({
      orgId: r.org_id,
      orgName: r.org_name,
      // The decider's rule, at read time: overdue is never stored.
      status: deriveReportStatus(r.status, r.due_at, now),
      late: r.late,
      dueAt: r.due_at.toISOString(),
      submittedAt: r.submitted_at?.toISOString() ?? null,
    }));
  }

  /** Per figure, the sum and each organisation's value, over the reports submitted or accepted. */
  async summary(period: string, scopeRootId: string | null): Promise<ReportSummary> {
    const params: unknown[] = [period];
    const scope = scopeClause(params, scopeRootId);
    const counted = await this.database.pool.query<{ org_id: string; org_name: string; status: 'submitted' | 'accepted' }>(
      `select r.org_id, o.name as org_name, r.status
       from read.reports r join read.organizations o on o.id = r.org_id
       where r.period = $1 and r.status in ('submitted', 'accepted') and ${scope}
       order by o.ancestors, r.org_id`,
      params,
    );
    // numeric keeps amounts with 2 decimals exact in the sum.
    const values = await this.database.pool.query<{ name: string; org_id: string; org_name: string; value: string; total: string }>(
      `select f.key as name, r.org_id, o.name as org_name, f.value::numeric as value,
              sum(f.value::numeric) over (partition by f.key) as total
       from read.reports r join read.organizations o on o.id = r.org_id
       cross join lateral jsonb_each_text(r.figures) f
       where r.period = $1 and r.status in ('submitted', 'accepted') and ${scope} and jsonb_typeof(r.figures -> f.key) = 'number'
       order by f.key, o.ancestors, r.org_id`,
      params,
    );
    const figures = new Map<string, SummaryFigure>();
    for (const row of values.rows) {
      let figure = figures.get(row.name);
      if (!figure) {
        figure = { name: row.name, total: Number(row.total), values: [] };
        figures.set(row.name, figure);
      }
      figure.values.push({ orgId: row.org_id, orgName: row.org_name, value: Number(row.value) });
    }
    return {
      period,
      counted: counted.rows.map((r) => ({ orgId: r.org_id, orgName: r.org_name, status: r.status })),
      figures: [...figures.values()],
    };
  }

  /** Late and overdue counts per organisation over the given periods (for the rankings). */
  async timeliness(periods: string[], scopeRootId: string | null, now: Date): Promise<TimelinessRow[]> {
    const params: unknown[] = [periods];
    const overdue = pastDueSql('t.due_at', now, (value) => `$${params.push(value)}`);
    const scope = scopeClause(params, scopeRootId);
    const { rows } = await this.database.pool.query<{
      org_id: string; org_name: string; reports: string; on_time: string; late: string; overdue: string; missed: string;
    }>(
      `select t.org_id, o.name as org_name, count(*) as reports,
              count(*) filter (where t.first_submitted_at is not null and not t.submitted_late) as on_time,
              count(*) filter (where t.submitted_late) as late,
              count(*) filter (where t.first_submitted_at is null and ${overdue}) as overdue,
              count(*) filter (where t.deadline_missed) as missed
       from read.report_timeliness t join read.organizations o on o.id = t.org_id
       where t.period = any($1::text[]) and ${scope}
       group by t.org_id, o.name, o.ancestors
       order by o.ancestors, t.org_id`,
      params,
    );
    return rows.map((r) => ({
      orgId: r.org_id,
      orgName: r.org_name,
      reports: Number(r.reports),
      onTime: Number(r.on_time),
      late: Number(r.late),
      overdue: Number(r.overdue),
      missed: Number(r.missed),
    }));
  }

  /** What the system knows about the organisation in [from, to] (notices and fulfilled pledge items, from reporting's own projections). */
  async knownFacts(orgId: string, from: Date, to: Date): Promise<KnownFacts> {
    const { rows } = await this.database.pool.query<{ issued: string; closed: string; closed_on_time: string }>(
      `select count(*) filter (where issued_at between $2 and $3 and not withdrawn) as issued,
              count(*) filter (where closed_at between $2 and $3) as closed,
              count(*) filter (where closed_at between $2 and $3 and closed_on_time) as closed_on_time
       from read.report_notice_facts where target_org_id = $1`,
      [orgId, from.toISOString(), to.toISOString()],
    );
    const row = rows[0]!;
    const pledges = await this.database.pool.query<{ fulfilled: string }>(
      `select count(*) as fulfilled from read.report_pledge_facts where target_org_id = $1 and fulfilled_at between $2 and $3`,
      [orgId, from.toISOString(), to.toISOString()],
    );
    return {
      noticesIssued: Number(row.issued),
      noticesClosed: Number(row.closed),
      noticesClosedOnTime: Number(row.closed_on_time),
      pledgesFulfilled: Number(pledges.rows[0]!.fulfilled),
    };
  }

  /** Every organisation that could owe a report (the admin's and the job's opening). */
  async allOrganisations(): Promise<Array<{ id: string; kind: string; parentId: string | null }>> {
    const { rows } = await this.database.pool.query<{ id: string; kind: string; parent_id: string | null }>(
      `select id, kind, parent_id from read.organizations where not merged order by id`,
    );
    return rows.map((r) => ({ id: r.id, kind: r.kind, parentId: r.parent_id }));
  }
}
