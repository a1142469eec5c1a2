import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AppConfig, Clock, lightOf, notFound, type EscalationLevel } from '@app/kernel';
import { assertCanRead, OrganizationDirectory, ORG_NOT_FOUND, readableScopeRoot } from '@app/access';
import { closedLightSql, Database, lightSql } from '@app/platform';
import type { NoticeStatus } from '../domain/notice.decider.js';
import { ListNoticesQuery, type NoticeListFilter, type NoticeSummary } from './list-notices.query.js';

/**
 * `GET /notices`: scoped in SQL (a join on the organisation tree's ancestor array), the light a
 * condition on the due time against the clock, newest first. Eventually consistent with the
 * streams (GET /notices/:id reads the stream itself).
 */
@QueryHandler(ListNoticesQuery)
export class ListNoticesHandler implements IQueryHandler<ListNoticesQuery> {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly organizations: OrganizationDirectory,
  ) {}

  /** A filter on an organisation the caller may not read is a 404, as for an unknown one. */
  async execute({ actor, request }: ListNoticesQuery): Promise<NoticeSummary[]> {
    for (const orgId of [request.targetOrgId, request.issuerOrgId]) {
      if (!orgId) continue;
      const org = await this.organizations.get(orgId);
      if (!org) throw notFound(ORG_NOT_FOUND, 'Not found');
      assertCanRead(actor, org);
    }
    return this.list({
      scopeRootId: readableScopeRoot(actor),
      targetOrgId: request.targetOrgId,
      issuerOrgId: request.issuerOrgId,
      status: request.status,
      light: request.light,
      limit: request.limit ?? 100,
      offset: request.offset ?? 0,
    });
  }

  private async list(filter: NoticeListFilter): Promise<NoticeSummary[]> {
    const now = this.clock.now();
    const yellowMs = this.config.escalationPolicy.notice.yellowWithin;
    const params: unknown[] = [filter.limit, filter.offset];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (filter.scopeRootId) {
      const root = add(filter.scopeRootId);
      where.push(`(o.id = ${root} or o.ancestors @> array[${root}::text])`);
    }
    if (filter.targetOrgId) where.push(`n.target_org_id = ${add(filter.targetOrgId)}`);
    if (filter.issuerOrgId) where.push(`n.issuer_org_id = ${add(filter.issuerOrgId)}`);
    if (filter.status) where.push(`n.status = ${add(filter.status)}`);
    if (filter.light) {
      const light = filter.light;
      if (light === 'closed_on_time' || light === 'closed_late') {
        where.push(`n.status in ('closed', 'withdrawn') and ${closedLightSql('n.original_due_at', 'n.closed_at', light)}`);
      } else {
        where.push(`n.status in ('issued', 'in_progress') and ${lightSql('n.due_at', light, now, yellowMs, add)}`);
      }
    }
    const { rows } = await this.database.pool.query<{
      id: string; issuer_org_id: string; target_org_id: string; org_name: string | null; title: string; severity: string;
      status: NoticeStatus; issued_at: Date; original_due_at: Date; due_at: Date; closed_at: Date | null;
      escalation_level: number; extensions: number; items: NoticeSummary['items']; revision: number;
    }>(
      `select n.id, n.issuer_org_id, n.target_org_id, o.name as org_name, n.title, n.severity, n.status, n.issued_at,
              n.original_due_at, n.due_at, n.closed_at, n.escalation_level, n.extensions, n.items, n.revision
       from read.notices n
       join read.organizations o on o.id = n.target_org_id
       ${where.length ? `where ${where.join(' and ')}` : ''}
       order by n.issued_at desc, n.id desc
       limit $1 offset $2`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      issuerOrgId: r.issuer_org_id,
      targetOrgId: r.target_org_id,
      targetOrgName: r.org_name,
      title: r.title,
      severity: r.severity,
      status: r.status,
      issuedAt: r.issued_at.toISOString(),
      items: r.items,
      deadline: {
        originalDueAt: r.original_due_at.toISOString(),
        dueAt: r.due_at.toISOString(),
        light: lightOf(
          { status: r.status === 'closed' ? 'closed' : r.status === 'withdrawn' ? 'withdrawn' : 'open', dueAt: r.due_at, originalDueAt: r.original_due_at, closedAt: r.closed_at },
          now,
          yellowMs,
        ),
        escalationLevel: r.escalation_level as EscalationLevel,
        extensions: r.extensions,
      },
      revision: r.revision,
    }));
  }
}
