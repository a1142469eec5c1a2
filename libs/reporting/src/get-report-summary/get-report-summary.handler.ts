import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { readableScopeRoot } from '@app/access';
import { formatPeriod, parsePeriod } from '../domain/period.js';
import { ReportQueries, type ReportSummary } from '../read-models/report-queries.js';
import { GetReportSummaryQuery } from './get-report-summary.query.js';

/** Per figure, the sum and each organisation's value, over the submitted and accepted reports in scope. */
@QueryHandler(GetReportSummaryQuery)
export class GetReportSummaryHandler implements IQueryHandler<GetReportSummaryQuery> {
  constructor(private readonly queries: ReportQueries) {}

  execute({ actor, period }: GetReportSummaryQuery): Promise<ReportSummary> {
    return this.queries.summary(formatPeriod(parsePeriod(period)), readableScopeRoot(actor));
  }
}
