import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';
import type { SupervisionStatsRequest } from './get-supervision-stats.request.dto.js';

export interface SupervisionCounts {
  /** Notices issued in the period. */
  issued: number;
  /** Notices closed (every item verified) in the period. */
  closed: number;
  /** Of those closed in the period, closed by their original due time. */
  closedOnTime: number;
  /** Notices (not withdrawn) whose original due time is in the period and has passed, or that closed already. */
  due: number;
  /** Of `due`, closed by the original due time. */
  dueClosedOnTime: number;
  /** 按期办结率 = dueClosedOnTime / due; null when nothing was due. */
  onTimeRate: number | null;
  /** Open notices issued by the period's end and past their current due time now. */
  overdueNow: number;
  /** Mean days from issue to closing, over the notices closed in the period. */
  averageDaysToClose: number | null;
  /** Items rejected for rework in the period. */
  reworkCount: number;
  withdrawn: number;
}

export interface SupervisionStatsRow extends SupervisionCounts {
  orgId: string;
  orgName: string | null;
}

export interface SupervisionStats {
  supervisorOrgId: string;
  period: string;
  from: string;
  to: string;
  asOf: string;
  rows: SupervisionStatsRow[];
  totals: SupervisionCounts;
}

export class GetSupervisionStatsQuery extends Query<SupervisionStats> {
  constructor(readonly actor: Actor, readonly request: SupervisionStatsRequest) {
    super();
  }
}
