import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '@app/kernel';
import { readableScopeRoot } from '@app/access';
import { formatPeriod, parsePeriod } from '../domain/period.js';
import { ReportQueries, type MatrixRow } from '../read-models/report-queries.js';
import { GetReportMatrixQuery } from './get-report-matrix.query.js';

/** The submission matrix of a period for the caller's subtree; overdue is derived from the clock. */
@QueryHandler(GetReportMatrixQuery)
export class GetReportMatrixHandler implements IQueryHandler<GetReportMatrixQuery> {
  constructor(private readonly queries: ReportQueries, private readonly clock: Clock) {}

  execute({ actor, period }: GetReportMatrixQuery): Promise<MatrixRow[]> {
    return this.queries.matrix(formatPeriod(parsePeriod(period)), readableScopeRoot(actor), this.clock.now());
  }
}
