import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';
import type { ReportSummary } from '../read-models/report-queries.js';

export class GetReportSummaryQuery extends Query<ReportSummary> {
  constructor(readonly actor: Actor, readonly period: string) {
    super();
  }
}
