import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, DEADLINE_KINDS, lightOf, type DeadlineKind, type EscalationLevel, type Light } from '@app/kernel';
import { Database } from '@app/platform';

export interface DeadlineRow {
  kind: DeadlineKind;
  subjectId: string;
  orgId: string;
  orgName: string | null;
  supervisorOrgId: string;
  title: string;
  dueAt: string;
  originalDueAt: string;
  light: Light;
  escalationLevel: EscalationLevel;
}

export interface DeadlineBoardFilter {
  /** null: every organisation (admin). Otherwise only subjects whose target is in this subtree. */
  scopeRootId: string | null;
  /** Narrow to the subtree of this organisation (already checked to be readable). */
  orgId?: string;
  kind?: DeadlineKind;
  light?: 'green' | 'yellow' | 'red';
  limit: number;
  offset: number;
}

/**
 * The board of open deadlines, soonest first. One indexed query: the scope is a join on the
 * organisation tree's ancestor array, the light a condition on due_at against the clock.
 */
@Injectable()
export class DeadlineBoardQuery {
  constructor(private readonly database: Database, private readonly clock: Clock, private readonly config: AppConfig) {}

  async list(filter: DeadlineBoardFilter): Promise<DeadlineRow[]> {
    const now = this.clock.now();
    const yellow = Object.fromEntries(DEADLINE_KINDS.map((k) => [k, this.config.escalationPolicy[k].yellowWithin]));
    const params: unknown[] = [now.toISOString(), JSON.stringify(yellow), filter.limit, filter.offset];
    // $1 and $2 are typed here: without a light filter nothing else uses them, and PostgreSQL
    // refuses a parameter whose type it cannot determine.
    const where = [`d.status = 'open'`, `$1::timestamptz is not null`, `$2::jsonb is not null`];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.scopeRootId) {
      const root = add(filter.scopeRootId);
      where.push(`(o.id = ${root} or o.ancestors @> array[${root}::text])`);
    }
    if (filter.orgId) {
      const org = add(filter.orgId);
      where.push(`(o.id = ${org} or o.ancestors @> array[${org}::text])`);
    }
    if (filter.kind) where.push(`d.kind = ${add(filter.kind)}`);
    const yellowEdge = `$1::timestamptz + make_interval(secs => (($2::jsonb ->> d.kind)::numeric / 1000)::double precision)`;
    if (filter.light === 'red') where.push(`d.due_at < $1::timestamptz`);
    if (filter.light === 'yellow') where.push(`d.due_at >= $1::timestamptz and d.due_at <= ${yellowEdge}`);
    if (filter.light === 'green') where.push(`d.due_at > ${yellowEdge}`);
    const { rows } = await this.database.pool.query<{
      kind: DeadlineKind; subject_id: string; target_org_id: string; org_name: string | null; supervisor_org_id: string;
      title: string; due_at: Date; original_due_at: Date; escalation_level: number; status: 'open';
    }>(
      `select d.kind, d.subject_id, d.target_org_id, o.name as org_name, d.supervisor_org_id, d.title, d.due_at,
              d.original_due_at, d.escalation_level, d.status
       from read.deadlines d
       join read.organizations o on o.id = d.target_org_id
       where ${where.join(' and ')}
       order by d.due_at, d.stream_id
       limit $3 offset $4`,
      params,
    );
    return rows.map((r) => ({
      kind: r.kind,
      subjectId: r.subject_id,
      orgId: r.target_org_id,
      orgName: r.org_name,
      supervisorOrgId: r.supervisor_org_id,
      title: r.title,
      dueAt: r.due_at.toISOString(),
      originalDueAt: r.original_due_at.toISOString(),
      light: lightOf({ status: 'open', dueAt: r.due_at, originalDueAt: r.original_due_at, closedAt: null }, now, yellow[r.kind]!),
      escalationLevel: r.escalation_level as EscalationLevel,
    }));
  }
}
