import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AppConfig, Clock, notFound } from '@app/kernel';
import { assertCanRead, OrganizationDirectory, ORG_NOT_FOUND } from '@app/access';
import { Database, lightSql } from '@app/platform';
import { formatPeriod, parsePeriod, periodEnd, periodMonths, periodStart } from '@app/reporting';
import { NOTICE_STATS_SUMS_SQL, zeroNoticeStats, type NoticeStatsCounters } from '../read-models/notice-stats.js';
import { GetSupervisionStatsQuery, type SupervisionCounts, type SupervisionStats, type SupervisionStatsRow } from './get-supervision-stats.query.js';

/** A target's monthly counters summed over the period, and what is counted at read time. */
type Raw = NoticeStatsCounters & { overdueNow: number; notYetDue: number };

const zero = (): Raw => ({ ...zeroNoticeStats(), overdueNow: 0, notYetDue: 0 });

function counts(raw: Raw): SupervisionCounts {
  const due = raw.due - raw.notYetDue;
  return {
    issued: raw.issued,
    closed: raw.closed,
    closedOnTime: raw.closedOnTime,
    due,
    dueClosedOnTime: raw.dueClosedOnTime,
    onTimeRate: due > 0 ? Math.round((raw.dueClosedOnTime / due) * 10_000) / 10_000 : null,
    overdueNow: raw.overdueNow,
    averageDaysToClose: raw.closed > 0 ? Math.round((raw.closeDays / raw.closed) * 10) / 10 : null,
    reworkCount: raw.reworks,
    withdrawn: raw.withdrawn,
  };
}

/**
 * Supervision metrics per target organisation and period. The counters come from monthly rows
 * (a year is at most 12 rows per target); what depends on the clock (overdue now, not yet due)
 * is counted at read time from the open notices, on partial indexes.
 */
@QueryHandler(GetSupervisionStatsQuery)
export class GetSupervisionStatsHandler implements IQueryHandler<GetSupervisionStatsQuery> {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly organizations: OrganizationDirectory,
  ) {}

  async execute({ actor, request }: GetSupervisionStatsQuery): Promise<SupervisionStats> {
    const org = await this.organizations.get(request.supervisorOrgId);
    if (!org) throw notFound(ORG_NOT_FOUND, 'Not found');
    assertCanRead(actor, org);
    return this.stats(org.id, request.period);
  }

  private async stats(supervisorOrgId: string, periodText: string): Promise<SupervisionStats> {
    const period = parsePeriod(periodText);
    const tz = this.config.tzBusiness;
    const from = periodStart(period, tz);
    const to = periodEnd(period, tz);
    const now = this.clock.now();
    // Months are stored as the first local day of the month; a period covers whole months.
    const months = periodMonths(period);
    const pool = this.database.pool;
    // Overdue now: the red light of an open notice (the kernel's light rule).
    const overdueParams: unknown[] = [supervisorOrgId, to];
    const overdue = lightSql('due_at', 'red', now, this.config.escalationPolicy.notice.yellowWithin, (value) => `$${overdueParams.push(value)}`);
    const [children, monthly, overdueNow, notYetDue] = await Promise.all([
      pool.query<{ id: string; name: string }>('select id, name from read.organizations where parent_id = $1 order by id', [supervisorOrgId]),
      pool.query<NoticeStatsCounters & { target_org_id: string }>(
        `select target_org_id, ${NOTICE_STATS_SUMS_SQL}
         from read.notice_stats
         where issuer_org_id = $1 and month >= $2::date and month < ($2::date + make_interval(months => $3))
         group by target_org_id`,
        [supervisorOrgId, months.first, months.count],
      ),
      pool.query<{ target_org_id: string; count: number }>(
        `select target_org_id, count(*)::int as count from read.notices
         where issuer_org_id = $1 and status in ('issued', 'in_progress') and issued_at <= $2 and ${overdue}
         group by target_org_id`,
        overdueParams,
      ),
      // Open notices whose original due time in the period is still ahead: not yet "due".
      pool.query<{ target_org_id: string; count: number }>(
        `select target_org_id, count(*)::int as count from read.notices
         where issuer_org_id = $1 and status in ('issued', 'in_progress')
           and original_due_at > greatest($2::timestamptz, $3::timestamptz - interval '1 millisecond') and original_due_at <= $4
         group by target_org_id`,
        [supervisorOrgId, now, from, to],
      ),
    ]);
    const byOrg = new Map<string, Raw>();
    const entry = (orgId: string) => {
      let raw = byOrg.get(orgId);
      if (!raw) byOrg.set(orgId, (raw = zero()));
      return raw;
    };
    for (const child of children.rows) entry(child.id);
    for (const { target_org_id: orgId, ...sums } of monthly.rows) Object.assign(entry(orgId), sums);
    for (const r of overdueNow.rows) entry(r.target_org_id).overdueNow = r.count;
    for (const r of notYetDue.rows) entry(r.target_org_id).notYetDue = r.count;
    const names = new Map(children.rows.map((c) => [c.id, c.name]));
    const total = zero();
    const rows: SupervisionStatsRow[] = [...byOrg.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([orgId, raw]) => {
        for (const key of Object.keys(total) as Array<keyof Raw>) total[key] += raw[key];
        return { orgId, orgName: names.get(orgId) ?? null, ...counts(raw) };
      });
    return {
      supervisorOrgId,
      period: formatPeriod(period),
      from: from.toISOString(),
      to: to.toISOString(),
      asOf: now.toISOString(),
      rows,
      totals: counts(total),
    };
  }
}
