import { Injectable } from '@nestjs/common';
import { Database, onTimeSql } from '@app/platform';
import { DEDUCTION_KEYS, INDICATOR_KEYS, type DeductionKey, type IndicatorKey } from '../domain/scheme.js';
import type { ScoringInput } from '../domain/scoring.js';

export type OrgRecord = Pick<ScoringInput, 'indicators' | 'deductions'>;

function emptyRecord(): OrgRecord {
  return {
    indicators: Object.fromEntries(INDICATOR_KEYS.map((k) => [k, { onTime: 0, due: 0, eventIds: [] }])) as unknown as Record<IndicatorKey, { onTime: number; due: number; eventIds: string[] }>,
    deductions: Object.fromEntries(DEDUCTION_KEYS.map((k) => [k, { count: 0, eventIds: [] }])) as unknown as Record<DeductionKey, { count: number; eventIds: string[] }>,
  };
}

/**
 * The record of each organisation in a period as the store held it at `asOf`: what fell due in
 * the period (by its original due time) and had come due by then, what of it was done in time,
 * and the warnings and escalations received. Three indexed queries for all the organisations of
 * one ranking.
 */
@Injectable()
export class AssessmentFactsQuery {
  constructor(private readonly database: Database) {}

  async records(orgIds: string[], from: Date, to: Date, asOf: Date): Promise<Map<string, OrgRecord>> {
    const records = new Map<string, OrgRecord>(orgIds.map((id) => [id, emptyRecord()]));
    if (orgIds.length === 0) return records;
    const pool = this.database.pool;
    const [deadlines, items, penalties] = await Promise.all([
      pool.query<{ target_org_id: string; kind: string; on_time: boolean; closed: boolean; closed_event_id: string | null; live_event_id: string }>(
        `select target_org_id, kind, live_event_id, closed_event_id,
                (closed_recorded_at is not null and closed_recorded_at <= $4) as closed,
                (closed_recorded_at is not null and closed_recorded_at <= $4 and ${onTimeSql('original_due_at', 'closed_at')}) as on_time
           from read.assessment_deadlines
          where target_org_id = any($1::text[]) and kind in ('notice', 'report')
            and original_due_at >= $2 and original_due_at < $3 and original_due_at <= $4
            and live_recorded_at <= $4 and (withdrawn_recorded_at is null or withdrawn_recorded_at > $4)
          order by original_due_at, stream_id`,
        [orgIds, from, to, asOf],
      ),
      pool.query<{ target_org_id: string; on_time: boolean; fulfilled_event_id: string | null }>(
        `select target_org_id, fulfilled_event_id,
                (fulfilled_recorded_at is not null and fulfilled_recorded_at <= $4 and ${onTimeSql('due_at', 'fulfilled_at')}) as on_time
           from read.assessment_pledge_items
          where target_org_id = any($1::text[]) and due_at >= $2 and due_at < $3 and due_at <= $4 and live_recorded_at <= $4
          order by due_at, stream_id, item_id`,
        [orgIds, from, to, asOf],
      ),
      pool.query<{ target_org_id: string; kind: 'warning' | 'escalation'; event_id: string }>(
        `select target_org_id, kind, event_id from read.assessment_penalties
          where target_org_id = any($1::text[]) and at >= $2 and at < $3 and recorded_at <= $4
          order by at, event_id`,
        [orgIds, from, to, asOf],
      ),
    ]);
    for (const row of deadlines.rows) {
      const record = records.get(row.target_org_id);
      if (!record) continue;
      const indicator = record.indicators[row.kind === 'report' ? 'reportTimeliness' : 'rectificationOnTime'];
      indicator.due += 1;
      if (row.on_time) indicator.onTime += 1;
      indicator.eventIds.push(row.closed_event_id ?? row.live_event_id);
      if (row.kind !== 'report' || row.on_time) continue;
      const deduction = record.deductions[row.closed ? 'reportLate' : 'reportMissed'];
      deduction.count += 1;
      deduction.eventIds.push(row.closed_event_id ?? row.live_event_id);
    }
    for (const row of items.rows) {
      const indicator = records.get(row.target_org_id)?.indicators.pledgeFulfilment;
      if (!indicator) continue;
      indicator.due += 1;
      if (row.on_time) {
        indicator.onTime += 1;
        indicator.eventIds.push(row.fulfilled_event_id!);
      }
    }
    for (const row of penalties.rows) {
      const deduction = records.get(row.target_org_id)?.deductions[row.kind];
      if (!deduction) continue;
      deduction.count += 1;
      deduction.eventIds.push(row.event_id);
    }
    return records;
  }
}
