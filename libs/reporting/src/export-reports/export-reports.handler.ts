import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AppConfig, Clock } from '@app/kernel';
import { readableScopeRoot } from '@app/access';
import { formatPeriod, parsePeriod } from '../domain/period.js';
import { ReportQueries } from '../read-models/report-queries.js';
import { buildReportWorkbook } from './report-workbook.js';
import { ExportReportsQuery, type ReportsWorkbook } from './export-reports.query.js';

/** The matrix (sheet 报送情况) and the summary (sheet 数据汇总) of a period as one Excel workbook. */
@QueryHandler(ExportReportsQuery)
export class ExportReportsHandler implements IQueryHandler<ExportReportsQuery> {
  constructor(private readonly queries: ReportQueries, private readonly clock: Clock, private readonly config: AppConfig) {}

  async execute({ actor, period }: ExportReportsQuery): Promise<ReportsWorkbook> {
    const formatted = formatPeriod(parsePeriod(period));
    const scope = readableScopeRoot(actor);
    const [matrix, summary] = await Promise.all([this.queries.matrix(formatted, scope, this.clock.now()), this.queries.summary(formatted, scope)]);
    const buffer = await buildReportWorkbook({ period: formatted, matrix, summary, tz: this.config.tzBusiness });
    return { period: formatted, buffer };
  }
}
