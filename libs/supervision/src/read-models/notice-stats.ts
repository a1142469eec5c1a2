/**
 * The monthly counters of `read.notice_stats` (per issuer, target and local month): the notices
 * projection adds to them, the stats query sums them over a period's months. Named once here, so
 * the projection's upsert, the query's sums and the answer's fields cannot drift apart.
 */
export const NOTICE_STATS_COUNTERS = [
  { key: 'issued', column: 'issued', sqlType: 'int' },
  { key: 'closed', column: 'closed', sqlType: 'int' },
  { key: 'closedOnTime', column: 'closed_on_time', sqlType: 'int' },
  { key: 'closeDays', column: 'close_days', sqlType: 'float8' },
  { key: 'reworks', column: 'reworks', sqlType: 'int' },
  { key: 'due', column: 'due', sqlType: 'int' },
  { key: 'dueClosedOnTime', column: 'due_closed_on_time', sqlType: 'int' },
  { key: 'withdrawn', column: 'withdrawn', sqlType: 'int' },
] as const;

export type NoticeStatsCounters = Record<(typeof NOTICE_STATS_COUNTERS)[number]['key'], number>;

export const zeroNoticeStats = (): NoticeStatsCounters =>
  Object.fromEntries(NOTICE_STATS_COUNTERS.map((counter) => [counter.key, 0])) as NoticeStatsCounters;

/** The select list that sums every counter; a row of it is a `NoticeStatsCounters`. */
export const NOTICE_STATS_SUMS_SQL = NOTICE_STATS_COUNTERS.map((c) => `sum(${c.column})::${c.sqlType} as "${c.key}"`).join(', ');

/**
 * Adds the given counters of (issuer, target, month) rows to `read.notice_stats` in one statement
 * (the rows as one JSON document, as the other projections write theirs).
 */
export function noticeStatsUpsert(rows: ReadonlyArray<NoticeStatsCounters & { issuerOrgId: string; targetOrgId: string; month: string }>): { text: string; values: unknown[] } {
  const counters = NOTICE_STATS_COUNTERS;
  return {
    text: `insert into read.notice_stats as s (issuer_org_id, target_org_id, month, ${counters.map((c) => c.column).join(', ')})
           select * from jsonb_to_recordset($1::jsonb)
             as d("issuerOrgId" text, "targetOrgId" text, "month" date, ${counters.map((c) => `"${c.key}" ${c.sqlType}`).join(', ')})
           on conflict (issuer_org_id, month, target_org_id) do update set
             ${counters.map((c) => `${c.column} = s.${c.column} + excluded.${c.column}`).join(', ')}`,
    values: [JSON.stringify(rows)],
  };
}
