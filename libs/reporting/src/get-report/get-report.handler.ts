import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReportReader, type ReportView } from '../application/report-reader.js';
import { GetReportQuery } from './get-report.query.js';

/** Content, status (overdue derived at read time), late flag, due and submitted times, history; a prefilled draft while none exists. */
@QueryHandler(GetReportQuery)
export class GetReportHandler implements IQueryHandler<GetReportQuery> {
  constructor(private readonly reader: ReportReader) {}

  execute({ actor, orgId, period }: GetReportQuery): Promise<ReportView> {
    return this.reader.get(actor, orgId, period);
  }
}
