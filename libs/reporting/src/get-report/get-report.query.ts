import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';
import type { ReportView } from '../application/report-reader.js';

export class GetReportQuery extends Query<ReportView> {
  constructor(readonly actor: Actor, readonly orgId: string, readonly period: string) {
    super();
  }
}
