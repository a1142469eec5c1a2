import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { PrefilledDraft } from '../domain/report-prefill.js';
import { ReportReader } from '../application/report-reader.js';
import { PrefillReportQuery } from './prefill-report.query.js';

/** 一表通: the draft prefilled from the previous period and from what the system knows. */
@QueryHandler(PrefillReportQuery)
export class PrefillReportHandler implements IQueryHandler<PrefillReportQuery> {
  constructor(private readonly reader: ReportReader) {}

  execute({ actor, orgId, period }: PrefillReportQuery): Promise<PrefilledDraft> {
    return this.reader.prefill(actor, orgId, period);
  }
}
